"""Match proposals: groups of needs proposed for a joint procurement; row-level security.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

A proposal names needs of several tenants, so only the region's own staff may read
or decide it (``samverka.tenants.tenancy_rules`` says the same).
"""

import rls
import sqlalchemy as sa
from alembic import op
from rls import SYSTEM, ids

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STAFF = f"{SYSTEM} OR region_id = ANY({ids('admin_region_ids')})"


def upgrade():
    op.create_table(
        "match_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("need_ids", sa.JSON(), nullable=False),
        sa.Column("tenant_ids", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("dismiss_reason", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("procurement_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'accepted', 'dismissed')", name=op.f("ck_match_proposals_status")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_match_proposals_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_match_proposals_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_proposals")),
        sa.UniqueConstraint("region_id", "signature", name="uq_match_proposals_signature"),
    )
    op.create_index(op.f("ix_match_proposals_region_id"), "match_proposals", ["region_id"], unique=False)
    if rls.on_postgresql():
        app_role = rls.app_role()
        rls.enable_and_force_rls("match_proposals")
        rls.tenancy_policy("match_proposals", STAFF)
        rls.grant_read_write("match_proposals", app_role)
        rls.grant_sequence("match_proposals_id_seq", app_role)


def downgrade():
    op.drop_index(op.f("ix_match_proposals_region_id"), table_name="match_proposals")
    op.drop_table("match_proposals")
