"""``deploy/backup`` and ``deploy/restore``: a dump of a world with audit events and a signed DPA restores into
an empty database where ``samverka audit verify`` and ``samverka signatures verify`` pass; a changed audit row
in the restored copy makes the audit check fail, and a restore into a database that is not empty is refused."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.deploy.scratch import BACKUP_ROLE, empty_database, ensure_backup_role, samverka, samverka_env, url_of
from tests.jobs.harness import REPO_ROOT, VENV_BIN
from tests.platform.signatures.factories import make_dpa_objects
from tests.support import services

pytestmark = [pytest.mark.postgres, pytest.mark.committed]


@pytest.fixture
def signed(app, tenant_a) -> int:
    """A DPA signed by Kongsberg's chief executive, committed (pg_dump reads it on a connection of its own)."""
    return make_dpa_objects(app, tenant_a)["dpa_procurement_id"]


def _script(name: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**env, "PATH": f"{VENV_BIN}:{os.environ['PATH']}", "SAMVERKA_BIN": str(VENV_BIN / "samverka")}
    return subprocess.run(
        [str(REPO_ROOT / "deploy" / name), *args], env=env, capture_output=True, text=True, timeout=300
    )


def _scalar(url: str, sql: str):
    engine = create_engine(url)
    with engine.begin() as connection:
        value = connection.execute(text(sql)).scalar()
    engine.dispose()
    return value


def _superuser_of(database: str) -> str:
    return services._sqlalchemy(services.ADMIN_URL.rsplit("/", 1)[0] + f"/{database}")


def _backup(tmp_path: Path) -> Path:
    backups = tmp_path / "backups"
    backups.mkdir()
    expired = backups / "samverka-20000101T000000Z.dump"
    expired.write_bytes(b"an old dump")
    os.utime(expired, (0, 0))
    ensure_backup_role()
    source = url_of(services.TEST_DB, BACKUP_ROLE)
    made = _script("backup", str(backups), env=samverka_env(services.TEST_DB, BACKUP_DATABASE_URL=source))
    assert made.returncode == 0, made.stderr
    dump = Path(made.stdout.strip().splitlines()[-1])
    assert dump.parent == backups and dump.stat().st_size > 0
    assert not expired.exists(), "the dump older than the retention is deleted"
    return dump


def test_a_dump_restores_into_an_empty_database_where_the_audit_chain_and_signatures_verify(app, signed, tmp_path):
    dump = _backup(tmp_path)
    events = _scalar(services.superuser_url(), "SELECT count(*) FROM audit_events")
    with empty_database("restore") as target:
        env = samverka_env(
            target,
            SAMVERKA_INSTANCE=str(tmp_path),
            DOCUMENT_DIR=app.config["DOCUMENT_DIR"],
            SIGNING_DEV_DIR=app.config["SIGNING_DEV_DIR"],
        )
        restored = _script("restore", str(dump), env=env)
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert f"audit chain intact: {events} events" in restored.stdout
        assert "all signatures verified: 1 signed DPA versions" in restored.stdout
        assert _scalar(_superuser_of(target), "SELECT count(*) FROM audit_events") == events > 0

        again = _script("restore", str(dump), env=env)
        assert again.returncode == 1 and "not empty" in again.stderr

        # A DBA's hand on the restored copy (no trigger stops a superuser in replica mode): one summary changed.
        engine = create_engine(_superuser_of(target))
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            connection.execute(
                text("UPDATE audit_events SET action = action || '!' WHERE seq = (SELECT min(seq) FROM audit_events)")
            )
        engine.dispose()
        checked = samverka("audit", "verify", env=env)
    assert checked.returncode == 1
    assert "audit chain BROKEN at event seq=" in checked.stderr
