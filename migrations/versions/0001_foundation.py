"""Foundation: regions, tenants, users, roles, invitations, audit log; row-level security.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

On PostgreSQL every tenant or region table gets a policy keyed on the
transaction-local settings written by ``samverka.tenants.scoping`` and has row
level security FORCED, so that even the table owner obeys it. The application
connects as ``APP_DB_ROLE`` (default ``samverka_app``), which must exist, must not
own the tables and must not have BYPASSRLS; it may only insert into and read the
audit log.
"""

import rls
import sqlalchemy as sa
from alembic import op
from rls import OPERATOR, SYSTEM, ids

ROLE_SCOPE = (
    f"tenant_id = ANY({ids('directory_tenant_ids')}) OR region_id = ANY({ids('admin_region_ids')})"
    f" OR ({OPERATOR} AND tenant_id IS NULL AND partner_id IS NULL)"
)

# table -> (USING, WITH CHECK); the same rules as samverka.tenants.tenancy_rules
POLICIES = {
    "regions": (f"{SYSTEM} OR {OPERATOR} OR id = ANY({ids('region_ids')})", None),
    "tenants": (f"{SYSTEM} OR {OPERATOR} OR id = ANY({ids('directory_tenant_ids')})", None),
    "region_memberships": (
        f"{SYSTEM} OR {OPERATOR} OR region_id = ANY({ids('admin_region_ids')}) OR tenant_id = ANY({ids('tenant_ids')})",
        None,
    ),
    "partner_organisations": (
        f"{SYSTEM} OR {OPERATOR} OR region_id = ANY({ids('region_ids')}) OR id = ANY({ids('partner_ids')})",
        None,
    ),
    # Reading your own grants is allowed; granting yourself one is not.
    "role_assignments": (f"{SYSTEM} OR user_id = samverka_user_id() OR {ROLE_SCOPE}", f"{SYSTEM} OR {ROLE_SCOPE}"),
    "invitations": (f"{SYSTEM} OR {ROLE_SCOPE}", None),
    "users": (
        f"{SYSTEM} OR id = samverka_user_id()"
        " OR EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = users.id)",
        f"{SYSTEM} OR id = samverka_user_id()",
    ),
}
# One's own actions are readable too: PostgreSQL applies this to INSERT ... RETURNING.
AUDIT_READ = (
    f"{SYSTEM} OR actor_user_id = samverka_user_id() OR tenant_id = ANY({ids('tenant_ids')})"
    f" OR region_id = ANY({ids('admin_region_ids')})"
)


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    _create_tables()
    op.execute("INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, '" + "0" * 64 + "')")
    if rls.on_postgresql():
        _secure_postgresql(rls.app_role())


def _secure_postgresql(app_role):
    rls.require_app_role(app_role)
    rls.create_scope_functions()
    rls.grant_schema_usage(app_role)
    for table, (using, check) in POLICIES.items():
        rls.enable_and_force_rls(table)
        rls.tenancy_policy(table, using, check)
        rls.grant_read_write(table, app_role)
    rls.enable_and_force_rls("audit_events")
    rls.create_policy("audit_events", "audit_read", command="SELECT", using=AUDIT_READ)
    rls.create_policy("audit_events", "audit_append", command="INSERT", check="true")
    rls.grant("SELECT, INSERT", "audit_events", app_role)
    rls.grant("SELECT, UPDATE", "audit_chain_head", app_role)
    rls.grant_all_sequences(app_role)


def _create_tables():
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_events_seq")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_actor_user_id"), ["actor_user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("currency IN ('NOK', 'SEK')", name=op.f("ck_regions_currency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("name", name=op.f("uq_regions_name")),
    )
    op.create_table(
        "tenants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("municipality_number", sa.String(length=4), nullable=False),
        sa.Column("organisation_number", sa.String(length=12), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("country IN ('NO', 'SE')", name=op.f("ck_tenants_country")),
        sa.CheckConstraint("population >= 0", name=op.f("ck_tenants_population")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenants")),
        sa.UniqueConstraint("country", "municipality_number", name="uq_tenants_municipality"),
        sa.UniqueConstraint("organisation_number", name=op.f("uq_tenants_organisation_number")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("eid_hash", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("eid_hash", name=op.f("uq_users_eid_hash")),
    )
    op.create_table(
        "partner_organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("organisation_number", sa.String(length=12), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('shared_it_service', 'archive_network', 'research', 'county', 'other')",
            name=op.f("ck_partner_organisations_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_partner_organisations_region_id_regions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_organisations")),
    )
    with op.batch_alter_table("partner_organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_organisations_region_id"), ["region_id"], unique=False)

    op.create_table(
        "region_memberships",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_region_memberships_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_region_memberships_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("region_id", "tenant_id", name=op.f("pk_region_memberships")),
    )
    with op.batch_alter_table("region_memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_memberships_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(role IN ('it_coordinator','chief_executive') AND tenant_id IS NOT NULL AND region_id IS NULL AND partner_id IS NULL) OR (role IN ('coordinator','purchaser') AND region_id IS NOT NULL AND tenant_id IS NULL AND partner_id IS NULL) OR (role = 'partner_reader' AND partner_id IS NOT NULL AND region_id IS NOT NULL AND tenant_id IS NULL) OR (role = 'operator' AND tenant_id IS NULL AND region_id IS NULL AND partner_id IS NULL)",
            name=op.f("ck_invitations_scope_shape"),
        ),
        sa.CheckConstraint(
            "role IN ('it_coordinator', 'chief_executive', 'coordinator', 'purchaser', 'partner_reader', 'operator')",
            name=op.f("ck_invitations_role"),
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"], ["users.id"], name=op.f("fk_invitations_accepted_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_invitations_invited_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_organisations.id"],
            name=op.f("fk_invitations_partner_id_partner_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_invitations_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_invitations_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitations_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitations_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "role_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(role IN ('it_coordinator','chief_executive') AND tenant_id IS NOT NULL AND region_id IS NULL AND partner_id IS NULL) OR (role IN ('coordinator','purchaser') AND region_id IS NOT NULL AND tenant_id IS NULL AND partner_id IS NULL) OR (role = 'partner_reader' AND partner_id IS NOT NULL AND region_id IS NOT NULL AND tenant_id IS NULL) OR (role = 'operator' AND tenant_id IS NULL AND region_id IS NULL AND partner_id IS NULL)",
            name=op.f("ck_role_assignments_scope_shape"),
        ),
        sa.CheckConstraint(
            "role IN ('it_coordinator', 'chief_executive', 'coordinator', 'purchaser', 'partner_reader', 'operator')",
            name=op.f("ck_role_assignments_role"),
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["users.id"], name=op.f("fk_role_assignments_granted_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_organisations.id"],
            name=op.f("fk_role_assignments_partner_id_partner_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_role_assignments_region_id_regions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_role_assignments_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_role_assignments_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_assignments")),
        sa.UniqueConstraint(
            "user_id", "role", "tenant_id", "region_id", "partner_id", name="uq_role_assignments_grant"
        ),
    )
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_assignments_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_assignments_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_assignments_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_assignments_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_assignments_user_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_region_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_partner_id"))

    op.drop_table("role_assignments")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_invitations_region_id"))
        batch_op.drop_index(batch_op.f("ix_invitations_partner_id"))

    op.drop_table("invitations")
    with op.batch_alter_table("region_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_memberships_tenant_id"))

    op.drop_table("region_memberships")
    with op.batch_alter_table("partner_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_organisations_region_id"))

    op.drop_table("partner_organisations")
    op.drop_table("users")
    op.drop_table("tenants")
    op.drop_table("regions")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_region_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_user_id"))

    op.drop_table("audit_events")
    op.drop_table("audit_chain_head")
    if rls.on_postgresql():
        rls.drop_scope_functions()
