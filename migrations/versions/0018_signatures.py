"""The region's data processing agreement: its template's versions, each contract's DPA document, the signatures.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

* ``dpa_templates``: the region's template, one row per saved version (bokmål and Swedish).
* ``dpa_documents``: each version of a joint contract's DPA (the PDF's SHA-256, its storage key, its facts).
* ``dpa_signatures``: one municipality's signature of one version, with its sealed evidence and the PDF its
  PAdES signature made.
Each carries its region (composite keys to the procurement, the contract, the template, the document), with
row-level security from its tenancy rule, frozen below (``samverka db policy-sql``). Nothing is ever updated
or deleted but by the system.
"""

import rls
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

NEW_TABLES = ("dpa_templates", "dpa_documents", "dpa_signatures")


def upgrade():
    _create_tables()
    if not rls.on_postgresql():
        return
    role = rls.app_role()
    for table in NEW_TABLES:
        rls.enable_and_force_rls(table)
        rls.grant_read_write(table, role)
        rls.grant_sequence(f"{table}_id_seq", role)
        rls.execute_all(POLICIES[table])


def downgrade():
    for table in reversed(NEW_TABLES):
        op.drop_table(table)


def _create_tables():
    op.create_table(
        "dpa_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text_nb", sa.Text(), nullable=False),
        sa.Column("text_sv", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_dpa_templates_version")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_dpa_templates_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_dpa_templates_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dpa_templates")),
        sa.UniqueConstraint("id", "region_id", name="uq_dpa_templates_id_region"),
        sa.UniqueConstraint("region_id", "version", name="uq_dpa_templates_version"),
    )
    op.create_index(op.f("ix_dpa_templates_region_id"), "dpa_templates", ["region_id"], unique=False)
    op.create_table(
        "dpa_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("language IN ('nb', 'sv')", name=op.f("ck_dpa_documents_language")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_dpa_documents_version")),
        sa.ForeignKeyConstraint(
            ["contract_id", "region_id"],
            ["contracts.id", "contracts.region_id"],
            name="fk_dpa_documents_contract",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_dpa_documents_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_dpa_documents_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_dpa_documents_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["template_id", "region_id"],
            ["dpa_templates.id", "dpa_templates.region_id"],
            name="fk_dpa_documents_template",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dpa_documents")),
        sa.UniqueConstraint("id", "region_id", name="uq_dpa_documents_id_region"),
        sa.UniqueConstraint("procurement_id", "version", name="uq_dpa_documents_version"),
        sa.UniqueConstraint("storage_key", name=op.f("uq_dpa_documents_storage_key")),
    )
    op.create_index(op.f("ix_dpa_documents_contract_id"), "dpa_documents", ["contract_id"], unique=False)
    op.create_index(op.f("ix_dpa_documents_procurement_id"), "dpa_documents", ["procurement_id"], unique=False)
    op.create_index(op.f("ix_dpa_documents_region_id"), "dpa_documents", ["region_id"], unique=False)
    op.create_table(
        "dpa_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("procurement_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("signatory_user_id", sa.Integer(), nullable=True),
        sa.Column("signatory_name", sa.String(length=200), nullable=False),
        sa.Column("acr", sa.String(length=100), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.Text(), nullable=False),
        sa.Column("signed_pdf_key", sa.String(length=200), nullable=False),
        sa.Column("signed_pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_pdf_size", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("sequence >= 1", name=op.f("ck_dpa_signatures_sequence")),
        sa.ForeignKeyConstraint(
            ["document_id", "region_id"],
            ["dpa_documents.id", "dpa_documents.region_id"],
            name="fk_dpa_signatures_document",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            name="fk_dpa_signatures_procurement",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_dpa_signatures_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["signatory_user_id"],
            ["users.id"],
            name=op.f("fk_dpa_signatures_signatory_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_dpa_signatures_tenant_id_tenants"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dpa_signatures")),
        sa.UniqueConstraint("document_id", "sequence", name="uq_dpa_signatures_sequence"),
        sa.UniqueConstraint("document_id", "tenant_id", name="uq_dpa_signatures_tenant"),
        sa.UniqueConstraint("signed_pdf_key", name=op.f("uq_dpa_signatures_signed_pdf_key")),
    )
    op.create_index(op.f("ix_dpa_signatures_document_id"), "dpa_signatures", ["document_id"], unique=False)
    op.create_index(op.f("ix_dpa_signatures_procurement_id"), "dpa_signatures", ["procurement_id"], unique=False)
    op.create_index(op.f("ix_dpa_signatures_region_id"), "dpa_signatures", ["region_id"], unique=False)
    op.create_index(op.f("ix_dpa_signatures_tenant_id"), "dpa_signatures", ["tenant_id"], unique=False)


POLICIES = {
    "dpa_templates": [
        "CREATE POLICY read ON dpa_templates FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:read'))::int[])))",
        "CREATE POLICY write_insert ON dpa_templates FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:dpa:template:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:dpa:template:write'))::int[])))",
        "CREATE POLICY write_update ON dpa_templates FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON dpa_templates FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "dpa_documents": [
        "CREATE POLICY read ON dpa_documents FOR SELECT USING ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON dpa_documents FOR INSERT WITH CHECK ((SELECT samverka_system()) OR (((SELECT samverka_everywhere('region:dpa:template:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:dpa:template:write'))::int[])))",
        "CREATE POLICY write_update ON dpa_documents FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON dpa_documents FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
    "dpa_signatures": [
        "CREATE POLICY read ON dpa_signatures FOR SELECT USING ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])) OR (((SELECT samverka_everywhere('tenant:dpa:sign')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:dpa:sign'))::int[]))))",
        "CREATE POLICY write_insert ON dpa_signatures FOR INSERT WITH CHECK ((SELECT samverka_system()) OR ((((SELECT samverka_everywhere('tenant:dpa:sign')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:dpa:sign'))::int[])) AND (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[]))))",
        "CREATE POLICY write_update ON dpa_signatures FOR UPDATE USING ((SELECT samverka_system()) OR false) WITH CHECK ((SELECT samverka_system()) OR false)",
        "CREATE POLICY write_delete ON dpa_signatures FOR DELETE USING ((SELECT samverka_system()) OR false)",
    ],
}
