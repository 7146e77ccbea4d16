"""A joint procurement's documents (versioned, checked by content) and its recorded tenders and evaluation.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

New tables, each carrying its procurement's region (composite foreign keys to ``joint_procurements``
and, for a tender's answers and scores, to ``tenders``), with row-level security generated from their
tenancy rules (``samverka db policy-sql``, frozen below). No existing table changes.
"""

import rls
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# In the order they are created (parents first) and dropped (children first).
TABLES = (
    "award_criteria",
    "mandatory_requirements",
    "procurement_documents",
    "tenders",
    "award_recommendations",
    "tender_answers",
    "tender_scores",
)


def upgrade():
    _create_tables()
    if not rls.on_postgresql():
        return
    role = rls.app_role()
    for table in TABLES:
        rls.enable_and_force_rls(table)
        rls.execute_all(POLICIES[table])
        rls.grant_read_write(table, role)
        rls.grant_sequence(f"{table}_id_seq", role)


def downgrade():
    for table in reversed(TABLES):
        op.drop_table(table)


def _create_tables():
    op.create_table(
        "award_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.CheckConstraint("weight BETWEEN 1 AND 100", name=op.f("ck_award_criteria_weight")),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_award_criteria_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_award_criteria_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_criteria")),
        sa.UniqueConstraint("id", "region_id", name="uq_award_criteria_id_region"),
    )
    op.create_index(op.f("ix_award_criteria_procurement_id"), "award_criteria", ["procurement_id"], unique=False)
    op.create_index(op.f("ix_award_criteria_region_id"), "award_criteria", ["region_id"], unique=False)
    op.create_table(
        "mandatory_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("library_ref", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_mandatory_requirements_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_mandatory_requirements_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandatory_requirements")),
        sa.UniqueConstraint("id", "region_id", name="uq_mandatory_requirements_id_region"),
    )
    op.create_index(
        op.f("ix_mandatory_requirements_procurement_id"), "mandatory_requirements", ["procurement_id"], unique=False
    )
    op.create_index(op.f("ix_mandatory_requirements_region_id"), "mandatory_requirements", ["region_id"], unique=False)
    op.create_table(
        "procurement_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('competition_documents', 'requirement_specification', 'risk_assessment', 'evaluation_report', 'award_recommendation', 'contract', 'dpa')",
            name=op.f("ck_procurement_documents_kind"),
        ),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_procurement_documents_size")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_procurement_documents_version")),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_procurement_documents_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_procurement_documents_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_procurement_documents_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_documents")),
        sa.UniqueConstraint("procurement_id", "kind", "version", name="uq_procurement_documents_version"),
        sa.UniqueConstraint("storage_key", name=op.f("uq_procurement_documents_storage_key")),
    )
    op.create_index(
        op.f("ix_procurement_documents_procurement_id"), "procurement_documents", ["procurement_id"], unique=False
    )
    op.create_index(op.f("ix_procurement_documents_region_id"), "procurement_documents", ["region_id"], unique=False)
    op.create_table(
        "tenders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("supplier_name", sa.String(length=200), nullable=False),
        sa.Column("supplier_country", sa.String(length=2), nullable=False),
        sa.Column("supplier_orgnr", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("supplier_country IN ('NO', 'SE')", name=op.f("ck_tenders_supplier_country")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_tenders_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_tenders_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_tenders_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenders")),
        sa.UniqueConstraint("id", "region_id", name="uq_tenders_id_region"),
        sa.UniqueConstraint("procurement_id", "supplier_country", "supplier_orgnr", name="uq_tenders_supplier"),
    )
    op.create_index(op.f("ix_tenders_procurement_id"), "tenders", ["procurement_id"], unique=False)
    op.create_index(op.f("ix_tenders_region_id"), "tenders", ["region_id"], unique=False)
    op.create_table(
        "award_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("text_nb", sa.Text(), nullable=False),
        sa.Column("text_sv", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("points BETWEEN 0 AND 1000", name=op.f("ck_award_recommendations_points")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_award_recommendations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_award_recommendations_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_award_recommendations_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tender_id", "region_id"],
            ["tenders.id", "tenders.region_id"],
            name="fk_award_recommendations_tender",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_recommendations")),
    )
    op.create_index(
        op.f("ix_award_recommendations_procurement_id"), "award_recommendations", ["procurement_id"], unique=False
    )
    op.create_index(op.f("ix_award_recommendations_region_id"), "award_recommendations", ["region_id"], unique=False)
    op.create_index(op.f("ix_award_recommendations_tender_id"), "award_recommendations", ["tender_id"], unique=False)
    op.create_table(
        "tender_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_tender_answers_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id", "region_id"],
            ["mandatory_requirements.id", "mandatory_requirements.region_id"],
            name="fk_tender_answers_requirement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tender_id", "region_id"],
            ["tenders.id", "tenders.region_id"],
            name="fk_tender_answers_tender",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tender_answers")),
        sa.UniqueConstraint("tender_id", "requirement_id", name="uq_tender_answers_requirement"),
    )
    op.create_index(op.f("ix_tender_answers_region_id"), "tender_answers", ["region_id"], unique=False)
    op.create_index(op.f("ix_tender_answers_requirement_id"), "tender_answers", ["requirement_id"], unique=False)
    op.create_index(op.f("ix_tender_answers_tender_id"), "tender_answers", ["tender_id"], unique=False)
    op.create_table(
        "tender_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name=op.f("ck_tender_scores_score")),
        sa.ForeignKeyConstraint(
            ["criterion_id", "region_id"],
            ["award_criteria.id", "award_criteria.region_id"],
            name="fk_tender_scores_criterion",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_tender_scores_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tender_id", "region_id"],
            ["tenders.id", "tenders.region_id"],
            name="fk_tender_scores_tender",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tender_scores")),
        sa.UniqueConstraint("tender_id", "criterion_id", name="uq_tender_scores_criterion"),
    )
    op.create_index(op.f("ix_tender_scores_criterion_id"), "tender_scores", ["criterion_id"], unique=False)
    op.create_index(op.f("ix_tender_scores_region_id"), "tender_scores", ["region_id"], unique=False)
    op.create_index(op.f("ix_tender_scores_tender_id"), "tender_scores", ["tender_id"], unique=False)


# Generated by `samverka db policy-sql` from the models' tenancy rules on 2026-12-06, and frozen here.
POLICIES = {
    "award_criteria": [
        "CREATE POLICY read ON award_criteria FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:read'))::int[])))",
        "CREATE POLICY write_insert ON award_criteria FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_update ON award_criteria FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_delete ON award_criteria FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
    ],
    "award_recommendations": [
        "CREATE POLICY read ON award_recommendations FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:read'))::int[])))",
        "CREATE POLICY write_insert ON award_recommendations FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_update ON award_recommendations FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_delete ON award_recommendations FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
    ],
    "mandatory_requirements": [
        "CREATE POLICY read ON mandatory_requirements FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:read'))::int[])))",
        "CREATE POLICY write_insert ON mandatory_requirements FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_update ON mandatory_requirements FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_delete ON mandatory_requirements FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
    ],
    "procurement_documents": [
        "CREATE POLICY read ON procurement_documents FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:documents:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:documents:read'))::int[])))",
        "CREATE POLICY write_insert ON procurement_documents FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:documents:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:documents:write'))::int[])))",
        "CREATE POLICY write_update ON procurement_documents FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:documents:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:documents:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:documents:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:documents:write'))::int[])))",
        "CREATE POLICY write_delete ON procurement_documents FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:documents:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:documents:write'))::int[])))",
    ],
    "tender_answers": [
        "CREATE POLICY read ON tender_answers FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:read'))::int[])))",
        "CREATE POLICY write_insert ON tender_answers FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_update ON tender_answers FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_delete ON tender_answers FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
    ],
    "tender_scores": [
        "CREATE POLICY read ON tender_scores FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:read'))::int[])))",
        "CREATE POLICY write_insert ON tender_scores FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_update ON tender_scores FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_delete ON tender_scores FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
    ],
    "tenders": [
        "CREATE POLICY read ON tenders FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:read'))::int[])))",
        "CREATE POLICY write_insert ON tenders FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_update ON tenders FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
        "CREATE POLICY write_delete ON tenders FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:tenders:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:tenders:write'))::int[])))",
    ],
}
