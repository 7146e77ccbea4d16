"""The award: the coordinator's quality checks, every participant's approval, the decision, the contract's signing.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

Four tables, each carrying its procurement's region (composite keys to the procurement; the signing's
contract too), with row-level security from their tenancy rules, frozen below (``samverka db policy-sql``).
``award_approvals`` holds one row per participating municipality and recommendation (unique), so two
simultaneous decisions for one municipality cannot both count.
"""

import rls
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# In the order they are created (a signing names a contract; the others only the procurement).
NEW_TABLES = ("award_quality_checks", "award_approvals", "award_decisions", "contract_signings")


def upgrade():
    _create_tables()
    if not rls.on_postgresql():
        return
    role = rls.app_role()
    for table in NEW_TABLES:
        rls.enable_and_force_rls(table)
        rls.grant_read_write(table, role)
        rls.grant_sequence(f"{table}_id_seq", role)
        rls.execute_all(POLICIES[table])


def downgrade():
    for table in reversed(NEW_TABLES):
        op.drop_table(table)


def _create_tables():
    op.create_table(
        "contract_signings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("document_version", sa.Integer(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_by_name", sa.String(length=120), nullable=False),
        sa.Column("acr", sa.String(length=120), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id", "region_id"],
            ["contracts.id", "contracts.region_id"],
            name="fk_contract_signings_contract",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["procurement_documents.id"],
            name=op.f("fk_contract_signings_document_id_procurement_documents"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_contract_signings_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_contract_signings_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"], ["users.id"], name=op.f("fk_contract_signings_signed_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_signings")),
        sa.UniqueConstraint("procurement_id", name="uq_contract_signings_procurement"),
    )
    with op.batch_alter_table("contract_signings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_signings_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contract_signings_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contract_signings_procurement_id"), ["procurement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contract_signings_region_id"), ["region_id"], unique=False)

    op.create_table(
        "award_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("tenant_name", sa.String(length=200), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_name", sa.String(length=120), nullable=False),
        sa.Column("acr", sa.String(length=120), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(), nullable=True),
        sa.Column("mailed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("decision <> 'withdrawn' OR length(reason) > 0", name=op.f("ck_award_approvals_reason")),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('approved', 'withdrawn')", name=op.f("ck_award_approvals_decision")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_award_approvals_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_award_approvals_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["award_recommendations.id"],
            name=op.f("fk_award_approvals_recommendation_id_award_recommendations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_award_approvals_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_award_approvals_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_approvals")),
        sa.UniqueConstraint("procurement_id", "recommendation_id", "tenant_id", name="uq_award_approvals_tenant"),
    )
    with op.batch_alter_table("award_approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_approvals_procurement_id"), ["procurement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_award_approvals_recommendation_id"), ["recommendation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_award_approvals_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_award_approvals_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "award_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("standstill_days", sa.Integer(), nullable=False),
        sa.Column("standstill_ends_on", sa.Date(), nullable=False),
        sa.Column("mailed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_award_decisions_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["award_recommendations.id"],
            name=op.f("fk_award_decisions_recommendation_id_award_recommendations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_award_decisions_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_decisions")),
        sa.UniqueConstraint("procurement_id", name="uq_award_decisions_procurement"),
    )
    with op.batch_alter_table("award_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_decisions_procurement_id"), ["procurement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_award_decisions_recommendation_id"), ["recommendation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_award_decisions_region_id"), ["region_id"], unique=False)

    op.create_table(
        "award_quality_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("estimated_value_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.Column("checked_by_name", sa.String(length=120), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("mailed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "currency IS NULL OR currency IN ('NOK', 'SEK')", name=op.f("ck_award_quality_checks_currency")
        ),
        sa.CheckConstraint("outcome IN ('approved', 'returned')", name=op.f("ck_award_quality_checks_outcome")),
        sa.ForeignKeyConstraint(
            ["checked_by_id"],
            ["users.id"],
            name=op.f("fk_award_quality_checks_checked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_award_quality_checks_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["award_recommendations.id"],
            name=op.f("fk_award_quality_checks_recommendation_id_award_recommendations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_award_quality_checks_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_quality_checks")),
    )
    with op.batch_alter_table("award_quality_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_quality_checks_procurement_id"), ["procurement_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_award_quality_checks_recommendation_id"), ["recommendation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_award_quality_checks_region_id"), ["region_id"], unique=False)


POLICIES = {
    "award_approvals": [
        "CREATE POLICY read ON award_approvals FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON award_approvals FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:award:quality-check')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:award:quality-check'))::int[])))",
        "CREATE POLICY write_update ON award_approvals FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON award_approvals FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "award_decisions": [
        "CREATE POLICY read ON award_decisions FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON award_decisions FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:award:quality-check')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:award:quality-check'))::int[])))",
        "CREATE POLICY write_update ON award_decisions FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON award_decisions FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "award_quality_checks": [
        "CREATE POLICY read ON award_quality_checks FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON award_quality_checks FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:award:quality-check')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:award:quality-check'))::int[])))",
        "CREATE POLICY write_update ON award_quality_checks FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON award_quality_checks FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "contract_signings": [
        "CREATE POLICY read ON contract_signings FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON contract_signings FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:contract:sign')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contract:sign'))::int[])))",
        "CREATE POLICY write_update ON contract_signings FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON contract_signings FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
}
