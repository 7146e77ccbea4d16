"""Shared column helpers for tenancy models."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC, microseconds kept: stored identically by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
