"""Time as the whole application keeps it: naive UTC in the database."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC, microseconds kept: stored identically by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
