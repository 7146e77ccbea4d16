"""Follow-up periods, planned benefit and a line's status: pure functions of dates and numbers, no database.

A line is followed up per calendar-aligned period (quarter, half-year or year). The planned benefit of a
quantitative line grows linearly from nothing on the day follow-up starts to the whole target on the target
date; a line is behind when what it realised is under 90 % of what was planned by today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

QUARTERLY, HALF_YEARLY, YEARLY = "quarterly", "half_yearly", "yearly"
PERIOD_KINDS = (QUARTERLY, HALF_YEARLY, YEARLY)
MONTHS = {QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}

MONEY, HOURS, COUNT, SCALE = "money", "hours", "count", "scale"
VALUE_KINDS = (MONEY, HOURS, COUNT, SCALE)
QUANTITATIVE = (MONEY, HOURS, COUNT)
SCALE_MIN, SCALE_MAX = 1, 5
DERIVED_KINDS = {
    "cost_saved": MONEY,
    "cost_avoided": MONEY,
    "time_saved": HOURS,
    "quality": SCALE,
    "risk_reduced": SCALE,
}

ON_TRACK, BEHIND, REALISED, DROPPED = "on_track", "behind", "realised", "dropped"
STATUSES = (ON_TRACK, BEHIND, REALISED, DROPPED)
BEHIND_SHARE = Decimal("0.9")
# A period's measurement is due the day after it ends and overdue this many days after that.
DUE_GRACE_DAYS = 30
CENT = Decimal("0.01")


@dataclass(frozen=True, order=True)
class Period:
    """One follow-up period, both days included."""

    start: date
    end: date


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_for(kind: str, day: date) -> Period:
    """The period of ``kind`` that contains ``day``."""
    months = MONTHS[kind]
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    return Period(start, _add_months(start, months) - timedelta(days=1))


def is_period_start(kind: str, day: date) -> bool:
    return period_for(kind, day).start == day


def periods(kind: str, start: date, until: date) -> list[Period]:
    """The periods from the one containing ``start`` up to the one containing ``until`` (none if until < start)."""
    found = []
    period = period_for(kind, start)
    while period.start <= until and start <= until:
        found.append(period)
        period = period_for(kind, period.end + timedelta(days=1))
    return found


def value_kind(line) -> str:
    """What a line measures: its own choice, or what its benefit type implies."""
    return line.value_kind or DERIVED_KINDS[line.benefit_type]


def is_quantitative(line) -> bool:
    return value_kind(line) in QUANTITATIVE


def planned_cumulative(line, follow_up_start: date, on: date) -> Decimal | None:
    """What the line planned to have realised by the end of ``on``: a straight line from start to target."""
    if not is_quantitative(line) or line.target_value is None:
        return None
    target = Decimal(line.target_value)
    if on < follow_up_start:
        return Decimal("0.00")
    if line.target_date is None or line.target_date <= follow_up_start or on >= line.target_date:
        return target.quantize(CENT)
    # Day by day, counting the start day itself, so the whole target is reached on the target date.
    elapsed = (on - follow_up_start).days + 1
    span = (line.target_date - follow_up_start).days + 1
    return (target * elapsed / span).quantize(CENT)


def planned_in(line, follow_up_start: date, start: date, end: date) -> Decimal | None:
    """What the line planned to realise between ``start`` and ``end``, both included."""
    until_end = planned_cumulative(line, follow_up_start, end)
    if until_end is None:
        return None
    return until_end - planned_cumulative(line, follow_up_start, start - timedelta(days=1))


def status(line, follow_up_start: date, measurements: Iterable, today: date) -> str:
    """On track, behind, realised or dropped (stored); ``measurements`` have ``period_start``, ``amount``, ``score``."""
    if line.follow_up_status == DROPPED:
        return DROPPED
    measured = sorted(measurements, key=lambda m: m.period_start)
    if is_quantitative(line):
        return _quantitative_status(line, follow_up_start, measured, today)
    return _scale_status(line, measured, today)


def reported_until(line, today: date) -> date:
    """The end of the line's last period that has ended: what could have been reported by ``today``.

    A line is compared with what its plan promised by then, not by today: a period still running cannot have been
    reported, so a line is not behind on the day after its delivery."""
    return period_for(line.follow_up_period, today).start - timedelta(days=1)


def _quantitative_status(line, follow_up_start: date, measured: list, today: date) -> str:
    realised = sum((Decimal(m.amount) for m in measured if m.amount is not None), Decimal(0))
    if line.target_value is not None and realised >= line.target_value:
        return REALISED
    planned = planned_cumulative(line, follow_up_start, reported_until(line, today))
    if planned is not None and realised < planned * BEHIND_SHARE:
        return BEHIND
    return ON_TRACK


def _scale_status(line, measured: list, today: date) -> str:
    scores = [m.score for m in measured if m.score is not None]
    if not scores or line.target_value is None:
        return ON_TRACK
    if scores[-1] >= line.target_value:
        return REALISED
    if line.target_date is not None and line.target_date < today:
        return BEHIND
    return ON_TRACK


def due_on(period: Period) -> date:
    """The first day a period's measurement is due."""
    return period.end + timedelta(days=1)


def overdue_on(period: Period, grace_days: int = DUE_GRACE_DAYS) -> date:
    """The first day a period's measurement is overdue."""
    return due_on(period) + timedelta(days=grace_days)
