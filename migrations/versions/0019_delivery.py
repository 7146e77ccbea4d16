"""Delivery of the signed papers, the maintenance budget lines, go-live, and partner recipients.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06

* ``procurement_deliveries``: one row per delivered procurement (the job's idempotency, its mail's claim).
* ``delivered_documents``: each municipality's and partner recipient's own copy of the signed contract and
  data processing agreement (exactly one owner; the partner proven to be the procurement's region's).
* ``procurement_go_lives``: the day the coordinator confirmed a delivered procurement in operation.
* ``maintenance_lines`` (the plans area's): each participant's yearly maintenance cost of a delivered contract.
* ``partner_organisations.receives_signed_papers``, which the region's coordinator now sets: its update
  policy is replaced (it was "nobody"), and the web role may update that column only (a column grant), so
  a partner's name, kind and number are still never changed.

Row-level security from the models' tenancy rules, frozen below (``samverka db policy-sql``); only the
system writes deliveries, delivered documents and maintenance lines.
"""

import rls
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

NEW_TABLES = ("procurement_deliveries", "delivered_documents", "procurement_go_lives", "maintenance_lines")


def upgrade():
    _create_tables()
    with op.batch_alter_table("partner_organisations") as batch:
        batch.add_column(sa.Column("receives_signed_papers", sa.Boolean(), nullable=False, server_default=sa.false()))
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
    # The coordinator's update of a partner may change the flag and nothing else: a column grant.
    op.execute(f"REVOKE UPDATE ON partner_organisations FROM {role}")
    op.execute(f"GRANT UPDATE (receives_signed_papers) ON partner_organisations TO {role}")


def downgrade():
    if rls.on_postgresql():
        role = rls.app_role()
        op.execute(f"REVOKE UPDATE (receives_signed_papers) ON partner_organisations FROM {role}")
        rls.grant("UPDATE", "partner_organisations", role)
        rls.drop_policies_of("partner_organisations")
        rls.execute_all(PARTNER_POLICIES_BEFORE)
    with op.batch_alter_table("partner_organisations") as batch:
        batch.drop_column("receives_signed_papers")
    for table in reversed(NEW_TABLES):
        op.drop_table(table)


def _create_tables():
    op.create_table(
        "procurement_go_lives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("in_operation_on", sa.Date(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["users.id"],
            name=op.f("fk_procurement_go_lives_confirmed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_procurement_go_lives_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_procurement_go_lives_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_go_lives")),
        sa.UniqueConstraint("procurement_id", name="uq_procurement_go_lives_procurement"),
    )
    with op.batch_alter_table("procurement_go_lives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procurement_go_lives_procurement_id"), ["procurement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_procurement_go_lives_region_id"), ["region_id"], unique=False)

    op.create_table(
        "delivered_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("source_document_id", sa.Integer(), nullable=True),
        sa.Column("procurement_title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('contract', 'dpa')", name=op.f("ck_delivered_documents_kind")),
        sa.CheckConstraint(
            "(tenant_id IS NULL) <> (partner_id IS NULL)", name=op.f("ck_delivered_documents_one_owner")
        ),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_delivered_documents_size")),
        sa.ForeignKeyConstraint(
            ["partner_id", "region_id"],
            ["partner_organisations.id", "partner_organisations.region_id"],
            name="fk_delivered_documents_partner",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_delivered_documents_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_delivered_documents_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_document_id"],
            ["procurement_documents.id"],
            name=op.f("fk_delivered_documents_source_document_id_procurement_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_delivered_documents_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivered_documents")),
        sa.UniqueConstraint("source_document_id", "partner_id", name="uq_delivered_documents_partner"),
        sa.UniqueConstraint("source_document_id", "tenant_id", name="uq_delivered_documents_tenant"),
        sa.UniqueConstraint("storage_key", name=op.f("uq_delivered_documents_storage_key")),
    )
    with op.batch_alter_table("delivered_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivered_documents_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delivered_documents_procurement_id"), ["procurement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delivered_documents_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delivered_documents_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "maintenance_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("currency IN ('NOK', 'SEK')", name=op.f("ck_maintenance_lines_currency")),
        sa.CheckConstraint("amount_minor >= 0", name=op.f("ck_maintenance_lines_amount")),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_maintenance_lines_contract_id_contracts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_maintenance_lines_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_maintenance_lines_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_maintenance_lines_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_lines")),
        sa.UniqueConstraint("procurement_id", "tenant_id", "year", name="uq_maintenance_lines_year"),
    )
    with op.batch_alter_table("maintenance_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_maintenance_lines_procurement_id"), ["procurement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_maintenance_lines_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_maintenance_lines_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "procurement_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=False),
        sa.Column("mailed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_procurement_deliveries_contract_id_contracts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_procurement_deliveries_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_procurement_deliveries_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procurement_deliveries")),
        sa.UniqueConstraint("procurement_id", name="uq_procurement_deliveries_procurement"),
    )
    with op.batch_alter_table("procurement_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procurement_deliveries_procurement_id"), ["procurement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_procurement_deliveries_region_id"), ["region_id"], unique=False)


# Generated by `samverka db policy-sql` from the models' tenancy rules on 2026-12-06, and frozen here.
POLICIES = {
    "procurement_deliveries": [
        "CREATE POLICY read ON procurement_deliveries FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON procurement_deliveries FOR INSERT WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_update ON procurement_deliveries FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON procurement_deliveries FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "delivered_documents": [
        "CREATE POLICY read ON delivered_documents FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('tenant:documents:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:documents:read'))::int[])) OR (((SELECT samverka_everywhere('partner:documents:read')) AND partner_id IS NOT NULL) OR partner_id = ANY ((SELECT samverka_held('partner:documents:read'))::int[]))))",
        "CREATE POLICY write_insert ON delivered_documents FOR INSERT WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_update ON delivered_documents FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON delivered_documents FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "procurement_go_lives": [
        "CREATE POLICY read ON procurement_go_lives FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON procurement_go_lives FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:go-live')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:go-live'))::int[])))",
        "CREATE POLICY write_update ON procurement_go_lives FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON procurement_go_lives FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "maintenance_lines": [
        "CREATE POLICY read ON maintenance_lines FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('tenant:budget:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:budget:read'))::int[])))",
        "CREATE POLICY write_insert ON maintenance_lines FOR INSERT WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_update ON maintenance_lines FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON maintenance_lines FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "partner_organisations": [
        "CREATE POLICY read ON partner_organisations FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:read'))::int[])) OR (((SELECT samverka_everywhere('partner:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('partner:read'))::int[]))))",
        "CREATE POLICY write_insert ON partner_organisations FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:partners:manage')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:partners:manage'))::int[])))",
        "CREATE POLICY write_update ON partner_organisations FOR UPDATE USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:partners:manage')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:partners:manage'))::int[]))) WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:partners:manage')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:partners:manage'))::int[])))",
        "CREATE POLICY write_delete ON partner_organisations FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
}

# What the partners' update policy was before (nobody changed a partner), restored by the downgrade.
PARTNER_POLICIES_BEFORE = [
    "CREATE POLICY read ON partner_organisations FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:read'))::int[])) OR (((SELECT samverka_everywhere('partner:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('partner:read'))::int[]))))",
    "CREATE POLICY write_insert ON partner_organisations FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:partners:manage')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:partners:manage'))::int[])))",
    "CREATE POLICY write_update ON partner_organisations FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
    "CREATE POLICY write_delete ON partner_organisations FOR DELETE USING ((SELECT samverka_system()) OR false)",
]
