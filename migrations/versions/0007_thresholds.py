"""Procurement thresholds per country and year; row-level security.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

Thresholds are global reference data: every principal reads them, only the platform
operator or the system writes them (``samverka.tenants.tenancy_rules`` says the same).
"""

import rls
import sqlalchemy as sa
from alembic import op
from rls import OPERATOR, SYSTEM

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WRITERS = f"{SYSTEM} OR {OPERATOR}"


def upgrade():
    op.create_table(
        "thresholds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("country IN ('NO', 'SE')", name=op.f("ck_thresholds_country")),
        sa.CheckConstraint(
            "(country = 'NO' AND kind IN ('national', 'eu_goods_services', 'eu_works'))"
            " OR (country = 'SE' AND kind IN ('direct_award', 'eu_goods_services', 'eu_works'))",
            name=op.f("ck_thresholds_kind"),
        ),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_thresholds_year")),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_thresholds_amount")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thresholds")),
        sa.UniqueConstraint("country", "year", "kind", name="uq_thresholds_country_year_kind"),
    )
    if rls.on_postgresql():
        app_role = rls.app_role()
        rls.enable_and_force_rls("thresholds")
        rls.create_policy("thresholds", "thresholds_read", command="SELECT", using="true")
        rls.create_policy("thresholds", "thresholds_write", using=WRITERS, check=WRITERS)
        rls.grant_read_write("thresholds", app_role)
        rls.grant_sequence("thresholds_id_seq", app_role)


def downgrade():
    op.drop_table("thresholds")
