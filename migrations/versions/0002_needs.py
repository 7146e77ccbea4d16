"""Needs, their CPV codes, submissions and history; benefit templates, plans and lines; row-level security.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The policies say what ``samverka.tenants.tenancy_rules`` says for the same tables.
A need is its tenant's; once submitted (any status but draft) it is also readable,
and its status movable, by the staff of the regions it was submitted to, and by no
other tenant. Its CPV codes, history and benefit plan follow it; only the owning
tenant writes codes, submissions and plans. A region's staff write its template.
The history is never updated; it is deleted only with a draft.
"""

import rls
import sqlalchemy as sa
from alembic import op
from rls import SYSTEM, ids

NEED_VISIBLE = (
    f"tenant_id = ANY({ids('tenant_ids')}) OR (status <> 'draft' AND EXISTS (SELECT 1 FROM need_submissions s"
    f" WHERE s.need_id = needs.id AND s.region_id = ANY({ids('admin_region_ids')})))"
)


def follows_need(table):
    return f"EXISTS (SELECT 1 FROM needs n WHERE n.id = {table}.need_id)"


def owned_need(table):
    return f"EXISTS (SELECT 1 FROM needs n WHERE n.id = {table}.need_id AND n.tenant_id = ANY({ids('tenant_ids')}))"


PLAN_VISIBLE = "EXISTS (SELECT 1 FROM benefit_plans p WHERE p.id = benefit_lines.plan_id)"
PLAN_OWNED = (
    f"EXISTS (SELECT 1 FROM benefit_plans p JOIN needs n ON n.id = p.need_id"
    f" WHERE p.id = benefit_lines.plan_id AND n.tenant_id = ANY({ids('tenant_ids')}))"
)

# table -> (USING, WITH CHECK)
POLICIES = {
    "needs": (NEED_VISIBLE, None),
    "need_submissions": (
        f"tenant_id = ANY({ids('tenant_ids')}) OR region_id = ANY({ids('admin_region_ids')})",
        f"tenant_id = ANY({ids('tenant_ids')})",
    ),
    "need_cpv_codes": (follows_need("need_cpv_codes"), owned_need("need_cpv_codes")),
    "benefit_templates": (f"region_id = ANY({ids('region_ids')})", f"region_id = ANY({ids('admin_region_ids')})"),
    "benefit_plans": (follows_need("benefit_plans"), owned_need("benefit_plans")),
    "benefit_lines": (PLAN_VISIBLE, PLAN_OWNED),
}
# The history is never changed; it goes only with a draft its municipality deletes.
# (policy, command, USING, WITH CHECK)
HISTORY_POLICIES = (
    ("read", "SELECT", f"{SYSTEM} OR {follows_need('need_events')}", None),
    ("record", "INSERT", None, f"{SYSTEM} OR {follows_need('need_events')}"),
    (
        "forget_draft",
        "DELETE",
        f"{SYSTEM} OR EXISTS (SELECT 1 FROM needs n WHERE n.id = need_events.need_id"
        f" AND n.status = 'draft' AND n.tenant_id = ANY({ids('tenant_ids')}))",
        None,
    ),
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    _create_needs()
    _create_benefit_tables()
    if rls.on_postgresql():
        _secure_postgresql(rls.app_role())


def _secure_postgresql(app_role):
    for table, (using, check) in POLICIES.items():
        rls.enable_and_force_rls(table)
        rls.tenancy_policy(table, f"{SYSTEM} OR {using}", f"{SYSTEM} OR {check or using}")
        rls.grant_read_write(table, app_role)
    rls.enable_and_force_rls("need_events")
    rls.command_policies("need_events", HISTORY_POLICIES)
    rls.grant("SELECT, INSERT, DELETE", "need_events", app_role)
    rls.grant_all_sequences(app_role)


def _level(area):
    return sa.CheckConstraint(
        f"{area} IS NULL OR {area} IN ('negligible', 'moderate', 'significant', 'severe')",
        name=op.f(f"ck_needs_{area}"),
    )


def _create_needs():
    op.create_table(
        "needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("current_solution", sa.String(length=200), nullable=True),
        sa.Column("current_supplier", sa.String(length=200), nullable=True),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("contract_extendable_to", sa.Date(), nullable=True),
        sa.Column("desired_start", sa.String(length=7), nullable=True),
        sa.Column("one_off_cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("annual_cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("processes_personal_data", sa.Boolean(), nullable=False),
        sa.Column("confidentiality", sa.String(length=16), nullable=True),
        sa.Column("integrity", sa.String(length=16), nullable=True),
        sa.Column("availability", sa.String(length=16), nullable=True),
        sa.Column("traceability", sa.String(length=16), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('new_solution', 'replacement', 'major_upgrade', 'initiative')", name=op.f("ck_needs_kind")
        ),
        sa.CheckConstraint(
            "category IN ('software_licences', 'business_systems', 'it_hardware', 'welfare_technology', "
            "'it_as_a_service', 'it_consultants', 'telecom', 'other_it')",
            name=op.f("ck_needs_category"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'under_consideration', 'joined', 'own_procurement', "
            "'withdrawn', 'reported', 'closed')",
            name=op.f("ck_needs_status"),
        ),
        sa.CheckConstraint("currency IN ('NOK', 'SEK')", name=op.f("ck_needs_currency")),
        sa.CheckConstraint("one_off_cost_minor >= 0 AND annual_cost_minor >= 0", name=op.f("ck_needs_costs")),
        sa.CheckConstraint(
            "contract_extendable_to IS NULL OR contract_extendable_to >= contract_end", name=op.f("ck_needs_extension")
        ),
        *(_level(area) for area in ("confidentiality", "integrity", "availability", "traceability")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_needs_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_needs_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
        sa.UniqueConstraint("id", "tenant_id", name="uq_needs_id_tenant"),
    )
    op.create_index(op.f("ix_needs_tenant_id"), "needs", ["tenant_id"], unique=False)

    op.create_table(
        "need_cpv_codes",
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.CheckConstraint("length(code) = 8", name=op.f("ck_need_cpv_codes_code")),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_need_cpv_codes_need_id_needs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("need_id", "code", name=op.f("pk_need_cpv_codes")),
    )
    op.create_index(op.f("ix_need_cpv_codes_code"), "need_cpv_codes", ["code"], unique=False)

    op.create_table(
        "need_submissions",
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id", "tenant_id"],
            ["needs.id", "needs.tenant_id"],
            name="fk_need_submissions_need_tenant",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_need_submissions_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_need_submissions_submitted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("need_id", "region_id", name=op.f("pk_need_submissions")),
    )
    op.create_index(op.f("ix_need_submissions_region_id"), "need_submissions", ["region_id"], unique=False)
    op.create_index(op.f("ix_need_submissions_tenant_id"), "need_submissions", ["tenant_id"], unique=False)

    op.create_table(
        "need_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_need_events_actor_user_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_need_events_need_id_needs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_events")),
    )
    op.create_index(op.f("ix_need_events_need_id"), "need_events", ["need_id"], unique=False)


def _create_benefit_tables():
    op.create_table(
        "benefit_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("benefit_types", sa.JSON(), nullable=False),
        sa.Column("required_fields", sa.JSON(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_benefit_templates_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_benefit_templates_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_templates")),
        sa.UniqueConstraint("region_id", name=op.f("uq_benefit_templates_region_id")),
    )
    op.create_table(
        "benefit_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_benefit_plans_need_id_needs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_plans")),
        sa.UniqueConstraint("need_id", name=op.f("uq_benefit_plans_need_id")),
    )
    op.create_table(
        "benefit_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("benefit_type", sa.String(length=32), nullable=False),
        sa.Column("indicator", sa.String(length=200), nullable=True),
        sa.Column("unit", sa.String(length=50), nullable=True),
        sa.Column("baseline_value", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.Column("target_value", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("measurement", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "benefit_type IN ('cost_saved', 'cost_avoided', 'time_saved', 'quality', 'risk_reduced')",
            name=op.f("ck_benefit_lines_benefit_type"),
        ),
        sa.CheckConstraint(
            "target_date IS NULL OR baseline_date IS NULL OR target_date >= baseline_date",
            name=op.f("ck_benefit_lines_dates"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["benefit_plans.id"], name=op.f("fk_benefit_lines_plan_id_benefit_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_lines")),
    )
    op.create_index(op.f("ix_benefit_lines_plan_id"), "benefit_lines", ["plan_id"], unique=False)


def downgrade():
    op.drop_table("benefit_lines")
    op.drop_table("benefit_plans")
    op.drop_table("benefit_templates")
    op.drop_table("need_events")
    op.drop_table("need_submissions")
    op.drop_table("need_cpv_codes")
    op.drop_table("needs")
