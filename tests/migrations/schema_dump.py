"""What a migrated PostgreSQL database looks like, as deterministic JSON-able data.

``dump(url)`` reads the catalogue of schema ``public`` (as a superuser, so that
nothing is hidden from it) and returns:

- ``policies``: every row of ``pg_policies`` (table, name, permissive, roles,
  command, USING, WITH CHECK), as PostgreSQL deparses them;
- ``tables``: per table, whether row-level security is enabled and forced, its
  columns (name, type, nullable, default, in column order), its constraints
  (``pg_get_constraintdef``, by name), its indexes (``pg_get_indexdef``, by name),
  its triggers and the privileges granted on it;
- ``sequences``: their definition and the privileges granted on them;
- ``functions``: every function with its definition (``pg_get_functiondef``),
  whether it is SECURITY DEFINER and who may execute it;
- ``schema_grants``: the privileges on schema ``public``.

Role names are normalised: the application role reads ``{app}``, the owner role
``{owner}``, so a dump taken with one pair of role names compares with a database
migrated with another. Everything is sorted.

``fresh_database`` creates a database exactly as ``tests.support.services`` does
(non-superuser owner role, app role without BYPASSRLS) and ``migrate`` runs the
revisions on it as the owner, with ``APP_DB_ROLE`` naming the app role.

The committed ``data/schema_at_0007.json`` was written, before the revisions used
the shared ``migrations/rls.py``, by::

    .venv/bin/python -m tests.migrations.schema_dump 0007 tests/migrations/data/schema_at_0007.json

Writing it again from today's revisions would only prove that they equal themselves.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from sqlalchemy import create_engine, text

from samverka.platform.core.migrate import alembic_config
from tests.support import services

APP_PLACEHOLDER = "{app}"
OWNER_PLACEHOLDER = "{owner}"


def _url(base: str, database: str) -> str:
    return base.rsplit("/", 1)[0] + f"/{database}"


def owner_url(database: str) -> str:
    return _url(services.owner_url(), database)


def superuser_url(database: str) -> str:
    return _url(services.superuser_url(), database)


def _admin_engine():
    return create_engine(
        services.ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )


def create_database(database: str) -> None:
    """The owner and app roles as the suite makes them, and an empty database owned by the owner."""
    engine = _admin_engine()
    with engine.connect() as conn:
        for role, extra in (
            (services.OWNER_ROLE, ""),
            (services.APP_ROLE, " NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE"),
        ):
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
            if not exists:
                conn.execute(text(f"CREATE ROLE {role} LOGIN{extra}"))
        conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {database} OWNER {services.OWNER_ROLE}"))
    engine.dispose()


def drop_database(database: str) -> None:
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
    engine.dispose()


@contextmanager
def fresh_database(database: str) -> Iterator[str]:
    """Yields the database's name; drops it afterwards."""
    create_database(database)
    try:
        yield database
    finally:
        drop_database(database)


def migrate(url: str, revision: str, *, down: bool = False) -> None:
    """Run the revisions as the owner (``APP_DB_ROLE`` must name the app role)."""
    config = alembic_config(url)
    if down:
        command.downgrade(config, revision)
    else:
        command.upgrade(config, revision)


def _role_namer(conn, app_role: str, owner_role: str):
    names = dict(conn.execute(text("SELECT oid, rolname FROM pg_roles")).all())
    names[0] = "PUBLIC"
    rename = {app_role: APP_PLACEHOLDER, owner_role: OWNER_PLACEHOLDER}

    def name(role: str | int) -> str:
        role = names[role] if isinstance(role, int) else role
        return rename.get(role, role)

    return name


def _grants(rows, name) -> dict[str, list[str]]:
    """aclexplode rows (grantee oid, privilege, grantable) -> {grantee: sorted privileges}."""
    grants: dict[str, list[str]] = {}
    for grantee, privilege, grantable in rows:
        grants.setdefault(name(grantee), []).append(privilege + (" WITH GRANT OPTION" if grantable else ""))
    return {grantee: sorted(privileges) for grantee, privileges in sorted(grants.items())}


def _acl(conn, name, sql: str, **params) -> dict[str, list[str]]:
    rows = conn.execute(
        text(
            "SELECT (a).grantee, (a).privilege_type, (a).is_grantable"
            f" FROM (SELECT aclexplode(acl) AS a FROM ({sql}) s) x"
        ),
        params,
    ).all()
    return _grants(rows, name)


def _tables(conn, name) -> dict[str, dict]:
    tables = {}
    rows = conn.execute(
        text(
            "SELECT c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname"
        )
    ).all()
    for oid, table, rls, forced in rows:
        columns = [
            {"name": column, "type": type_, "nullable": not notnull, "default": default}
            for column, type_, notnull, default in conn.execute(
                text(
                    "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                    " pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a"
                    " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    " WHERE a.attrelid = :oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
                ),
                {"oid": oid},
            )
        ]
        constraints = {
            constraint: {"type": kind, "definition": definition}
            for constraint, kind, definition in conn.execute(
                text(
                    "SELECT conname, contype::text, pg_get_constraintdef(oid, true) FROM pg_constraint"
                    " WHERE conrelid = :oid ORDER BY conname"
                ),
                {"oid": oid},
            )
        }
        indexes = dict(
            conn.execute(
                text(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                    " WHERE x.indrelid = :oid ORDER BY i.relname"
                ),
                {"oid": oid},
            ).all()
        )
        triggers = dict(
            conn.execute(
                text(
                    "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger"
                    " WHERE tgrelid = :oid AND NOT tgisinternal ORDER BY tgname"
                ),
                {"oid": oid},
            ).all()
        )
        tables[table] = {
            "row_security": rls,
            "force_row_security": forced,
            "columns": columns,
            "constraints": constraints,
            "indexes": indexes,
            "triggers": triggers,
            "grants": _acl(conn, name, "SELECT relacl AS acl FROM pg_class WHERE oid = :oid", oid=oid),
        }
    return tables


def _sequences(conn, name) -> dict[str, dict]:
    sequences = {}
    rows = conn.execute(
        text(
            "SELECT s.sequencename, s.data_type::text, s.start_value, s.min_value, s.max_value, s.increment_by,"
            " s.cycle, s.cache_size FROM pg_sequences s WHERE s.schemaname = 'public' ORDER BY s.sequencename"
        )
    ).all()
    for sequence, data_type, start, minimum, maximum, increment, cycle, cache in rows:
        owned_by = conn.execute(
            text(
                "SELECT t.relname || '.' || a.attname FROM pg_depend d"
                " JOIN pg_class t ON t.oid = d.refobjid"
                " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                " WHERE d.objid = (quote_ident('public') || '.' || quote_ident(:s))::regclass"
                " AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
            ),
            {"s": sequence},
        ).scalar()
        sequences[sequence] = {
            "definition": {
                "data_type": data_type,
                "start": start,
                "min": minimum,
                "max": maximum,
                "increment": increment,
                "cycle": cycle,
                "cache": cache,
                "owned_by": owned_by,
            },
            "grants": _acl(
                conn,
                name,
                "SELECT c.relacl AS acl FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relname = :s",
                s=sequence,
            ),
        }
    return sequences


def _functions(conn, name) -> dict[str, dict]:
    functions = {}
    rows = conn.execute(
        text(
            "SELECT p.oid, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
            " p.prosecdef, pg_get_functiondef(p.oid) FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
        )
    ).all()
    for oid, signature, security_definer, definition in sorted(rows, key=lambda row: row[1]):
        functions[signature] = {
            "security_definer": security_definer,
            "definition": definition,
            # NULL proacl is the default: EXECUTE for PUBLIC and the owner.
            "grants": _acl(conn, name, "SELECT proacl AS acl FROM pg_proc WHERE oid = :oid", oid=oid),
        }
    return functions


def _policies(conn, name) -> list[dict]:
    rows = conn.execute(
        text(
            "SELECT tablename, policyname, permissive, roles::text[], cmd, qual, with_check FROM pg_policies"
            " WHERE schemaname = 'public' ORDER BY tablename, policyname"
        )
    ).all()
    return [
        {
            "tablename": table,
            "policyname": policy,
            "permissive": permissive,
            "roles": sorted(name(role) for role in roles),
            "cmd": cmd,
            "qual": qual,
            "with_check": with_check,
        }
        for table, policy, permissive, roles, cmd, qual, with_check in rows
    ]


def dump(url: str, app_role: str = services.APP_ROLE, owner_role: str = services.OWNER_ROLE) -> dict:
    """The catalogue of schema public at ``url`` (a superuser's connection), role names normalised."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            name = _role_namer(conn, app_role, owner_role)
            return {
                "policies": _policies(conn, name),
                "tables": _tables(conn, name),
                "sequences": _sequences(conn, name),
                "functions": _functions(conn, name),
                "schema_grants": _acl(conn, name, "SELECT nspacl AS acl FROM pg_namespace WHERE nspname = 'public'"),
            }
    finally:
        engine.dispose()


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def dump_at(revision: str, database: str) -> dict:
    """A fresh database migrated to ``revision`` with the revisions as they are now, dumped."""
    os.environ["APP_DB_ROLE"] = services.APP_ROLE
    with fresh_database(database):
        migrate(owner_url(database), revision)
        return dump(superuser_url(database))


def main(argv: list[str]) -> None:
    revision, output = argv
    data = dump_at(revision, f"samverka_dump_{os.getpid()}")
    with open(output, "w", encoding="utf-8") as file:
        file.write(to_json(data))


if __name__ == "__main__":
    main(sys.argv[1:])
