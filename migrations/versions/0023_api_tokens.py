"""A partner organisation's read-only API tokens.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06

* ``api_tokens``: one row per token a partner's reader created: its name, the first characters shown for
  recognition, the SHA-256 of the secret (never the secret), its expiry, last use and revocation. The
  partner is proven to be one of the token's region (a composite foreign key).

Row-level security from the model's tenancy rule, frozen below (``samverka db policy-sql``): the partner's
readers read and write their partner's tokens; no one deletes one (a revoked token stays).
"""

import rls
import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    _create_table()
    if not rls.on_postgresql():
        return
    role = rls.app_role()
    rls.enable_and_force_rls("api_tokens")
    rls.grant_read_write("api_tokens", role)
    rls.grant_sequence("api_tokens_id_seq", role)
    rls.drop_policies_of("api_tokens")
    rls.execute_all(POLICIES["api_tokens"])


def downgrade():
    op.drop_table("api_tokens")


def _create_table():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("use_audited_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("expires_at > created_at", name=op.f("ck_api_tokens_expiry")),
        sa.ForeignKeyConstraint(
            ["partner_id", "region_id"],
            ["partner_organisations.id", "partner_organisations.region_id"],
            name="fk_api_tokens_partner",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_api_tokens_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_api_tokens_revoked_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_api_tokens_region_id"), ["region_id"], unique=False)


POLICIES = {
    "api_tokens": [
        "CREATE POLICY read ON api_tokens FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('partner:tokens:write')) AND partner_id IS NOT NULL) OR partner_id = ANY ((SELECT samverka_held('partner:tokens:write'))::int[])))",
        "CREATE POLICY write_insert ON api_tokens FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('partner:tokens:write')) AND partner_id IS NOT NULL) OR partner_id = ANY ((SELECT samverka_held('partner:tokens:write'))::int[])))",
        "CREATE POLICY write_update ON api_tokens FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('partner:tokens:write')) AND partner_id IS NOT NULL) OR partner_id = ANY ((SELECT samverka_held('partner:tokens:write'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('partner:tokens:write')) AND partner_id IS NOT NULL) OR partner_id = ANY ((SELECT samverka_held('partner:tokens:write'))::int[])))",
        "CREATE POLICY write_delete ON api_tokens FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
}
