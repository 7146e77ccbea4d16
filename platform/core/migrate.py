"""Running Alembic from the application: migrations always run as the database owner.

On PostgreSQL the upgrade holds an advisory lock for its whole run: two web processes (or hosts) starting
at once, each with ``samverka db upgrade`` before it, migrate one after the other, and the second finds
the schema at head and does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parents[2]
# The advisory lock's key, one per database: "Samverka migrate" as a number, chosen once, never reused.
MIGRATION_LOCK_KEY = 0x53616D7665726B61


def alembic_config(url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["url"] = url
    return config


@contextmanager
def migration_lock(url: str) -> Iterator[None]:
    """Hold the database's migration lock (PostgreSQL) on a connection of its own; elsewhere nothing to hold."""
    if make_url(url).get_backend_name() != "postgresql":
        yield
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            # Session-level: it outlives the migrations' own transactions and ends with this connection.
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def upgrade(app: Flask, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate to ``revision``; returns the revision found (``None``: an empty database) and the one left."""
    url = app.config["DATABASE_OWNER_URL"] or app.config["SQLALCHEMY_DATABASE_URI"]
    with migration_lock(url):
        before = current_revision(url)
        command.upgrade(alembic_config(url), revision)
        return before, current_revision(url)
