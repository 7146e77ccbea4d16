"""Flat tenancy: every scoped row carries its own scope, tied to its parent; one policy set per rule.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

* A need carries ``shared_region_ids`` (empty for a draft, the regions it was submitted to from then
  on), and so do its CPV codes, history, benefit plan and benefit lines, with ``tenant_id``: each copy
  is tied to its parent by a composite foreign key that cascades updates, so they cannot disagree.
* A role assignment carries its holder's name and e-mail (kept equal the same way): people are seen
  through the roles one may read, and a user's own row is read only by that user.
* Rows of a procurement, a plan or a contract are tied to their parent's region or municipality by
  composite foreign keys, and a partner's role or invitation to the partner's region.
* Every policy is replaced by the ones the models' tenancy rules generated when this revision was
  written (``samverka db policy-sql``), frozen below: each is a flat comparison of the row's own
  columns with the principal's scope, read once per statement from one JSON setting
  (``samverka_held(permission)``, ``samverka_everywhere(permission)``).
"""

import rls
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SCOPED_TABLES = (
    "action_plans",
    "audit_events",
    "benefit_lines",
    "benefit_plans",
    "benefit_templates",
    "contract_cpv_codes",
    "contract_documents",
    "contract_imports",
    "contract_participants",
    "contracts",
    "invitations",
    "join_invitations",
    "joint_procurements",
    "match_proposals",
    "need_cpv_codes",
    "need_events",
    "need_submissions",
    "needs",
    "partner_organisations",
    "plan_fixed_shares",
    "plan_item_participants",
    "plan_item_shares",
    "plan_items",
    "plan_settings",
    "plan_votes",
    "procurement_needs",
    "region_lead_times",
    "region_memberships",
    "regions",
    "reprocurements",
    "role_assignments",
    "tenants",
    "thresholds",
    "users",
)
NEED_CHILDREN = ("need_cpv_codes", "need_events", "benefit_plans")
# (table, old foreign key to drop, columns, parent, parent columns, on update)
COMPOSITE_KEYS = (
    (
        "procurement_needs",
        "fk_procurement_needs_procurement_id_joint_procurements",
        ["procurement_id", "region_id"],
        "joint_procurements",
        ["id", "region_id"],
        None,
        "fk_procurement_needs_procurement",
    ),
    (
        "procurement_needs",
        "fk_procurement_needs_need_id_needs",
        ["need_id", "tenant_id"],
        "needs",
        ["id", "tenant_id"],
        None,
        "fk_procurement_needs_need",
    ),
    (
        "join_invitations",
        "fk_join_invitations_procurement_id_joint_procurements",
        ["procurement_id", "region_id"],
        "joint_procurements",
        ["id", "region_id"],
        None,
        "fk_join_invitations_procurement",
    ),
    (
        "plan_items",
        "fk_plan_items_plan_id_action_plans",
        ["plan_id", "region_id"],
        "action_plans",
        ["id", "region_id"],
        None,
        "fk_plan_items_plan",
    ),
    (
        "plan_item_participants",
        "fk_plan_item_participants_item_id_plan_items",
        ["item_id", "region_id"],
        "plan_items",
        ["id", "region_id"],
        None,
        "fk_plan_item_participants_plan",
    ),
    (
        "plan_item_shares",
        "fk_plan_item_shares_item_id_plan_items",
        ["item_id", "region_id"],
        "plan_items",
        ["id", "region_id"],
        None,
        "fk_plan_item_shares_plan",
    ),
    (
        "plan_votes",
        "fk_plan_votes_plan_id_action_plans",
        ["plan_id", "region_id"],
        "action_plans",
        ["id", "region_id"],
        None,
        "fk_plan_votes_plan",
    ),
    (
        "contract_participants",
        "fk_contract_participants_contract_id_contracts",
        ["contract_id", "region_id"],
        "contracts",
        ["id", "region_id"],
        None,
        "fk_contract_participants_contract",
    ),
    (
        "role_assignments",
        "fk_role_assignments_partner_id_partner_organisations",
        ["partner_id", "region_id"],
        "partner_organisations",
        ["id", "region_id"],
        None,
        "fk_role_assignments_partner_region",
    ),
    (
        "invitations",
        "fk_invitations_partner_id_partner_organisations",
        ["partner_id", "region_id"],
        "partner_organisations",
        ["id", "region_id"],
        None,
        "fk_invitations_partner_region",
    ),
)
# Exactly one owner column is set on a row of the contract register: one key per owner column.
CONTRACT_CHILDREN = ("contract_cpv_codes", "contract_documents", "reprocurements")
PARENT_KEYS = (
    ("joint_procurements", "uq_joint_procurements_id_region", ["id", "region_id"]),
    ("action_plans", "uq_action_plans_id_region", ["id", "region_id"]),
    ("plan_items", "uq_plan_items_id_region", ["id", "region_id"]),
    ("contracts", "uq_contracts_id_tenant", ["id", "tenant_id"]),
    ("contracts", "uq_contracts_id_region", ["id", "region_id"]),
    ("partner_organisations", "uq_partner_organisations_id_region", ["id", "region_id"]),
    ("users", "uq_users_id_name_email", ["id", "name", "email"]),
)


def upgrade():
    postgres = rls.on_postgresql()
    if postgres:
        for table in SCOPED_TABLES:
            rls.drop_policies_of(table)
    _parent_keys()
    _need_scope(postgres)
    _role_holders()
    _composite_keys()
    if postgres:
        rls.create_permission_scope_functions()
        for table in SCOPED_TABLES:
            rls.execute_all(POLICIES[table])


def _parent_keys():
    for table, name, columns in PARENT_KEYS:
        with op.batch_alter_table(table) as batch:
            batch.create_unique_constraint(name, columns)


def _id_array(postgres):
    if postgres:
        return postgresql.ARRAY(sa.Integer()), sa.text("'{}'")
    return sa.JSON(), sa.text("'[]'")


def _need_scope(postgres):
    """``shared_region_ids`` on the need, and the need's scope on each row that follows it."""
    kind, empty = _id_array(postgres)
    op.add_column("needs", sa.Column("shared_region_ids", kind, nullable=False, server_default=empty))
    op.execute(_SHARED_REGIONS_POSTGRESQL if postgres else _SHARED_REGIONS_SQLITE)
    with op.batch_alter_table("needs") as batch:
        batch.create_unique_constraint("uq_needs_scope", ["id", "tenant_id", "shared_region_ids"])
    if postgres:
        op.create_index("ix_needs_shared_region_ids", "needs", ["shared_region_ids"], postgresql_using="gin")
    for table in (*NEED_CHILDREN, "benefit_lines"):
        op.add_column(table, sa.Column("tenant_id", sa.Integer(), nullable=True))
        op.add_column(table, sa.Column("shared_region_ids", kind, nullable=False, server_default=empty))
    for table in NEED_CHILDREN:
        _copy_scope(table, "needs", "need_id")
    with op.batch_alter_table("benefit_plans") as batch:
        batch.create_unique_constraint("uq_benefit_plans_scope", ["id", "tenant_id", "shared_region_ids"])
    _copy_scope("benefit_lines", "benefit_plans", "plan_id")
    for table, parent, column in (
        *((t, "needs", "need_id") for t in NEED_CHILDREN),
        ("benefit_lines", "benefit_plans", "plan_id"),
    ):
        _follow(table, parent, column)


_SHARED_REGIONS_POSTGRESQL = (
    "UPDATE needs SET shared_region_ids = coalesce((SELECT array_agg(s.region_id ORDER BY s.region_id)"
    " FROM need_submissions s WHERE s.need_id = needs.id), '{}') WHERE status <> 'draft'"
)
_SHARED_REGIONS_SQLITE = (
    "UPDATE needs SET shared_region_ids = (SELECT json_group_array(region_id) FROM (SELECT s.region_id"
    " FROM need_submissions s WHERE s.need_id = needs.id ORDER BY s.region_id)) WHERE status <> 'draft'"
)


def _copy_scope(table, parent, column):
    op.execute(
        f"UPDATE {table} SET tenant_id = (SELECT p.tenant_id FROM {parent} p WHERE p.id = {table}.{column}),"
        f" shared_region_ids = (SELECT p.shared_region_ids FROM {parent} p WHERE p.id = {table}.{column})"
    )


def _follow(table, parent, column):
    """The child's scope is its parent's: one composite key that cascades updates and deletes."""
    with op.batch_alter_table(table) as batch:
        batch.alter_column("tenant_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint(f"fk_{table}_{column}_{parent}", type_="foreignkey")
        batch.create_foreign_key(
            f"fk_{table}_scope",
            parent,
            [column, "tenant_id", "shared_region_ids"],
            ["id", "tenant_id", "shared_region_ids"],
            ondelete="CASCADE",
            onupdate="CASCADE",
        )
        batch.create_index(f"ix_{table}_tenant_id", ["tenant_id"])


def _role_holders():
    """A role assignment names its holder as the directory shows them."""
    op.add_column("role_assignments", sa.Column("user_name", sa.String(120), nullable=True))
    op.add_column("role_assignments", sa.Column("user_email", sa.String(254), nullable=True))
    op.execute(
        "UPDATE role_assignments SET user_name = (SELECT u.name FROM users u WHERE u.id = role_assignments.user_id),"
        " user_email = (SELECT u.email FROM users u WHERE u.id = role_assignments.user_id)"
    )
    with op.batch_alter_table("role_assignments") as batch:
        batch.alter_column("user_name", existing_type=sa.String(120), nullable=False)
        batch.alter_column("user_email", existing_type=sa.String(254), nullable=False)
        batch.drop_constraint("fk_role_assignments_user_id_users", type_="foreignkey")
        batch.create_foreign_key(
            "fk_role_assignments_user",
            "users",
            ["user_id", "user_name", "user_email"],
            ["id", "name", "email"],
            ondelete="CASCADE",
            onupdate="CASCADE",
        )


def _composite_keys():
    for table, old, columns, parent, parent_columns, onupdate, name in COMPOSITE_KEYS:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(old, type_="foreignkey")
            batch.create_foreign_key(name, parent, columns, parent_columns, ondelete="CASCADE", onupdate=onupdate)
    for table in CONTRACT_CHILDREN:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_contract_id_contracts", type_="foreignkey")
            for column in ("tenant_id", "region_id"):
                batch.create_foreign_key(
                    f"fk_{table}_contract_{column.split('_')[0]}",
                    "contracts",
                    ["contract_id", column],
                    ["id", column],
                    ondelete="CASCADE",
                )


def downgrade():
    raise NotImplementedError("0008 moves scope columns and replaces every policy: restore a backup taken before it")


# Generated by `samverka db policy-sql` from the models' tenancy rules on 2026-12-06, and frozen here.
POLICIES = {
    "action_plans": [
        "CREATE POLICY read ON action_plans FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[])))",
        "CREATE POLICY write_insert ON action_plans FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
        "CREATE POLICY write_update ON action_plans FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
        "CREATE POLICY write_delete ON action_plans FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
    ],
    "audit_events": [
        "CREATE POLICY read ON audit_events FOR SELECT USING (samverka_flag('samverka.system') OR ((actor_user_id = (SELECT samverka_user_id()) OR (((SELECT samverka_everywhere('tenant:audit:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:audit:read'))::int[]))) OR (((SELECT samverka_everywhere('region:audit:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:audit:read'))::int[]))))",
        "CREATE POLICY write_insert ON audit_events FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR true)",
        "CREATE POLICY write_update ON audit_events FOR UPDATE USING (samverka_flag('samverka.system') OR ((actor_user_id = (SELECT samverka_user_id()) OR (((SELECT samverka_everywhere('tenant:audit:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:audit:read'))::int[]))) OR (((SELECT samverka_everywhere('region:audit:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:audit:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR false)",
        "CREATE POLICY write_delete ON audit_events FOR DELETE USING (samverka_flag('samverka.system') OR false)",
    ],
    "benefit_lines": [
        "CREATE POLICY read ON benefit_lines FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0))))",
        "CREATE POLICY write_insert ON benefit_lines FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
        "CREATE POLICY write_update ON benefit_lines FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0)))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
        "CREATE POLICY write_delete ON benefit_lines FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
    ],
    "benefit_plans": [
        "CREATE POLICY read ON benefit_plans FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0))))",
        "CREATE POLICY write_insert ON benefit_plans FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
        "CREATE POLICY write_update ON benefit_plans FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0)))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
        "CREATE POLICY write_delete ON benefit_plans FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
    ],
    "benefit_templates": [
        "CREATE POLICY read ON benefit_templates FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:read'))::int[])))",
        "CREATE POLICY write_insert ON benefit_templates FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:templates:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:templates:write'))::int[])))",
        "CREATE POLICY write_update ON benefit_templates FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:templates:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:templates:write'))::int[])))",
        "CREATE POLICY write_delete ON benefit_templates FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:templates:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:templates:write'))::int[])))",
    ],
    "contract_cpv_codes": [
        "CREATE POLICY read ON contract_cpv_codes FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:read'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[]))))",
        "CREATE POLICY write_insert ON contract_cpv_codes FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_update ON contract_cpv_codes FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:read'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_delete ON contract_cpv_codes FOR DELETE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
    ],
    "contract_documents": [
        "CREATE POLICY read ON contract_documents FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:read'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[]))))",
        "CREATE POLICY write_insert ON contract_documents FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_update ON contract_documents FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:read'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_delete ON contract_documents FOR DELETE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
    ],
    "contract_imports": [
        "CREATE POLICY read ON contract_imports FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_insert ON contract_imports FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_update ON contract_imports FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_delete ON contract_imports FOR DELETE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
    ],
    "contract_participants": [
        "CREATE POLICY read ON contract_participants FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[])))",
        "CREATE POLICY write_insert ON contract_participants FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[])))",
        "CREATE POLICY write_update ON contract_participants FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[])))",
        "CREATE POLICY write_delete ON contract_participants FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[])))",
    ],
    "contracts": [
        "CREATE POLICY read ON contracts FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:read'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[]))))",
        "CREATE POLICY write_insert ON contracts FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_update ON contracts FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:read'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_delete ON contracts FOR DELETE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
    ],
    "invitations": [
        "CREATE POLICY read ON invitations FOR SELECT USING (samverka_flag('samverka.system') OR (((((SELECT samverka_everywhere('tenant:users:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:users:read'))::int[])) OR (((SELECT samverka_everywhere('region:users:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:users:read'))::int[]))) OR (((SELECT samverka_everywhere('platform:invite:coordinator')) AND (tenant_id IS NULL)) AND (partner_id IS NULL))))",
        "CREATE POLICY write_insert ON invitations FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((((SELECT samverka_everywhere('tenant:roles:manage')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:roles:manage'))::int[])) OR ((((SELECT samverka_everywhere('region:invite')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:invite'))::int[])) AND (role IN ('purchaser', 'partner_reader')))) OR ((SELECT samverka_everywhere('platform:invite:coordinator')) AND (role IN ('coordinator')))))",
        "CREATE POLICY write_update ON invitations FOR UPDATE USING (samverka_flag('samverka.system') OR (((((SELECT samverka_everywhere('tenant:users:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:users:read'))::int[])) OR (((SELECT samverka_everywhere('region:users:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:users:read'))::int[]))) OR (((SELECT samverka_everywhere('platform:invite:coordinator')) AND (tenant_id IS NULL)) AND (partner_id IS NULL)))) WITH CHECK (samverka_flag('samverka.system') OR (((((SELECT samverka_everywhere('tenant:roles:manage')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:roles:manage'))::int[])) OR ((((SELECT samverka_everywhere('region:invite')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:invite'))::int[])) AND (role IN ('purchaser', 'partner_reader')))) OR ((SELECT samverka_everywhere('platform:invite:coordinator')) AND (role IN ('coordinator')))))",
        "CREATE POLICY write_delete ON invitations FOR DELETE USING (samverka_flag('samverka.system') OR (((((SELECT samverka_everywhere('tenant:roles:manage')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:roles:manage'))::int[])) OR ((((SELECT samverka_everywhere('region:invite')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:invite'))::int[])) AND (role IN ('purchaser', 'partner_reader')))) OR ((SELECT samverka_everywhere('platform:invite:coordinator')) AND (role IN ('coordinator')))))",
    ],
    "join_invitations": [
        "CREATE POLICY read ON join_invitations FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:join:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:read'))::int[])) OR (((SELECT samverka_everywhere('region:join-answers:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:join-answers:read'))::int[]))))",
        "CREATE POLICY write_insert ON join_invitations FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])))",
        "CREATE POLICY write_update ON join_invitations FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:join:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:read'))::int[])) OR (((SELECT samverka_everywhere('region:join-answers:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:join-answers:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:join:answer')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:answer'))::int[])) OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[]))))",
        "CREATE POLICY write_delete ON join_invitations FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])))",
    ],
    "joint_procurements": [
        "CREATE POLICY read ON joint_procurements FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON joint_procurements FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])))",
        "CREATE POLICY write_update ON joint_procurements FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])))",
        "CREATE POLICY write_delete ON joint_procurements FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])))",
    ],
    "match_proposals": [
        "CREATE POLICY read ON match_proposals FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:proposals:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:proposals:read'))::int[])))",
        "CREATE POLICY write_insert ON match_proposals FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:proposals:decide')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:proposals:decide'))::int[])))",
        "CREATE POLICY write_update ON match_proposals FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:proposals:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:proposals:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:proposals:decide')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:proposals:decide'))::int[])))",
        "CREATE POLICY write_delete ON match_proposals FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:proposals:decide')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:proposals:decide'))::int[])))",
    ],
    "need_cpv_codes": [
        "CREATE POLICY read ON need_cpv_codes FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0))))",
        "CREATE POLICY write_insert ON need_cpv_codes FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
        "CREATE POLICY write_update ON need_cpv_codes FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0)))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
        "CREATE POLICY write_delete ON need_cpv_codes FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
    ],
    "need_events": [
        "CREATE POLICY read ON need_events FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0))))",
        "CREATE POLICY write_insert ON need_events FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:manage'))::int[] OR ((SELECT samverka_everywhere('region:needs:manage')) AND cardinality(shared_region_ids) > 0))))",
        "CREATE POLICY write_update ON need_events FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0)))) WITH CHECK (samverka_flag('samverka.system') OR false)",
        "CREATE POLICY write_delete ON need_events FOR DELETE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])) AND (cardinality(shared_region_ids) = 0)))",
    ],
    "need_submissions": [
        "CREATE POLICY read ON need_submissions FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (((SELECT samverka_everywhere('region:needs:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:needs:read'))::int[]))))",
        "CREATE POLICY write_insert ON need_submissions FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
        "CREATE POLICY write_update ON need_submissions FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (((SELECT samverka_everywhere('region:needs:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:needs:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
        "CREATE POLICY write_delete ON need_submissions FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])))",
    ],
    "needs": [
        "CREATE POLICY read ON needs FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0))))",
        "CREATE POLICY write_insert ON needs FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])) OR ((shared_region_ids && (SELECT samverka_held('region:needs:manage'))::int[] OR ((SELECT samverka_everywhere('region:needs:manage')) AND cardinality(shared_region_ids) > 0)) AND NOT (status IN ('draft')))))",
        "CREATE POLICY write_update ON needs FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:read'))::int[])) OR (shared_region_ids && (SELECT samverka_held('region:needs:read'))::int[] OR ((SELECT samverka_everywhere('region:needs:read')) AND cardinality(shared_region_ids) > 0)))) WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])) OR ((shared_region_ids && (SELECT samverka_held('region:needs:manage'))::int[] OR ((SELECT samverka_everywhere('region:needs:manage')) AND cardinality(shared_region_ids) > 0)) AND NOT (status IN ('draft')))))",
        "CREATE POLICY write_delete ON needs FOR DELETE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:needs:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:needs:write'))::int[])) AND (cardinality(shared_region_ids) = 0)))",
    ],
    "partner_organisations": [
        "CREATE POLICY read ON partner_organisations FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:read'))::int[])) OR (((SELECT samverka_everywhere('partner:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('partner:read'))::int[]))))",
        "CREATE POLICY write_insert ON partner_organisations FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:partners:manage')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:partners:manage'))::int[])))",
        "CREATE POLICY write_update ON partner_organisations FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:read'))::int[])) OR (((SELECT samverka_everywhere('partner:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('partner:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:partners:manage')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:partners:manage'))::int[])))",
        "CREATE POLICY write_delete ON partner_organisations FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:partners:manage')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:partners:manage'))::int[])))",
    ],
    "plan_fixed_shares": [
        "CREATE POLICY read ON plan_fixed_shares FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[])))",
        "CREATE POLICY write_insert ON plan_fixed_shares FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
        "CREATE POLICY write_update ON plan_fixed_shares FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
        "CREATE POLICY write_delete ON plan_fixed_shares FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
    ],
    "plan_item_participants": [
        "CREATE POLICY read ON plan_item_participants FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[])))",
        "CREATE POLICY write_insert ON plan_item_participants FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
        "CREATE POLICY write_update ON plan_item_participants FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
        "CREATE POLICY write_delete ON plan_item_participants FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
    ],
    "plan_item_shares": [
        "CREATE POLICY read ON plan_item_shares FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:plan:shares:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:shares:read'))::int[])) OR (((SELECT samverka_everywhere('tenant:budget:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:budget:read'))::int[]))))",
        "CREATE POLICY write_insert ON plan_item_shares FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
        "CREATE POLICY write_update ON plan_item_shares FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:plan:shares:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:shares:read'))::int[])) OR (((SELECT samverka_everywhere('tenant:budget:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:budget:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
        "CREATE POLICY write_delete ON plan_item_shares FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
    ],
    "plan_items": [
        "CREATE POLICY read ON plan_items FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[])))",
        "CREATE POLICY write_insert ON plan_items FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
        "CREATE POLICY write_update ON plan_items FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
        "CREATE POLICY write_delete ON plan_items FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
    ],
    "plan_settings": [
        "CREATE POLICY read ON plan_settings FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[])))",
        "CREATE POLICY write_insert ON plan_settings FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
        "CREATE POLICY write_update ON plan_settings FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
        "CREATE POLICY write_delete ON plan_settings FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
    ],
    "plan_votes": [
        "CREATE POLICY read ON plan_votes FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[])))",
        "CREATE POLICY write_insert ON plan_votes FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:plan:vote')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:plan:vote'))::int[])) AND (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[]))))",
        "CREATE POLICY write_update ON plan_votes FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR false)",
        "CREATE POLICY write_delete ON plan_votes FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:plan:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:plan:write'))::int[])))",
    ],
    "procurement_needs": [
        "CREATE POLICY read ON procurement_needs FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))",
        "CREATE POLICY write_insert ON procurement_needs FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR ((((SELECT samverka_everywhere('tenant:join:answer')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:answer'))::int[])) AND (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))))",
        "CREATE POLICY write_update ON procurement_needs FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR ((((SELECT samverka_everywhere('tenant:join:answer')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:answer'))::int[])) AND (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))))",
        "CREATE POLICY write_delete ON procurement_needs FOR DELETE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:procurements:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:write'))::int[])) OR ((((SELECT samverka_everywhere('tenant:join:answer')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:join:answer'))::int[])) AND (((SELECT samverka_everywhere('region:procurements:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:procurements:read'))::int[])))))",
    ],
    "region_lead_times": [
        "CREATE POLICY read ON region_lead_times FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[])))",
        "CREATE POLICY write_insert ON region_lead_times FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
        "CREATE POLICY write_update ON region_lead_times FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
        "CREATE POLICY write_delete ON region_lead_times FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:settings:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:settings:write'))::int[])))",
    ],
    "region_memberships": [
        "CREATE POLICY read ON region_memberships FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:members:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:members:read'))::int[])) OR (((SELECT samverka_everywhere('tenant:regions:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:regions:read'))::int[]))))",
        "CREATE POLICY write_insert ON region_memberships FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:tenants:manage')))",
        "CREATE POLICY write_update ON region_memberships FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('region:members:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:members:read'))::int[])) OR (((SELECT samverka_everywhere('tenant:regions:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:regions:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:tenants:manage')))",
        "CREATE POLICY write_delete ON region_memberships FOR DELETE USING (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:tenants:manage')))",
    ],
    "regions": [
        "CREATE POLICY read ON regions FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('region:read'))::int[])))",
        "CREATE POLICY write_insert ON regions FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:regions:manage')))",
        "CREATE POLICY write_update ON regions FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('region:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('region:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:regions:manage')))",
        "CREATE POLICY write_delete ON regions FOR DELETE USING (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:regions:manage')))",
    ],
    "reprocurements": [
        "CREATE POLICY read ON reprocurements FOR SELECT USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:read'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[]))))",
        "CREATE POLICY write_insert ON reprocurements FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_update ON reprocurements FOR UPDATE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:read'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:read'))::int[])))) WITH CHECK (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
        "CREATE POLICY write_delete ON reprocurements FOR DELETE USING (samverka_flag('samverka.system') OR ((((SELECT samverka_everywhere('tenant:contracts:write')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:contracts:write'))::int[])) OR (((SELECT samverka_everywhere('region:contracts:write')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:contracts:write'))::int[]))))",
    ],
    "role_assignments": [
        "CREATE POLICY read ON role_assignments FOR SELECT USING (samverka_flag('samverka.system') OR (user_id = (SELECT samverka_user_id()) OR (((((SELECT samverka_everywhere('tenant:users:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:users:read'))::int[])) OR (((SELECT samverka_everywhere('region:users:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:users:read'))::int[]))) OR (((SELECT samverka_everywhere('platform:invite:coordinator')) AND (tenant_id IS NULL)) AND (partner_id IS NULL)))))",
        "CREATE POLICY write_insert ON role_assignments FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:roles:manage')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:roles:manage'))::int[])))",
        "CREATE POLICY write_update ON role_assignments FOR UPDATE USING (samverka_flag('samverka.system') OR (user_id = (SELECT samverka_user_id()) OR (((((SELECT samverka_everywhere('tenant:users:read')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:users:read'))::int[])) OR (((SELECT samverka_everywhere('region:users:read')) AND region_id IS NOT NULL) OR region_id = ANY ((SELECT samverka_held('region:users:read'))::int[]))) OR (((SELECT samverka_everywhere('platform:invite:coordinator')) AND (tenant_id IS NULL)) AND (partner_id IS NULL))))) WITH CHECK (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:roles:manage')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:roles:manage'))::int[])))",
        "CREATE POLICY write_delete ON role_assignments FOR DELETE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:roles:manage')) AND tenant_id IS NOT NULL) OR tenant_id = ANY ((SELECT samverka_held('tenant:roles:manage'))::int[])))",
    ],
    "tenants": [
        "CREATE POLICY read ON tenants FOR SELECT USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('tenant:read'))::int[])))",
        "CREATE POLICY write_insert ON tenants FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:tenants:manage')))",
        "CREATE POLICY write_update ON tenants FOR UPDATE USING (samverka_flag('samverka.system') OR (((SELECT samverka_everywhere('tenant:read')) AND id IS NOT NULL) OR id = ANY ((SELECT samverka_held('tenant:read'))::int[]))) WITH CHECK (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:tenants:manage')))",
        "CREATE POLICY write_delete ON tenants FOR DELETE USING (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:tenants:manage')))",
    ],
    "thresholds": [
        "CREATE POLICY read ON thresholds FOR SELECT USING (samverka_flag('samverka.system') OR true)",
        "CREATE POLICY write_insert ON thresholds FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:thresholds:manage')))",
        "CREATE POLICY write_update ON thresholds FOR UPDATE USING (samverka_flag('samverka.system') OR true) WITH CHECK (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:thresholds:manage')))",
        "CREATE POLICY write_delete ON thresholds FOR DELETE USING (samverka_flag('samverka.system') OR (SELECT samverka_everywhere('platform:thresholds:manage')))",
    ],
    "users": [
        "CREATE POLICY read ON users FOR SELECT USING (samverka_flag('samverka.system') OR id = (SELECT samverka_user_id()))",
        "CREATE POLICY write_insert ON users FOR INSERT WITH CHECK (samverka_flag('samverka.system') OR id = (SELECT samverka_user_id()))",
        "CREATE POLICY write_update ON users FOR UPDATE USING (samverka_flag('samverka.system') OR id = (SELECT samverka_user_id())) WITH CHECK (samverka_flag('samverka.system') OR id = (SELECT samverka_user_id()))",
        "CREATE POLICY write_delete ON users FOR DELETE USING (samverka_flag('samverka.system') OR id = (SELECT samverka_user_id()))",
    ],
}
