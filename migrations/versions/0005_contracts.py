"""Contract register, re-procurements and lead times; row-level security.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

The policies say what ``samverka.tenants.tenancy_rules`` says for the same tables.
A tenant's contract (and everything hanging off it) is its tenant's own: no other
tenant, no region staff, no partner reads it. A region's joint contract is read by
everyone working in or with the region and written by its staff. Every table of
the register carries the owner columns, so one expression serves them all.
"""

import rls
import sqlalchemy as sa
from alembic import op
from rls import SYSTEM, foreign_key, ids

OWNED_READ = f"tenant_id = ANY({ids('tenant_ids')}) OR region_id = ANY({ids('region_ids')})"
OWNED_WRITE = f"tenant_id = ANY({ids('tenant_ids')}) OR region_id = ANY({ids('admin_region_ids')})"
IMPORT_READ = OWNED_WRITE  # the uploaded file is the uploader's side's only, not the partners'
REGION_READ = f"region_id = ANY({ids('region_ids')})"
REGION_WRITE = f"region_id = ANY({ids('admin_region_ids')})"

# table -> (read, write)
POLICIES = {
    "contracts": (OWNED_READ, OWNED_WRITE),
    "contract_cpv_codes": (OWNED_READ, OWNED_WRITE),
    "contract_documents": (OWNED_READ, OWNED_WRITE),
    "reprocurements": (OWNED_READ, OWNED_WRITE),
    "contract_imports": (IMPORT_READ, OWNED_WRITE),
    "contract_participants": (REGION_READ, REGION_WRITE),
    "region_lead_times": (REGION_READ, REGION_WRITE),
}
ONE_OWNER = "(tenant_id IS NULL) <> (region_id IS NULL)"
CATEGORIES = (
    "'software_licences', 'business_systems', 'it_hardware', 'welfare_technology', 'it_as_a_service', "
    "'it_consultants', 'telecom', 'other_it'"
)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    _create_contracts()
    _create_children()
    _create_planning()
    if rls.on_postgresql():
        _secure_postgresql(rls.app_role())


def _secure_postgresql(app_role):
    for table, (read, write) in POLICIES.items():
        rls.enable_and_force_rls(table)
        rls.read_write_policies(table, f"{SYSTEM} OR {read}", f"{SYSTEM} OR {write}")
        rls.grant_read_write(table, app_role)
    rls.grant_all_sequences(app_role)


def _owner(table):
    """The owner columns, their keys and the one-owner check, as every register table has them."""
    return [
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        foreign_key(table, "tenant_id", "tenants"),
        foreign_key(table, "region_id", "regions"),
        sa.CheckConstraint(ONE_OWNER, name=op.f(f"ck_{table}_one_owner")),
    ]


def _index_owner(table):
    for column in ("tenant_id", "region_id"):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def _check(table, name, sql):
    return sa.CheckConstraint(sql, name=op.f(f"ck_{table}_{name}"))


def _create_contracts():
    t = "contracts"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner(t),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("supplier_name", sa.String(length=200), nullable=False),
        sa.Column("supplier_organisation_number", sa.String(length=12), nullable=False),
        sa.Column("supplier_country", sa.String(length=2), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("extension_options", sa.String(length=200), nullable=False),
        sa.Column("extendable_to", sa.Date(), nullable=True),
        sa.Column("annual_value_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kraljic", sa.String(length=16), nullable=False),
        sa.Column("processes_personal_data", sa.Boolean(), nullable=False),
        sa.Column("dpa_status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _check(t, "category", f"category IN ({CATEGORIES})"),
        _check(t, "kraljic", "kraljic IN ('strategic', 'bottleneck', 'leverage', 'routine')"),
        _check(t, "dpa_status", "dpa_status IN ('not_required', 'missing', 'in_progress', 'signed')"),
        _check(t, "supplier_country", "supplier_country IN ('NO', 'SE')"),
        _check(t, "currency", "currency IN ('NOK', 'SEK')"),
        _check(t, "dates", "ends_on >= starts_on"),
        _check(t, "extension", "extendable_to IS NULL OR extendable_to >= ends_on"),
        _check(t, "annual_value", "annual_value_minor IS NULL OR annual_value_minor >= 0"),
        _check(t, "dpa", "processes_personal_data = (dpa_status <> 'not_required')"),
        foreign_key(t, "created_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
    )
    _index_owner(t)


def _create_children():
    t = "contract_cpv_codes"
    op.create_table(
        t,
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        *_owner(t),
        _check(t, "code", "length(code) = 8"),
        foreign_key(t, "contract_id", "contracts"),
        sa.PrimaryKeyConstraint("contract_id", "code", name=op.f("pk_contract_cpv_codes")),
    )
    _index_owner(t)
    t = "contract_documents"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        *_owner(t),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        _check(t, "url", "url LIKE 'https://%' OR url LIKE 'http://%'"),
        foreign_key(t, "contract_id", "contracts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_documents")),
    )
    _index_owner(t)
    op.create_index(op.f("ix_contract_documents_contract_id"), t, ["contract_id"], unique=False)
    t = "contract_participants"
    op.create_table(
        t,
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        foreign_key(t, "contract_id", "contracts"),
        foreign_key(t, "tenant_id", "tenants"),
        foreign_key(t, "region_id", "regions"),
        sa.PrimaryKeyConstraint("contract_id", "tenant_id", name=op.f("pk_contract_participants")),
    )
    op.create_index(op.f("ix_contract_participants_region_id"), t, ["region_id"], unique=False)


def _create_planning():
    t = "reprocurements"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner(t),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("procurement_id", sa.Integer(), nullable=True),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        foreign_key(t, "contract_id", "contracts"),
        foreign_key(t, "need_id", "needs", "SET NULL"),
        foreign_key(t, "procurement_id", "joint_procurements", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reprocurements")),
        sa.UniqueConstraint("contract_id", "period_end", name="uq_reprocurements_period"),
    )
    _index_owner(t)
    op.create_index(op.f("ix_reprocurements_contract_id"), t, ["contract_id"], unique=False)
    op.create_index(op.f("ix_reprocurements_need_id"), t, ["need_id"], unique=False)
    t = "region_lead_times"
    op.create_table(
        t,
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        _check(t, "category", f"category IN ({CATEGORIES})"),
        _check(t, "months", "months BETWEEN 0 AND 120"),
        foreign_key(t, "region_id", "regions"),
        sa.PrimaryKeyConstraint("region_id", "category", name=op.f("pk_region_lead_times")),
    )
    t = "contract_imports"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner(t),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        _check(t, "status", "status IN ('queued', 'running', 'done', 'failed')"),
        foreign_key(t, "created_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_imports")),
    )
    _index_owner(t)


def downgrade():
    for table in (
        "contract_imports",
        "region_lead_times",
        "reprocurements",
        "contract_participants",
        "contract_documents",
        "contract_cpv_codes",
        "contracts",
    ):
        op.drop_table(table)
