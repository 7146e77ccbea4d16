"""A procurement's team, requirement sections, the region's requirement library, drawn requirements, risks.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06

* ``procurement_team_members``: team roles held in one procurement, read by the principal look-up: the
  procurement's id joins the member's scope (``procurement:*`` permissions).
* ``joint_procurements`` is read by its team members too: its read policy is replaced.
* Six new tables, each carrying its procurement's region (composite keys), with row-level security from
  their tenancy rules, frozen below (``samverka db policy-sql``).
* Needs already carry their classification (0002): nothing changes there.
"""

import rls
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

NEW_TABLES = (
    "procurement_team_members",
    "requirement_sections",
    "library_requirements",
    "procurement_requirements",
    "risk_assessments",
    "procurement_risks",
)


def upgrade():
    _create_tables()
    if not rls.on_postgresql():
        return
    role = rls.app_role()
    for table in NEW_TABLES:
        rls.enable_and_force_rls(table)
        rls.grant_read_write(table, role)
        rls.grant_sequence(f"{table}_id_seq", role)
    for table in POLICIES:
        rls.drop_policies_of(table)
        rls.execute_all(POLICIES[table])


def downgrade():
    if rls.on_postgresql():
        rls.drop_policies_of("joint_procurements")
        rls.execute_all(PROCUREMENT_POLICIES_0013)
    for table in reversed(NEW_TABLES):
        op.drop_table(table)


def _create_tables():
    op.create_table(
        "library_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("aspect", sa.String(length=16), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("title_nb", sa.String(length=200), nullable=False),
        sa.Column("title_sv", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("text_nb", sa.Text(), nullable=False),
        sa.Column("text_sv", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'security' AND aspect IN ('confidentiality', 'integrity', 'availability', 'traceability') AND level BETWEEN 1 AND 4) OR (kind <> 'security' AND aspect IS NULL AND level IS NULL)",
            name=op.f("ck_library_requirements_security_level"),
        ),
        sa.CheckConstraint(
            "kind IN ('security', 'accessibility', 'exit', 'crisis')", name=op.f("ck_library_requirements_kind")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_library_requirements_version")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_library_requirements_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_library_requirements_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_requirements")),
        sa.UniqueConstraint("region_id", "key", "version", name="uq_library_requirements_version"),
    )
    op.create_index(op.f("ix_library_requirements_region_id"), "library_requirements", ["region_id"], unique=False)
    op.create_table(
        "procurement_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("library_requirement_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("aspect", sa.String(length=16), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("drawn_by_id", sa.Integer(), nullable=True),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.Column("title_nb", sa.String(length=200), nullable=False),
        sa.Column("title_sv", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("text_nb", sa.Text(), nullable=False),
        sa.Column("text_sv", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'security' AND aspect IN ('confidentiality', 'integrity', 'availability', 'traceability') AND level BETWEEN 1 AND 4) OR (kind <> 'security' AND aspect IS NULL AND level IS NULL)",
            name=op.f("ck_procurement_requirements_security_level"),
        ),
        sa.CheckConstraint(
            "kind IN ('security', 'accessibility', 'exit', 'crisis')", name=op.f("ck_procurement_requirements_kind")
        ),
        sa.ForeignKeyConstraint(
            ["drawn_by_id"],
            ["users.id"],
            name=op.f("fk_procurement_requirements_drawn_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["library_requirement_id"],
            ["library_requirements.id"],
            name=op.f("fk_procurement_requirements_library_requirement_id_library_requirements"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_procurement_requirements_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_procurement_requirements_region_id_regions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_requirements")),
        sa.UniqueConstraint("procurement_id", "key", name="uq_procurement_requirements_key"),
    )
    op.create_index(
        op.f("ix_procurement_requirements_procurement_id"), "procurement_requirements", ["procurement_id"], unique=False
    )
    op.create_index(
        op.f("ix_procurement_requirements_region_id"), "procurement_requirements", ["region_id"], unique=False
    )
    op.create_table(
        "procurement_risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("consequence", sa.Integer(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "likelihood BETWEEN 1 AND 4 AND consequence BETWEEN 1 AND 4", name=op.f("ck_procurement_risks_scores")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_procurement_risks_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_procurement_risks_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_procurement_risks_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_risks")),
    )
    op.create_index(op.f("ix_procurement_risks_procurement_id"), "procurement_risks", ["procurement_id"], unique=False)
    op.create_index(op.f("ix_procurement_risks_region_id"), "procurement_risks", ["region_id"], unique=False)
    op.create_table(
        "procurement_team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=120), nullable=False),
        sa.Column("user_email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('user_representative', 'it_architecture', 'archive', 'data_protection_officer', 'purchaser', 'union_representative')",
            name=op.f("ck_procurement_team_members_role"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["users.id"],
            name=op.f("fk_procurement_team_members_assigned_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_organisations.id"],
            name=op.f("fk_procurement_team_members_partner_id_partner_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_procurement_team_members_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_procurement_team_members_region_id_regions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_procurement_team_members_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id", "user_name", "user_email"],
            ["users.id", "users.name", "users.email"],
            name="fk_procurement_team_members_user",
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_team_members")),
        sa.UniqueConstraint("procurement_id", "user_id", "role", name="uq_procurement_team_members_role"),
    )
    op.create_index(
        op.f("ix_procurement_team_members_procurement_id"), "procurement_team_members", ["procurement_id"], unique=False
    )
    op.create_index(
        op.f("ix_procurement_team_members_region_id"), "procurement_team_members", ["region_id"], unique=False
    )
    op.create_index(op.f("ix_procurement_team_members_user_id"), "procurement_team_members", ["user_id"], unique=False)
    op.create_table(
        "requirement_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('user_representative', 'it_architecture', 'archive', 'data_protection_officer', 'purchaser', 'union_representative')",
            name=op.f("ck_requirement_sections_role"),
        ),
        sa.CheckConstraint(
            "status IN ('not_started', 'in_progress', 'done')", name=op.f("ck_requirement_sections_status")
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_requirement_sections_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_requirement_sections_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_requirement_sections_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirement_sections")),
        sa.UniqueConstraint("procurement_id", "role", name="uq_requirement_sections_role"),
    )
    op.create_index(
        op.f("ix_requirement_sections_procurement_id"), "requirement_sections", ["procurement_id"], unique=False
    )
    op.create_index(op.f("ix_requirement_sections_region_id"), "requirement_sections", ["region_id"], unique=False)
    op.create_table(
        "risk_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("dpia_required", sa.Boolean(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name=op.f("ck_risk_assessments_status")),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_risk_assessments_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_risk_assessments_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_risk_assessments_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessments")),
        sa.UniqueConstraint("procurement_id", name="uq_risk_assessments_procurement"),
    )
    op.create_index(op.f("ix_risk_assessments_procurement_id"), "risk_assessments", ["procurement_id"], unique=False)
    op.create_index(op.f("ix_risk_assessments_region_id"), "risk_assessments", ["region_id"], unique=False)


# Generated by `samverka db policy-sql` from the models' tenancy rules on 2026-12-06, and frozen here.
POLICIES = {
    "joint_procurements": [
        "CREATE POLICY read ON joint_procurements FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])) OR (((SELECT samverka_everywhere('procurement:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('procurement:read'))::int[]))))",
        "CREATE POLICY write_insert ON joint_procurements FOR INSERT WITH CHECK ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[]))))",
        "CREATE POLICY write_update ON joint_procurements FOR UPDATE USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[])))) WITH CHECK ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[]))))",
        "CREATE POLICY write_delete ON joint_procurements FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])))",
    ],
    "procurement_team_members": [
        "CREATE POLICY read ON procurement_team_members FOR SELECT USING ((SELECT samverka_system()) OR (((((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])) OR (((SELECT samverka_everywhere('procurement:read')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:read'))::int[]))) OR user_id = (SELECT samverka_user_id())))",
        "CREATE POLICY write_insert ON procurement_team_members FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])))",
        "CREATE POLICY write_update ON procurement_team_members FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])))",
        "CREATE POLICY write_delete ON procurement_team_members FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])))",
    ],
    "requirement_sections": [
        "CREATE POLICY read ON requirement_sections FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])) OR (((SELECT samverka_everywhere('procurement:read')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:read'))::int[]))))",
        "CREATE POLICY write_insert ON requirement_sections FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((role IN ('user_representative')) AND (((SELECT samverka_everywhere('procurement:section:user_representative')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:user_representative'))::int[]))) OR ((role IN ('it_architecture')) AND (((SELECT samverka_everywhere('procurement:section:it_architecture')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:it_architecture'))::int[]))) OR ((role IN ('archive')) AND (((SELECT samverka_everywhere('procurement:section:archive')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:archive'))::int[]))) OR ((role IN ('data_protection_officer')) AND (((SELECT samverka_everywhere('procurement:section:data_protection_officer')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:data_protection_officer'))::int[]))) OR ((role IN ('purchaser')) AND (((SELECT samverka_everywhere('procurement:section:purchaser')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:purchaser'))::int[]))) OR ((role IN ('union_representative')) AND (((SELECT samverka_everywhere('procurement:section:union_representative')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:union_representative'))::int[])))))",
        "CREATE POLICY write_update ON requirement_sections FOR UPDATE USING ((SELECT samverka_system()) OR (((role IN ('user_representative')) AND (((SELECT samverka_everywhere('procurement:section:user_representative')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:user_representative'))::int[]))) OR ((role IN ('it_architecture')) AND (((SELECT samverka_everywhere('procurement:section:it_architecture')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:it_architecture'))::int[]))) OR ((role IN ('archive')) AND (((SELECT samverka_everywhere('procurement:section:archive')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:archive'))::int[]))) OR ((role IN ('data_protection_officer')) AND (((SELECT samverka_everywhere('procurement:section:data_protection_officer')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:data_protection_officer'))::int[]))) OR ((role IN ('purchaser')) AND (((SELECT samverka_everywhere('procurement:section:purchaser')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:purchaser'))::int[]))) OR ((role IN ('union_representative')) AND (((SELECT samverka_everywhere('procurement:section:union_representative')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:union_representative'))::int[]))))) WITH CHECK ((SELECT samverka_system()) OR (((role IN ('user_representative')) AND (((SELECT samverka_everywhere('procurement:section:user_representative')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:user_representative'))::int[]))) OR ((role IN ('it_architecture')) AND (((SELECT samverka_everywhere('procurement:section:it_architecture')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:it_architecture'))::int[]))) OR ((role IN ('archive')) AND (((SELECT samverka_everywhere('procurement:section:archive')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:archive'))::int[]))) OR ((role IN ('data_protection_officer')) AND (((SELECT samverka_everywhere('procurement:section:data_protection_officer')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:data_protection_officer'))::int[]))) OR ((role IN ('purchaser')) AND (((SELECT samverka_everywhere('procurement:section:purchaser')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:purchaser'))::int[]))) OR ((role IN ('union_representative')) AND (((SELECT samverka_everywhere('procurement:section:union_representative')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:section:union_representative'))::int[])))))",
        "CREATE POLICY write_delete ON requirement_sections FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "library_requirements": [
        "CREATE POLICY read ON library_requirements FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[]))))",
        "CREATE POLICY write_insert ON library_requirements FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:requirements:library')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:requirements:library'))::int[])))",
        "CREATE POLICY write_update ON library_requirements FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON library_requirements FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "procurement_requirements": [
        "CREATE POLICY read ON procurement_requirements FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])) OR (((SELECT samverka_everywhere('procurement:read')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:read'))::int[]))))",
        "CREATE POLICY write_insert ON procurement_requirements FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])))",
        "CREATE POLICY write_update ON procurement_requirements FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON procurement_requirements FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])))",
    ],
    "risk_assessments": [
        "CREATE POLICY read ON risk_assessments FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])) OR (((SELECT samverka_everywhere('procurement:read')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:read'))::int[]))))",
        "CREATE POLICY write_insert ON risk_assessments FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('procurement:risks:write')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:risks:write'))::int[])))",
        "CREATE POLICY write_update ON risk_assessments FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('procurement:risks:write')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:risks:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('procurement:risks:write')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:risks:write'))::int[])))",
        "CREATE POLICY write_delete ON risk_assessments FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "procurement_risks": [
        "CREATE POLICY read ON procurement_risks FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:team')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:team'))::int[])) OR (((SELECT samverka_everywhere('procurement:read')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:read'))::int[]))))",
        "CREATE POLICY write_insert ON procurement_risks FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('procurement:risks:write')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:risks:write'))::int[])))",
        "CREATE POLICY write_update ON procurement_risks FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('procurement:risks:write')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:risks:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('procurement:risks:write')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:risks:write'))::int[])))",
        "CREATE POLICY write_delete ON procurement_risks FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('procurement:risks:write')) AND procurement_id IS NOT NULL) OR procurement_id = ANY ((SELECT samverka_held('procurement:risks:write'))::int[])))",
    ],
}

# What 0013 froze for joint_procurements, restored by the downgrade.
PROCUREMENT_POLICIES_0013 = [
    "CREATE POLICY read ON joint_procurements FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
    "CREATE POLICY write_insert ON joint_procurements FOR INSERT WITH CHECK ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[]))))",
    "CREATE POLICY write_update ON joint_procurements FOR UPDATE USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[])))) WITH CHECK ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[]))))",
    "CREATE POLICY write_delete ON joint_procurements FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])))",
]
