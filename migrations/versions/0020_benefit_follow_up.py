"""Benefit follow-up: each benefit line's period and kind of value, its measurements, and the reminders sent.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06

* ``benefit_lines`` gains ``follow_up_period`` (quarterly, half-yearly, yearly; default yearly), ``value_kind``
  (NULL: derived from the benefit type), and a stored drop (``follow_up_status``, ``dropped_reason``,
  ``dropped_at``); its ``(id, tenant_id, shared_region_ids)`` becomes unique so rows below can follow it.
* ``benefit_measurements``: one measured amount or score per line and period, carrying the need's scope.
* ``benefit_reminders``: the claim of each reminder mail (due, overdue) per line and period, system-written.

Row-level security from the models' tenancy rules, frozen below (``samverka db policy-sql``).
"""

import rls
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

NEW_TABLES = ("benefit_measurements", "benefit_reminders")
LINE_CHECKS = {
    "follow_up_period": "follow_up_period IN ('quarterly', 'half_yearly', 'yearly')",
    "value_kind": "value_kind IS NULL OR value_kind IN ('money', 'hours', 'count', 'scale')",
    "dropped": "follow_up_status IS NULL OR (follow_up_status = 'dropped' AND dropped_reason IS NOT NULL"
    " AND dropped_at IS NOT NULL)",
}


def upgrade():
    postgres = rls.on_postgresql()
    _extend_lines()
    _create_tables(postgres)
    if not postgres:
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
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    with op.batch_alter_table("benefit_lines") as batch:
        batch.drop_constraint("uq_benefit_lines_scope", type_="unique")
        for name in LINE_CHECKS:
            batch.drop_constraint(op.f(f"ck_benefit_lines_{name}"), type_="check")
        for column in ("dropped_at", "dropped_reason", "follow_up_status", "value_kind", "follow_up_period"):
            batch.drop_column(column)


def _extend_lines():
    with op.batch_alter_table("benefit_lines") as batch:
        batch.add_column(sa.Column("follow_up_period", sa.String(length=16), nullable=False, server_default="yearly"))
        batch.add_column(sa.Column("value_kind", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("follow_up_status", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("dropped_reason", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("dropped_at", sa.DateTime(), nullable=True))
        for name, condition in LINE_CHECKS.items():
            batch.create_check_constraint(op.f(f"ck_benefit_lines_{name}"), condition)
        batch.create_unique_constraint("uq_benefit_lines_scope", ["id", "tenant_id", "shared_region_ids"])


def _scope_columns(postgres):
    kind = postgresql.ARRAY(sa.Integer()) if postgres else sa.JSON()
    empty = sa.text("'{}'") if postgres else sa.text("'[]'")
    return (
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("shared_region_ids", kind, nullable=False, server_default=empty),
    )


def _follows_line(table):
    return sa.ForeignKeyConstraint(
        ["line_id", "tenant_id", "shared_region_ids"],
        ["benefit_lines.id", "benefit_lines.tenant_id", "benefit_lines.shared_region_ids"],
        name=f"fk_{table}_scope",
        onupdate="CASCADE",
        ondelete="CASCADE",
    )


def _indexes(table):
    with op.batch_alter_table(table) as batch:
        batch.create_index(batch.f(f"ix_{table}_line_id"), ["line_id"], unique=False)
        batch.create_index(batch.f(f"ix_{table}_tenant_id"), ["tenant_id"], unique=False)


def _create_tables(postgres):
    op.create_table(
        "benefit_measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        *_scope_columns(postgres),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("measured_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("(amount IS NULL) <> (score IS NULL)", name=op.f("ck_benefit_measurements_one_value")),
        sa.CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name=op.f("ck_benefit_measurements_score")),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_benefit_measurements_period")),
        _follows_line("benefit_measurements"),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_benefit_measurements_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_measurements")),
        sa.UniqueConstraint("line_id", "period_start", name="uq_benefit_measurements_period"),
    )
    _indexes("benefit_measurements")
    op.create_table(
        "benefit_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        *_scope_columns(postgres),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('due', 'overdue')", name=op.f("ck_benefit_reminders_kind")),
        _follows_line("benefit_reminders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_reminders")),
        sa.UniqueConstraint("line_id", "period_start", "kind", name="uq_benefit_reminders_sent"),
    )
    _indexes("benefit_reminders")


# Generated by `samverka db policy-sql` from the models' tenancy rules on 2026-12-06, and frozen here.
POLICIES = {
    "benefit_measurements": [
        "CREATE POLICY read ON benefit_measurements FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0))))",
        "CREATE POLICY write_insert ON benefit_measurements FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('tenant:benefits:measure')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:benefits:measure'))::int[])))",
        "CREATE POLICY write_update ON benefit_measurements FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('tenant:benefits:measure')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:benefits:measure'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('tenant:benefits:measure')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:benefits:measure'))::int[])))",
        "CREATE POLICY write_delete ON benefit_measurements FOR DELETE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('tenant:benefits:measure')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:benefits:measure'))::int[])))",
    ],
    "benefit_reminders": [
        "CREATE POLICY read ON benefit_reminders FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0))))",
        "CREATE POLICY write_insert ON benefit_reminders FOR INSERT WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_update ON benefit_reminders FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON benefit_reminders FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
}
