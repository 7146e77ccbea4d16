"""Annual action plans, cost sharing and council votes; row-level security.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

The policies say what ``samverka.tenants.tenancy_rules`` says for the same tables:
plans and everything in them are read by the region's members, partners and staff
and written by its staff; a tenant's cost shares are read by that tenant and the
staff only; a vote is cast only by a user of the voting member tenant, and never
changed afterwards.
"""

import rls
import sqlalchemy as sa
from alembic import op
from rls import SYSTEM, foreign_key, ids

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

REGION_READ = f"{SYSTEM} OR region_id = ANY({ids('region_ids')})"
REGION_STAFF = f"{SYSTEM} OR region_id = ANY({ids('admin_region_ids')})"
OWN_SHARE = f"{REGION_STAFF} OR tenant_id = ANY({ids('tenant_ids')})"
VOTER = f"{SYSTEM} OR (tenant_id = ANY({ids('tenant_ids')}) AND region_id = ANY({ids('region_ids')}))"


def _staff_written(read):
    return [
        ("read", "SELECT", read, None),
        ("write_insert", "INSERT", None, REGION_STAFF),
        ("write_update", "UPDATE", REGION_STAFF, REGION_STAFF),
        ("write_delete", "DELETE", REGION_STAFF, None),
    ]


# table -> [(policy, command, USING, WITH CHECK)]
POLICIES = {
    "plan_settings": _staff_written(REGION_READ),
    "plan_fixed_shares": _staff_written(REGION_READ),
    "action_plans": _staff_written(REGION_READ),
    "plan_items": _staff_written(REGION_READ),
    "plan_item_participants": _staff_written(REGION_READ),
    "plan_item_shares": _staff_written(OWN_SHARE),
    "plan_votes": [("read", "SELECT", REGION_READ, None), ("cast_vote", "INSERT", None, VOTER)],
}


def upgrade():
    _create_tables()
    if rls.on_postgresql():
        _secure_postgresql(rls.app_role())


def _secure_postgresql(app_role):
    for table, policies in POLICIES.items():
        rls.enable_and_force_rls(table)
        rls.command_policies(table, policies)
        rls.grant_read_write(table, app_role)
    rls.grant_all_sequences(app_role)


def _region(table):
    return sa.Column("region_id", sa.Integer(), nullable=False), foreign_key(table, "region_id", "regions")


def _create_tables():
    op.create_table(
        "plan_settings",
        *_region("plan_settings"),
        sa.Column("cost_method", sa.String(16), nullable=False),
        sa.Column("equal_percent", sa.Integer(), nullable=False),
        sa.Column("approval_rule", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "cost_method IN ('equal', 'population', 'mix', 'fixed')", name=op.f("ck_plan_settings_cost_method")
        ),
        sa.CheckConstraint("approval_rule IN ('all', 'majority')", name=op.f("ck_plan_settings_approval_rule")),
        sa.CheckConstraint("equal_percent BETWEEN 0 AND 100", name=op.f("ck_plan_settings_equal_percent")),
        sa.PrimaryKeyConstraint("region_id", name=op.f("pk_plan_settings")),
    )
    op.create_table(
        "plan_fixed_shares",
        *_region("plan_fixed_shares"),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("basis_points", sa.Integer(), nullable=False),
        foreign_key("plan_fixed_shares", "tenant_id", "tenants"),
        sa.CheckConstraint("basis_points BETWEEN 0 AND 10000", name=op.f("ck_plan_fixed_shares_basis_points")),
        sa.PrimaryKeyConstraint("region_id", "tenant_id", name=op.f("pk_plan_fixed_shares")),
    )
    op.create_index(op.f("ix_plan_fixed_shares_tenant_id"), "plan_fixed_shares", ["tenant_id"])
    _create_plans()
    _create_items()
    _create_votes()


def _create_plans():
    op.create_table(
        "action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        *_region("action_plans"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("council_mailed_at", sa.DateTime(), nullable=True),
        foreign_key("action_plans", "previous_version_id", "action_plans", "SET NULL"),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'rejected', 'superseded')",
            name=op.f("ck_action_plans_status"),
        ),
        sa.CheckConstraint("currency IN ('NOK', 'SEK')", name=op.f("ck_action_plans_currency")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_action_plans_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plans")),
        sa.UniqueConstraint("region_id", "year", "version", name="uq_action_plans_version"),
    )
    op.create_index(op.f("ix_action_plans_region_id"), "action_plans", ["region_id"])


def _create_items():
    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        *_region("plan_items"),
        sa.Column("procurement_id", sa.Integer(), nullable=True),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("start_quarter", sa.String(7), nullable=False),
        sa.Column("responsible", sa.String(120), nullable=False),
        sa.Column("one_off_cost_minor", sa.BigInteger(), nullable=False),
        sa.Column("annual_cost_minor", sa.BigInteger(), nullable=False),
        sa.Column("budget_source", sa.String(8), nullable=False),
        sa.Column("outside_plan", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        foreign_key("plan_items", "plan_id", "action_plans"),
        foreign_key("plan_items", "procurement_id", "joint_procurements", "SET NULL"),
        foreign_key("plan_items", "need_id", "needs", "SET NULL"),
        sa.CheckConstraint("priority BETWEEN 1 AND 3", name=op.f("ck_plan_items_priority")),
        sa.CheckConstraint("budget_source IN ('plan', 'own')", name=op.f("ck_plan_items_budget_source")),
        sa.CheckConstraint(
            "category IN ('software_licences', 'business_systems', 'it_hardware', "
            "'welfare_technology', 'it_as_a_service', 'it_consultants', 'telecom', 'other_it')",
            name=op.f("ck_plan_items_category"),
        ),
        sa.CheckConstraint("one_off_cost_minor >= 0 AND annual_cost_minor >= 0", name=op.f("ck_plan_items_costs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_items")),
        sa.UniqueConstraint("plan_id", "procurement_id", name="uq_plan_items_procurement"),
        sa.UniqueConstraint("plan_id", "need_id", name="uq_plan_items_need"),
    )
    for column in ("plan_id", "region_id"):
        op.create_index(op.f(f"ix_plan_items_{column}"), "plan_items", [column])
    for table in ("plan_item_participants", "plan_item_shares"):
        amounts = (
            [
                sa.Column("one_off_minor", sa.BigInteger(), nullable=False),
                sa.Column("annual_minor", sa.BigInteger(), nullable=False),
                sa.CheckConstraint(
                    "one_off_minor >= 0 AND annual_minor >= 0", name=op.f("ck_plan_item_shares_amounts")
                ),
            ]
            if table == "plan_item_shares"
            else []
        )
        op.create_table(
            table,
            sa.Column("item_id", sa.Integer(), nullable=False),
            *_region(table),
            sa.Column("tenant_id", sa.Integer(), nullable=False),
            *amounts,
            foreign_key(table, "item_id", "plan_items"),
            foreign_key(table, "tenant_id", "tenants"),
            sa.PrimaryKeyConstraint("item_id", "tenant_id", name=op.f(f"pk_{table}")),
        )
        for column in ("region_id", "tenant_id"):
            op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def _create_votes():
    op.create_table(
        "plan_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        *_region("plan_votes"),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("voter_name", sa.String(120), nullable=False),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("acr", sa.String(64), nullable=False),
        sa.Column("voted_at", sa.DateTime(), nullable=False),
        foreign_key("plan_votes", "plan_id", "action_plans"),
        foreign_key("plan_votes", "tenant_id", "tenants"),
        foreign_key("plan_votes", "user_id", "users", "SET NULL"),
        sa.CheckConstraint("decision IN ('approve', 'reject')", name=op.f("ck_plan_votes_decision")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_votes")),
        sa.UniqueConstraint("plan_id", "tenant_id", name="uq_plan_votes_tenant"),
    )
    for column in ("plan_id", "region_id", "tenant_id"):
        op.create_index(op.f(f"ix_plan_votes_{column}"), "plan_votes", [column])


def downgrade():
    for table in (
        "plan_votes",
        "plan_item_shares",
        "plan_item_participants",
        "plan_items",
        "action_plans",
        "plan_fixed_shares",
        "plan_settings",
    ):
        op.drop_table(table)
