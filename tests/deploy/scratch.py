"""Scratch databases for the deployment tests: empty, owned by the suite's owner role, dropped afterwards."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from tests.jobs.harness import REPO_ROOT, VENV_BIN
from tests.support import services


def _admin(statement: str) -> None:
    engine = create_engine(services._sqlalchemy(services.ADMIN_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


BACKUP_ROLE = "samverka_test_backup"


def ensure_backup_role() -> None:
    """deploy/backup's role, as the README creates it: reads every row, bypassing RLS, and owns nothing."""
    engine = create_engine(services._sqlalchemy(services.ADMIN_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": BACKUP_ROLE}).scalar():
            connection.execute(text(f"CREATE ROLE {BACKUP_ROLE} LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE"))
            connection.execute(text(f"GRANT pg_read_all_data TO {BACKUP_ROLE}"))
    engine.dispose()


def url_of(name: str, role: str) -> str:
    return services._sqlalchemy(f"postgresql://{role}@{services._host_part()}/{name}")


@contextmanager
def empty_database(suffix: str) -> Iterator[str]:
    """A new, empty database (the roles exist already); yields its name."""
    name = f"{services.TEST_DB}_{suffix}"
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name} OWNER {services.OWNER_ROLE}")
    try:
        yield name
    finally:
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def samverka_env(database: str, **extra: str) -> dict[str, str]:
    """The environment of a ``samverka`` command on ``database`` with the suite's three roles."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=url_of(database, services.APP_ROLE),
        DATABASE_OWNER_URL=url_of(database, services.OWNER_ROLE),
        SYSTEM_DATABASE_URL=url_of(database, services.SYSTEM_ROLE),
        APP_DB_ROLE=services.APP_ROLE,
        SYSTEM_DB_ROLE=services.SYSTEM_ROLE,
        **extra,
    )
    return env


def samverka(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "samverka"), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
