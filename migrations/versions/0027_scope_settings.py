"""The scope functions read one short setting per permission, not the whole scope's JSON (issue 14).

Revision ID: 0027_scopesettings
Revises: 0026_auditbatch
Create Date: 2026-12-07

Every policy asks ``samverka_held(permission)`` and ``samverka_everywhere(permission)`` in scalar sub-selects,
once per statement and call site; the attention list's one statement has about a hundred. Each call parsed
the whole ``samverka.scope`` JSON again (about 24 µs for a regional coordinator's 1.4 KB): more than half of
that statement's execution. The application now also sets, per transaction (``tenancy.settings``), one
setting per permission held (``samverka.held.<name>``: ``<token>/{ids}``), one per kind of scope
(``samverka.held_any.<kind>``), the permissions held everywhere (``samverka.everywhere``: ``<token>/,p,q,``)
and the current token (``samverka.token``). A value counts only under the current token, so what an earlier
principal of the same transaction left set reads as nothing, as does anything when no token is set (a
connection between transactions). Reading one: about 2.6 µs.

The policies are unchanged: they call the same functions. ``samverka_scope()`` stays, unused by them, for a
person reading the JSON setting.
"""

import rls
from alembic import op

revision = "0027_scopesettings"
down_revision = "0026_auditbatch"
branch_labels = None
depends_on = None

# Simple SQL bodies without FROM: PostgreSQL inlines them into the calling sub-select.
FUNCTIONS = """
CREATE FUNCTION samverka_setting_name(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT replace(replace(replace(name, '_', '_u'), ':', '_c'), '-', '_h')
$$;
CREATE FUNCTION samverka_current(setting text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN starts_with(current_setting(setting, true), nullif(current_setting('samverka.token', true), '') || '/')
    THEN substr(current_setting(setting, true), length(current_setting('samverka.token', true)) + 2) END
$$;
CREATE OR REPLACE FUNCTION samverka_held(permission text) RETURNS int[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(samverka_current('samverka.held.' || samverka_setting_name(permission))::int[], '{}'::int[])
$$;
CREATE OR REPLACE FUNCTION samverka_everywhere(permission text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(strpos(samverka_current('samverka.everywhere'), ',' || permission || ',') > 0, false)
$$;
CREATE OR REPLACE FUNCTION samverka_held_any(kind text) RETURNS int[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(samverka_current('samverka.held_any.' || samverka_setting_name(kind))::int[], '{}'::int[])
$$;
CREATE OR REPLACE FUNCTION samverka_everywhere_any(kind text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(strpos(samverka_current('samverka.everywhere'), ',' || kind || ':') > 0, false)
$$;
"""


def _or_replace(functions: str) -> str:
    return functions.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


def upgrade():
    if rls.on_postgresql():  # SQLite (the demo) has no policies
        op.execute(FUNCTIONS)


def downgrade():
    if rls.on_postgresql():
        op.execute(_or_replace(rls.PERMISSION_SCOPE_FUNCTIONS))
        op.execute(_or_replace(rls.SCOPE_KIND_FUNCTIONS))
        op.execute("DROP FUNCTION samverka_current(text), samverka_setting_name(text)")
