"""Revisions are frozen history: sharing ``migrations/rls.py`` must not change what they build.

``data/schema_at_0007.json`` was dumped (``schema_dump``) from a database migrated to
0007 by the revisions as they were before they used the shared helpers. A fresh
database migrated to 0007 today must dump exactly the same: every policy as
PostgreSQL deparses it, row security enabled and forced, the app role's grants on
tables, sequences and the schema, the scope functions, and every table's columns,
constraints and indexes.

On PostgreSQL the revisions do not support downgrading to base (0002's
``DROP TABLE need_submissions`` fails: the ``tenancy`` policy on ``needs`` depends
on it), so there is no up-down-up test there; on SQLite there is.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from samverka.platform.core.migrate import alembic_config
from samverka.platform.models import metadata
from tests.migrations import schema_dump
from tests.support import services

DUMP_AT_0007 = Path(__file__).parent / "data" / "schema_at_0007.json"


def _diff(expected: dict, actual: dict) -> str:
    return "".join(
        difflib.unified_diff(
            schema_dump.to_json(expected).splitlines(keepends=True),
            schema_dump.to_json(actual).splitlines(keepends=True),
            fromfile=f"{DUMP_AT_0007.name} (before the shared helpers)",
            tofile="migrated to 0007 now",
            n=8,
        )
    )


@pytest.mark.postgres
def test_revisions_to_0007_build_exactly_the_schema_dumped_before_they_shared_helpers(monkeypatch):
    monkeypatch.setenv("APP_DB_ROLE", services.APP_ROLE)
    expected = json.loads(DUMP_AT_0007.read_text(encoding="utf-8"))
    with schema_dump.fresh_database(f"{services.TEST_DB}_frozen") as database:
        schema_dump.migrate(schema_dump.owner_url(database), "0007")
        actual = json.loads(schema_dump.to_json(schema_dump.dump(schema_dump.superuser_url(database))))
    assert actual["policies"], "the dump found no policies: is it reading the right database?"
    if actual != expected:
        pytest.fail("revisions 0001-0007 no longer build what they built:\n" + _diff(expected, actual), pytrace=False)


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return current


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_revisions_run_to_head_and_back_on_sqlite(tmp_path):
    """The revisions import the shared helpers on SQLite too, and emit PostgreSQL-only SQL only on PostgreSQL.

    0001-0007 go down and up again; 0008 moves scope columns and replaces every policy, and is
    undone by restoring a backup (its downgrade says so), so the round trip stops below it.
    """
    url = f"sqlite:///{tmp_path / 'migrations.db'}"
    schema_dump.migrate(url, "0007")
    schema_dump.migrate(url, "base", down=True)
    assert _revision(url) is None
    assert _tables(url) == {"alembic_version"}

    schema_dump.migrate(url, "head")
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert _revision(url) == head
    assert _tables(url) == {table.name for table in metadata.sorted_tables} | {"alembic_version"}
