"""Alembic environment: migrations run as the database owner, never as the app role.

The URL comes from ``DATABASE_OWNER_URL`` (falling back to ``DATABASE_URL``), or
from ``config.attributes['url']`` when called by ``samverka db upgrade``.

This folder goes on ``sys.path`` first, before Alembic loads the revisions, so
that each of them can ``import rls`` (the frozen helpers in ``migrations/rls.py``)
whether ``samverka db upgrade``, the test suite or ``alembic upgrade`` runs them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from alembic import context
from sqlalchemy import create_engine

from samverka.platform.models import metadata

MIGRATIONS = str(Path(__file__).resolve().parent)
if MIGRATIONS not in sys.path:
    sys.path.insert(0, MIGRATIONS)


def _url() -> str:
    url = context.config.attributes.get("url") or os.environ.get("DATABASE_OWNER_URL") or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("set DATABASE_OWNER_URL or DATABASE_URL to migrate")
    return url


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = create_engine(_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
