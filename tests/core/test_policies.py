"""PostgreSQL's row-level-security policies are exactly the ones the models' rules generate.

The migrations freeze the policy SQL when they are written; this proves that the database built by
them still says what the rules say now, so a rule changed without a migration fails here. Each
table's generated policies are created on an empty copy of it in a scratch schema, and PostgreSQL's
own reading of both (``pg_policies``) must agree. No policy may read another table.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text

from samverka.platform.core.tenancy.policies import all_policy_statements

pytestmark = pytest.mark.postgres

SCRATCH = "policy_check"
READS_ANOTHER_TABLE = re.compile(r"\bFROM\s+(?!jsonb_array_elements_text)", re.IGNORECASE)


def _policies(conn, schema: str) -> dict[tuple[str, str], tuple]:
    rows = conn.execute(
        text("SELECT tablename, policyname, cmd, permissive, qual, with_check FROM pg_policies WHERE schemaname = :s"),
        {"s": schema},
    )
    return {(r.tablename, r.policyname): (r.cmd, r.permissive, r.qual, r.with_check) for r in rows}


def test_the_policies_in_the_database_are_the_ones_the_rules_generate(app, databases):
    engine = create_engine(databases.superuser_url)
    with engine.connect() as conn, conn.begin():
        conn.execute(text(f"CREATE SCHEMA {SCRATCH}"))
        for table, statements in all_policy_statements().items():
            conn.execute(text(f"CREATE TABLE {SCRATCH}.{table} (LIKE public.{table})"))
            for statement in statements:
                conn.execute(text(statement.replace(f" ON {table} ", f" ON {SCRATCH}.{table} ", 1)))
        generated, applied = _policies(conn, SCRATCH), _policies(conn, "public")
        conn.rollback()
    engine.dispose()
    assert applied == generated


def test_no_policy_reads_another_table(app, databases):
    engine = create_engine(databases.superuser_url)
    with engine.connect() as conn:
        applied = _policies(conn, "public")
    engine.dispose()
    joins = {
        key: value for key, value in applied.items() if any(READS_ANOTHER_TABLE.search(e or "") for e in value[2:])
    }
    assert joins == {}
