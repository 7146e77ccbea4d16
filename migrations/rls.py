"""Row-level security helpers shared by the revisions in ``versions/``.

THE RULE: a revision must never change its effect because code changed later.
Everything in this module is frozen as soon as a revision uses it: never change
what a function emits or what a constant says, not its SQL text, its order of
statements, its defaults or its names, not even to tidy it up. A new behaviour
is a new function (or constant) with a new name, used by the revision that needs
it; the old one stays as it is for the revisions that already use it. This module
only grows.

``tests/migrations/test_frozen_revisions.py`` proves it for 0001-0007: the schema
they build (policies, row security, grants, functions, tables) must equal the dump
``tests/migrations/data/schema_at_0007.json`` taken before they shared this module.

Nothing here imports application code (``samverka.*``): the application's rules
(``samverka.tenants.tenancy_rules``) change; what a revision did does not. The
revisions import this module as ``rls``: ``migrations/env.py`` puts this folder
on ``sys.path`` before Alembic loads them (Alembic commands that never run env.py,
such as a bare ``alembic history``, need ``prepend_sys_path = migrations`` in
alembic.ini). Everything that emits SQL is for PostgreSQL only; revisions call it
under ``if rls.on_postgresql():``.
"""

import os

import sqlalchemy as sa
from alembic import op

# The scope functions the policies read; revision 0001 creates them.
SCOPE_FUNCTIONS = """
CREATE FUNCTION samverka_ids(setting text) RETURNS int[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_to_array(nullif(current_setting(setting, true), ''), ',')::int[], '{}'::int[])
$$;
CREATE FUNCTION samverka_flag(setting text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting(setting, true), '') = 'on'
$$;
CREATE FUNCTION samverka_user_id() RETURNS int LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('samverka.user_id', true), '')::int
$$;
"""
DROP_SCOPE_FUNCTIONS = "DROP FUNCTION IF EXISTS samverka_ids(text), samverka_flag(text), samverka_user_id()"

# The system's own work (jobs, migrations of data) and the platform operator.
SYSTEM = "samverka_flag('samverka.system')"
OPERATOR = "samverka_flag('samverka.operator')"

# Privileges the app role gets on an ordinary table.
READ_WRITE = "SELECT, INSERT, UPDATE, DELETE"


def ids(name):
    """The ids in the transaction-local setting ``samverka.<name>`` (empty when unset)."""
    return f"samverka_ids('samverka.{name}')"


def app_role():
    """The role the policies and grants are for: ``APP_DB_ROLE``, default ``samverka_app``."""
    return os.environ.get("APP_DB_ROLE", "samverka_app")


def on_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def require_app_role(role):
    """Stop the migration unless the app role exists."""
    op.execute(f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
        RAISE EXCEPTION 'create the application role {role} (LOGIN NOBYPASSRLS) before migrating';
      END IF; END $$""")


def create_scope_functions():
    op.execute(SCOPE_FUNCTIONS)


def drop_scope_functions():
    op.execute(DROP_SCOPE_FUNCTIONS)


def grant_schema_usage(role):
    op.execute(f"GRANT USAGE ON SCHEMA public TO {role}")


def enable_and_force_rls(table):
    """Row-level security on, and forced, so that the table owner obeys it too."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def create_policy(table, name, *, command=None, using=None, check=None):
    """``CREATE POLICY name ON table [FOR command] [USING (using)] [WITH CHECK (check)]``."""
    clauses = (
        (f" FOR {command}" if command else "")
        + (f" USING ({using})" if using else "")
        + (f" WITH CHECK ({check})" if check else "")
    )
    op.execute(f"CREATE POLICY {name} ON {table}{clauses}")


def tenancy_policy(table, using, check=None):
    """One policy ``tenancy`` for every command; WITH CHECK is ``using`` unless ``check`` is given."""
    create_policy(table, "tenancy", using=using, check=check or using)


def command_policies(table, policies):
    """One policy per ``(name, command, USING or None, WITH CHECK or None)``, in the order given."""
    for name, command, using, check in policies:
        create_policy(table, name, command=command, using=using, check=check)


def read_write_policies(table, read, write):
    """``read`` for SELECT; ``write`` for INSERT, UPDATE (both ways) and DELETE."""
    command_policies(
        table,
        [
            ("read", "SELECT", read, None),
            ("write_insert", "INSERT", None, write),
            ("write_update", "UPDATE", write, write),
            ("write_delete", "DELETE", write, None),
        ],
    )


def grant(privileges, table, role):
    op.execute(f"GRANT {privileges} ON {table} TO {role}")


def grant_read_write(table, role):
    grant(READ_WRITE, table, role)


def grant_sequence(sequence, role):
    op.execute(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {role}")


def grant_all_sequences(role):
    """Every sequence that exists now; a later table's sequence needs this (or ``grant_sequence``) again."""
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")


def foreign_key(table, column, target, ondelete="CASCADE"):
    """``column`` references ``target.id``, named ``fk_<table>_<column>_<target>`` by the naming convention."""
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


# --- Added with revision 0008: one scope setting read per permission, and generated policies ---

# The principal's scope as one JSON setting: {"ids": {"<permission>": [ids]}, "everywhere": [...]}.
# Each function is STABLE, and the policies call it in a scalar sub-select, so it runs once per statement.
PERMISSION_SCOPE_FUNCTIONS = """
CREATE FUNCTION samverka_scope() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('samverka.scope', true), ''), '{}')::jsonb
$$;
CREATE FUNCTION samverka_held(permission text) RETURNS int[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(value::int), '{}'::int[])
  FROM jsonb_array_elements_text(coalesce(samverka_scope() -> 'ids' -> permission, '[]'::jsonb))
$$;
CREATE FUNCTION samverka_everywhere(permission text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(samverka_scope() -> 'everywhere' ? permission, false)
$$;
"""


def create_permission_scope_functions():
    op.execute(PERMISSION_SCOPE_FUNCTIONS)


def drop_policies_of(table):
    """Drop every policy on ``table``, whatever its name: a revision that replaces them all."""
    op.execute(f"""DO $$ DECLARE found record; BEGIN
      FOR found IN SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = '{table}' LOOP
        EXECUTE format('DROP POLICY %I ON {table}', found.policyname);
      END LOOP; END $$""")


def execute_all(statements):
    """Run statements frozen in a revision (e.g. generated policies), in order."""
    for statement in statements:
        op.execute(statement)


# --- Added with revision 0012: a system role of its own, and an audit chain only a function appends to ---


def system_role():
    """The role system work connects as (jobs, sign-in look-up): ``SYSTEM_DB_ROLE``, default ``samverka_system``."""
    return os.environ.get("SYSTEM_DB_ROLE", "samverka_system")


def create_system_function(role):
    """``samverka_system()``: whether this connection logged in as the system role.

    It reads ``session_user``, the role the connection logged in as, which neither ``set_config`` nor a
    SECURITY DEFINER function changes: the web role can never make itself the system. The old flag
    ``samverka_flag('samverka.system')`` is honoured from now on only for that role, too.
    """
    op.execute(f"""CREATE FUNCTION samverka_system() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT pg_has_role(session_user, '{role}', 'MEMBER')
$$""")
    op.execute("""CREATE OR REPLACE FUNCTION samverka_flag(setting text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting(setting, true), '') = 'on'
    AND (setting <> 'samverka.system' OR samverka_system())
$$""")


def grant_system_role(role):
    """The system role reads and writes every table, now and those the owner creates later."""
    grant_schema_usage(role)
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    grant_all_sequences(role)
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}")


# Any id of a scope of ``kind`` (tenant, region, partner) in which the principal holds some permission.
SCOPE_KIND_FUNCTIONS = """
CREATE FUNCTION samverka_held_any(kind text) RETURNS int[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT ids.value::int), '{}'::int[])
  FROM jsonb_each(coalesce(samverka_scope() -> 'ids', '{}'::jsonb)) AS held(permission, list),
       jsonb_array_elements_text(held.list) AS ids(value)
  WHERE held.permission LIKE kind || ':%'
$$;
CREATE FUNCTION samverka_everywhere_any(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT FROM jsonb_array_elements_text(coalesce(samverka_scope() -> 'everywhere', '[]'::jsonb)) AS e(permission)
    WHERE e.permission LIKE kind || ':%')
$$;
"""


def create_scope_kind_functions():
    op.execute(SCOPE_KIND_FUNCTIONS)


# Appending to the audit chain: the head is locked, the event must link to it, and (unless the system
# appends) must name the acting user and scopes that user works in; the insert passes the table's policy.
AUDIT_APPEND_FUNCTION = """
CREATE FUNCTION samverka_append_audit(
  p_occurred_at timestamp, p_actor_user_id int, p_actor_label text, p_tenant_id int, p_region_id int,
  p_object_type text, p_object_id text, p_action text, p_summary json, p_prev_hash text, p_hash text
) RETURNS int LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  IF head.last_hash IS DISTINCT FROM p_prev_hash THEN
    RAISE EXCEPTION 'audit event does not link to the head of the chain' USING ERRCODE = '40001';
  END IF;
  IF NOT samverka_system() AND p_actor_label IS DISTINCT FROM 'user:' || p_actor_user_id THEN
    RAISE EXCEPTION 'an audit event names its actor as the acting user' USING ERRCODE = '42501';
  END IF;
  INSERT INTO audit_events (seq, occurred_at, actor_user_id, actor_label, tenant_id, region_id, object_type,
                            object_id, action, summary, prev_hash, hash)
  VALUES (head.last_seq + 1, p_occurred_at, p_actor_user_id, p_actor_label, p_tenant_id, p_region_id,
          p_object_type, p_object_id, p_action, p_summary, p_prev_hash, p_hash);
  UPDATE audit_chain_head SET last_seq = head.last_seq + 1, last_hash = p_hash WHERE id = 1;
  RETURN head.last_seq + 1;
END
$$
"""


# The head, locked until the transaction ends: the caller computes the next hash from it, then appends.
AUDIT_HEAD_FUNCTION = """
CREATE FUNCTION samverka_lock_audit_head(OUT last_seq int, OUT last_hash text) LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE
$$
"""


def create_audit_append_function(*roles):
    """Only these functions append to the chain: the roles may execute them, and no longer write the tables."""
    op.execute(AUDIT_HEAD_FUNCTION)
    op.execute(AUDIT_APPEND_FUNCTION)
    for function in ("samverka_lock_audit_head", "samverka_append_audit"):
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        for role in roles:
            op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {role}")
    for role in roles:
        op.execute(f"REVOKE INSERT, UPDATE, DELETE ON audit_events FROM {role}")
        op.execute(f"REVOKE INSERT, UPDATE, DELETE ON audit_chain_head FROM {role}")


def immutable_columns_trigger(table, columns):
    """Refuse an UPDATE that moves a row to another scope (a trigger: a policy sees only the new row)."""
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
    name = f"samverka_{table}_scope_fixed"
    op.execute(f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF ({changed}) AND NOT samverka_system() THEN
    RAISE EXCEPTION '{table}: a row stays in its scope' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$""")
    op.execute(f"CREATE TRIGGER scope_fixed BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
