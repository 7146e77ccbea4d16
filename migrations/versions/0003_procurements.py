"""Joint procurements (draft), the needs they hold, and invitations to join them; row-level security.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The policies say what ``samverka.tenants.tenancy_rules`` says for the same tables.
An invitation to join is created by the region's staff and answered by the invited
tenant, so its policies are per command: the tenant may read and update its own,
never create or delete one.
"""

import rls
import sqlalchemy as sa
from alembic import op
from rls import SYSTEM, ids

REGION_READ = f"{SYSTEM} OR region_id = ANY({ids('region_ids')})"
REGION_STAFF = f"{SYSTEM} OR region_id = ANY({ids('admin_region_ids')})"
STAFF_OR_TENANT = f"{REGION_STAFF} OR tenant_id = ANY({ids('tenant_ids')})"
LINK_WRITE = f"{REGION_STAFF} OR (tenant_id = ANY({ids('tenant_ids')}) AND region_id = ANY({ids('region_ids')}))"

# table -> [(policy, command, USING, WITH CHECK)]
POLICIES = {
    "joint_procurements": [
        ("read", "SELECT", REGION_READ, None),
        ("write_insert", "INSERT", None, REGION_STAFF),
        ("write_update", "UPDATE", REGION_STAFF, REGION_STAFF),
        ("write_delete", "DELETE", REGION_STAFF, None),
    ],
    "procurement_needs": [
        ("read", "SELECT", REGION_READ, None),
        ("write_insert", "INSERT", None, LINK_WRITE),
        ("write_update", "UPDATE", LINK_WRITE, LINK_WRITE),
        ("write_delete", "DELETE", LINK_WRITE, None),
    ],
    "join_invitations": [
        ("read", "SELECT", STAFF_OR_TENANT, None),
        ("invite", "INSERT", None, REGION_STAFF),
        ("answer", "UPDATE", STAFF_OR_TENANT, STAFF_OR_TENANT),
        ("withdraw", "DELETE", REGION_STAFF, None),
    ],
}

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


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


def _create_tables():
    op.create_table(
        "joint_procurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("from_proposal_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "category IN ('software_licences', 'business_systems', 'it_hardware', 'welfare_technology', 'it_as_a_service', 'it_consultants', 'telecom', 'other_it')",
            name=op.f("ck_joint_procurements_category"),
        ),
        sa.CheckConstraint("status IN ('draft')", name=op.f("ck_joint_procurements_status")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_joint_procurements_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_joint_procurements_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_procurements")),
    )
    op.create_index(op.f("ix_joint_procurements_region_id"), "joint_procurements", ["region_id"], unique=False)
    op.create_table(
        "procurement_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_procurement_needs_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id"],
            ["joint_procurements.id"],
            name=op.f("fk_procurement_needs_procurement_id_joint_procurements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_procurement_needs_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_procurement_needs_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_needs")),
        sa.UniqueConstraint("procurement_id", "need_id", name="uq_procurement_needs_need"),
    )
    for column in ("procurement_id", "region_id", "need_id", "tenant_id"):
        op.create_index(op.f(f"ix_procurement_needs_{column}"), "procurement_needs", [column], unique=False)
    op.create_table(
        "join_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'joined', 'declined')", name=op.f("ck_join_invitations_status")),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_join_invitations_answered_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_join_invitations_invited_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_join_invitations_need_id_needs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id"],
            ["joint_procurements.id"],
            name=op.f("fk_join_invitations_procurement_id_joint_procurements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_join_invitations_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_join_invitations_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_join_invitations")),
        sa.UniqueConstraint("procurement_id", "tenant_id", name="uq_join_invitations_tenant"),
    )
    for column in ("procurement_id", "region_id", "tenant_id"):
        op.create_index(op.f(f"ix_join_invitations_{column}"), "join_invitations", [column], unique=False)


def downgrade():
    op.drop_table("join_invitations")
    op.drop_table("procurement_needs")
    op.drop_table("joint_procurements")
