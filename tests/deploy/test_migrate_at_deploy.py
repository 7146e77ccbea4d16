"""Two web processes starting at once each run ``samverka db upgrade`` first (ExecStartPre): one migrates,
the other waits for the advisory lock and finds the schema at head."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import create_engine, text

from tests.deploy.scratch import empty_database, samverka_env, url_of
from tests.jobs.harness import REPO_ROOT, VENV_BIN
from tests.support import services

pytestmark = pytest.mark.postgres


def _head() -> str:
    from alembic.script import ScriptDirectory

    from samverka.platform.core.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config("postgresql://unused")).get_current_head()


def test_two_upgrades_started_at_once_on_an_empty_database_both_succeed_and_migrate_once(tmp_path):
    with empty_database("migrate") as database:
        env = samverka_env(database, SAMVERKA_INSTANCE=str(tmp_path))
        command = [str(VENV_BIN / "samverka"), "db", "upgrade"]
        started = [
            subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        results = [(process.wait(timeout=300), *process.communicate()) for process in started]
        engine = create_engine(url_of(database, services.OWNER_ROLE))
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        engine.dispose()

    assert [code for code, _, _ in results] == [0, 0], results
    head = _head()
    said = sorted(out.strip().splitlines()[-1] for _, out, _ in results)
    # One found the database empty and migrated it; the other waited and found it done.
    assert said == [f"database at {head} (was empty)", f"database at {head} already"], results
    assert versions == [head]
