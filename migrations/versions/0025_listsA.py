"""Indexes for the needs lists at national scale (issue 14).

Revision ID: 0025_listsA
Revises: 0024
Create Date: 2026-12-07

* ``ix_needs_id_listed``: a need's id with what the lists filter and sort on and what its row-level-security
  policy reads (tenant, shared regions). A region's needs are reached through its submissions, one need at a
  time by id: from this index alone PostgreSQL answers the region's list of ids, its quarters and the
  coordinator's count of new needs, without the table (measured on 25,880 needs: a sequential scan of all
  of them, about 16 to 80 ms, became about 2 to 10 ms).
* ``ix_need_submissions_region_submitted``: a region's submissions in the list's default order (newest first),
  with the tenant the policy reads.
* ``ix_needs_tenant_updated``: a municipality's needs in its list's default order (last changed first).
* The other lists' keyset orders within their scope, so a page is read in order and stops at its size:
  a region's joint procurements (newest first), its proposals (open first, best first) and a municipality's
  invitations to join (nearest deadline first).
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_listsA"
down_revision = "0024"
branch_labels = None
depends_on = None

LISTED = ["tenant_id", "shared_region_ids", "status", "category", "desired_start"]
LISTED += ["one_off_cost_minor", "annual_cost_minor", "updated_at"]
ORDERS = (
    ("ix_joint_procurements_region_created", "joint_procurements", ("region_id", "created_at DESC", "id DESC")),
    ("ix_match_proposals_region_order", "match_proposals", ("region_id", "status", "score DESC", "id")),
    ("ix_join_invitations_tenant_deadline", "join_invitations", ("tenant_id", "deadline", "id")),
)


def upgrade():
    op.create_index("ix_needs_id_listed", "needs", ["id"], postgresql_include=LISTED)
    op.create_index(
        "ix_need_submissions_region_submitted",
        "need_submissions",
        ["region_id", sa.text("submitted_at DESC"), sa.text("need_id DESC")],
        postgresql_include=["tenant_id"],
    )
    op.create_index("ix_needs_tenant_updated", "needs", ["tenant_id", sa.text("updated_at DESC"), sa.text("id DESC")])
    for name, table, columns in ORDERS:
        op.create_index(name, table, [sa.text(column) for column in columns])


def downgrade():
    for name, table, _columns in reversed(ORDERS):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_needs_tenant_updated", table_name="needs")
    op.drop_index("ix_need_submissions_region_submitted", table_name="need_submissions")
    op.drop_index("ix_needs_id_listed", table_name="needs")
