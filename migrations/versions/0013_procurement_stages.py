"""Joint procurements run through stages: the stage history, planned dates, and links between a restart and its original.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

* ``joint_procurements.status`` takes the stages (preparation to award recommendation, the later ones of
  contract and delivery, and cancelled); existing procurements stay drafts (the stage before preparation).
  ``planned_dates`` holds the date each stage should be reached; ``restarted_from_id``/``restarted_as_id``
  link a cancelled procurement and the one restarted from it.
* ``procurement_stage_changes`` is each procurement's history (who moved it, when, and why if cancelled):
  read with the procurement, written by who runs it, never changed.
* The region's purchaser now runs procurements (``region:procurements:run``): the policies of
  ``joint_procurements`` and ``procurement_needs`` are replaced by the ones the rules generate now.
"""

import rls
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

STAGES = (
    "draft",
    "preparation",
    "requirements",
    "competition",
    "evaluation",
    "award_recommendation",
    "quality_check",
    "approval",
    "award_decided",
    "standstill",
    "contract_signed",
    "dpa_signed",
    "delivered",
    "in_operation",
    "cancelled",
)
REASONS = ("no_acceptable_tender", "requirements_not_met", "budget", "changed_needs", "other")


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    with op.batch_alter_table("joint_procurements") as batch:
        batch.drop_constraint(op.f("ck_joint_procurements_status"), type_="check")
        batch.alter_column("status", type_=sa.String(length=32), existing_type=sa.String(length=16))
        batch.create_check_constraint(op.f("ck_joint_procurements_status"), _one_of("status", STAGES))
        batch.add_column(sa.Column("planned_dates", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("restarted_from_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("restarted_as_id", sa.Integer(), nullable=True))
        for column in ("restarted_from_id", "restarted_as_id"):
            batch.create_foreign_key(
                op.f(f"fk_joint_procurements_{column}_joint_procurements"),
                "joint_procurements",
                [column],
                ["id"],
                ondelete="SET NULL",
            )
    _create_history()
    if rls.on_postgresql():
        role = rls.app_role()
        rls.enable_and_force_rls("procurement_stage_changes")
        rls.grant_read_write("procurement_stage_changes", role)
        rls.grant_sequence("procurement_stage_changes_id_seq", role)
        for table in POLICIES:
            rls.drop_policies_of(table)
            rls.execute_all(POLICIES[table])


def _create_history():
    op.create_table(
        "procurement_stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=32), nullable=True),
        sa.Column("to_stage", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_by_name", sa.String(length=120), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("mailed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(_one_of("to_stage", STAGES), name=op.f("ck_procurement_stage_changes_to_stage")),
        sa.CheckConstraint(
            f"reason IS NULL OR {_one_of('reason', REASONS)}", name=op.f("ck_procurement_stage_changes_reason")
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_procurement_stage_changes_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_procurement_stage_changes_region_id_regions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_procurement_stage_changes_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_stage_changes")),
    )
    op.create_index(
        op.f("ix_procurement_stage_changes_procurement_id"), "procurement_stage_changes", ["procurement_id"]
    )
    op.create_index(op.f("ix_procurement_stage_changes_region_id"), "procurement_stage_changes", ["region_id"])


def downgrade():
    raise NotImplementedError("0013 replaces the procurements' policies: restore a backup taken before it")


# Generated by `samverka db policy-sql joint_procurements procurement_needs procurement_stage_changes` on
# 2026-12-06, and frozen here.
POLICIES = {
    "joint_procurements": [
        "CREATE POLICY read ON joint_procurements FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON joint_procurements FOR INSERT WITH CHECK ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[]))))",
        "CREATE POLICY write_update ON joint_procurements FOR UPDATE USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[])))) WITH CHECK ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[]))))",
        "CREATE POLICY write_delete ON joint_procurements FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])))",
    ],
    "procurement_needs": [
        "CREATE POLICY read ON procurement_needs FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON procurement_needs FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[]))) OR ((((SELECT samverka_everywhere('tenant:join:answer')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:answer'))::int[])) AND (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))))",
        "CREATE POLICY write_update ON procurement_needs FOR UPDATE USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR ((((SELECT samverka_everywhere('tenant:join:answer')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:answer'))::int[])) AND (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[]))))) WITH CHECK ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR ((((SELECT samverka_everywhere('tenant:join:answer')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:answer'))::int[])) AND (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))))",
        "CREATE POLICY write_delete ON procurement_needs FOR DELETE USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR ((((SELECT samverka_everywhere('tenant:join:answer')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:answer'))::int[])) AND (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))))",
    ],
    "procurement_stage_changes": [
        "CREATE POLICY read ON procurement_stage_changes FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON procurement_stage_changes FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:run')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:run'))::int[])))",
        "CREATE POLICY write_update ON procurement_stage_changes FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON procurement_stage_changes FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
}
