"""Time as the whole application keeps it: naive UTC in the database, and month arithmetic on dates."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


def utcnow() -> datetime:
    """Naive UTC, microseconds kept: stored identically by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier; the 31st becomes the month's last day where it has none."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class months_before_sql(FunctionElement):
    """``months_before`` in SQL, the same on both databases, so a list can be ordered (and paged) by it."""

    type = Date()
    inherit_cache = True
    name = "samverka_months_before"


@compiles(months_before_sql, "postgresql")
def _months_before_postgresql(element, compiler, **kw):
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    return f"(({day}) - make_interval(months => ({months})))::date"


@compiles(months_before_sql)
def _months_before_sqlite(element, compiler, **kw):
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    return f"samverka_months_before({day}, {months})"


def sqlite_months_before(day: str | None, months: int | None) -> str | None:
    """The SQLite function behind ``months_before_sql``: ISO dates in and out, as SQLite stores them."""
    if day is None or months is None:
        return None
    return months_before(date.fromisoformat(day), int(months)).isoformat()
