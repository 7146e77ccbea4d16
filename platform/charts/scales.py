"""Axes: time (quarters or years) and amounts, with their tick labels in the page's language (Babel)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import format_compact_currency
from flask_babel import format_date, get_locale

# Quarters are labelled while each has this many points; a longer axis is labelled by year.
MIN_QUARTER_POINTS = 26
MAX_YEAR_LABELS = 10


def amount_text(minor: int, currency: str) -> str:
    """An amount in minor units, short for a chart ("1,2 mill. kr"); the table beside it has it exact."""
    return format_compact_currency(Decimal(minor) / 100, currency, locale=get_locale(), fraction_digits=1)


def currency_label(currency: str) -> Callable[[int], str]:
    """``amount_text`` in ``currency``, for a chart that writes its values with one function."""
    return lambda minor: amount_text(minor, currency)


@dataclass(frozen=True)
class TimeScale:
    start: date
    end: date
    x0: float
    x1: float

    def x(self, day: date) -> float:
        span = (self.end - self.start).days or 1
        return self.x0 + (self.x1 - self.x0) * (day - self.start).days / span

    def ticks(self) -> list[tuple[date, str, str]]:
        """(day, label, year under it): every quarter when there is room for its label, else every year."""
        first = date(self.start.year, 1, 1)
        quarters = [date(y, m, 1) for y in range(first.year, self.end.year + 1) for m in (1, 4, 7, 10)]
        quarters = [q for q in quarters if self.start <= q <= self.end]
        years = [q for q in quarters if q.month == 1]
        if quarters and (self.x1 - self.x0) / len(quarters) >= MIN_QUARTER_POINTS:
            return [(q, format_date(q, "QQQ"), str(q.year) if q.month == 1 else "") for q in quarters]
        step = max(1, -(-len(years) // MAX_YEAR_LABELS))
        return [(y, str(y.year), "") for y in years[::step]]


def quarter_start(quarter: str) -> date:
    """'2027-Q2' -> 1 April 2027."""
    year, number = quarter.split("-Q")
    return date(int(year), 3 * int(number) - 2, 1)


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month (spans are drawn in whole months)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class AmountScale:
    top: int  # minor units at x1: a round number at or above the largest value
    x0: float
    x1: float

    @classmethod
    def over(cls, largest: int, x0: float, x1: float) -> AmountScale:
        return cls(_round_up(max(largest, 1)), x0, x1)

    def x(self, minor: int) -> float:
        return self.x0 + (self.x1 - self.x0) * minor / self.top

    def ticks(self) -> list[int]:
        return [self.top * i // 4 for i in range(5)]


def _round_up(value: int) -> int:
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return 10 * magnitude
