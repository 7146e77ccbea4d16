"""Time as the whole application keeps it: naive UTC in the database, local dates for people, month arithmetic.

A date a person acts on (an invitation's deadline, a re-procurement's start, a reminder's
day) is the municipality's calendar date, not UTC's: at 00:30 in Oslo it is already the
next day there while UTC still has the previous one.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


def utcnow() -> datetime:
    """Naive UTC, microseconds kept: stored identically by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


ZONES: dict[str, ZoneInfo] = {"NO": ZoneInfo("Europe/Oslo"), "SE": ZoneInfo("Europe/Stockholm")}
CURRENCY_COUNTRIES = {"NOK": "NO", "SEK": "SE"}  # a region's country, from the currency it plans in


def local_date(moment: datetime, country: str) -> date:
    """The calendar date in ``country`` at ``moment`` (naive UTC as stored, or time-zone aware)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZONES[country]).date()


def local_today(country: str, now: datetime | None = None) -> date:
    """Today's date in ``country``; pass ``now`` to decide at a given instant."""
    return local_date(now or utcnow(), country)


def earliest_local_today(now: datetime | None = None) -> date:
    """The earliest date any supported country has at ``now``: a day not yet over anywhere."""
    return min(local_today(country, now) for country in ZONES)


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


# Dates as people type them: ISO (2023-04-01, the Swedish standard), day first with dots (01.04.2023, 1.4.2023,
# the Norwegian form) or slashes (01/04/2023, British English). Always day before month: no page of ours
# writes month first, so "01/04/2023" is never April's first in one language and January's fourth in another.
_TYPED_DATES = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (0, 1, 2)),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), (2, 1, 0)),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), (2, 1, 0)),
)
# How a form shows a date to edit, per page language: the form each country writes by hand.
DATE_PATTERNS = {"nb": "%d.%m.%Y", "sv": "%Y-%m-%d", "en": "%d/%m/%Y"}


def parse_typed_date(text: str) -> date | None:
    """The date in ``text`` typed in any of the accepted forms; None when it is not one (or not a real day)."""
    for pattern, (year, month, day) in _TYPED_DATES:
        match = pattern.match(text.strip())
        if match:
            parts = match.groups()
            try:
                return date(int(parts[year]), int(parts[month]), int(parts[day]))
            except ValueError:
                return None  # 31.02.2023
    return None


def typed_date_text(day: date | None, locale: str) -> str:
    """A date as the form of ``locale``'s page shows it for editing (01.04.2023, 2023-04-01, 01/04/2023)."""
    return "" if day is None else day.strftime(DATE_PATTERNS.get(locale, DATE_PATTERNS["sv"]))
