"""Finding the real PostgreSQL and Redis the suite runs against, and preparing them.

``make test`` sets ``SAMVERKA_REQUIRE_SERVICES=1`` in CI: then a missing service
is an error, never a skip.
"""

from __future__ import annotations

import os

import psycopg
import redis
from sqlalchemy import create_engine, text

ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# One database per pytest process, so that parallel runs never drop each other's.
TEST_DB = os.environ.get("TEST_PG_DATABASE", f"samverka_test_{os.getpid()}")
OWNER_ROLE = "samverka_test_owner"
APP_ROLE = "samverka_test_app"
# The system's own role: jobs and the sign-in look-up; the policies let it through, nothing else does.
SYSTEM_ROLE = "samverka_test_system"
REDIS_URL = os.environ.get("TEST_REDIS_URL", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"))


def required() -> bool:
    return os.environ.get("SAMVERKA_REQUIRE_SERVICES") == "1"


def postgres_problem() -> str | None:
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL unreachable at {ADMIN_URL}: {exc.__class__.__name__}"


def redis_problem() -> str | None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
        return None
    except redis.RedisError as exc:
        return f"Redis unreachable at {REDIS_URL}: {exc.__class__.__name__}"


def _sqlalchemy(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def _host_part() -> str:
    return ADMIN_URL.split("@", 1)[1].rsplit("/", 1)[0]


def owner_url(database: str = TEST_DB) -> str:
    return _sqlalchemy(f"postgresql://{OWNER_ROLE}@{_host_part()}/{database}")


def app_url(database: str = TEST_DB) -> str:
    return _sqlalchemy(f"postgresql://{APP_ROLE}@{_host_part()}/{database}")


def system_url(database: str = TEST_DB) -> str:
    return _sqlalchemy(f"postgresql://{SYSTEM_ROLE}@{_host_part()}/{database}")


def recreate_database(database: str = TEST_DB) -> None:
    """A fresh test database owned by a non-superuser owner; the app role owns nothing."""
    engine = create_engine(_sqlalchemy(ADMIN_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        limited = " NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE"
        for role, extra in ((OWNER_ROLE, ""), (APP_ROLE, limited), (SYSTEM_ROLE, limited)):
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
            if not exists:
                conn.execute(text(f"CREATE ROLE {role} LOGIN{extra}"))
        conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {database} OWNER {OWNER_ROLE}"))
    engine.dispose()


def drop_database(database: str = TEST_DB) -> None:
    engine = create_engine(_sqlalchemy(ADMIN_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
    engine.dispose()


def superuser_url() -> str:
    """The test database as the superuser: a DBA's hand, which RLS does not stop."""
    return _sqlalchemy(ADMIN_URL.rsplit("/", 1)[0] + f"/{TEST_DB}")
