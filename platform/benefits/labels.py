"""Translated labels of the benefit follow-up, and how a measured value reads in the page's language."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_currency, format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from samverka.platform.benefits import periods as p
from samverka.platform.benefits.services import follow_up as f

STATUS_LABELS = {
    p.ON_TRACK: _l("On track"),
    p.BEHIND: _l("Behind"),
    p.REALISED: _l("Realised"),
    p.DROPPED: _l("Dropped"),
}
# The colours of ui.tag: realised is done, behind needs acting on, dropped is ended.
STATUS_COLORS = {p.ON_TRACK: "info", p.BEHIND: "warning", p.REALISED: "success", p.DROPPED: "neutral"}
PERIOD_KIND_LABELS = {p.QUARTERLY: _l("Quarterly"), p.HALF_YEARLY: _l("Half-yearly"), p.YEARLY: _l("Yearly")}
VALUE_KIND_LABELS = {
    p.MONEY: _l("Money"),
    p.HOURS: _l("Hours"),
    p.COUNT: _l("Count"),
    p.SCALE: _l("Scale from 1 to 5"),
}
SCALE_LABELS = {
    1: _l("Not realised"),
    2: _l("Slightly realised"),
    3: _l("Partly realised"),
    4: _l("Largely realised"),
    5: _l("Fully realised"),
}
STATE_LABELS = {
    f.MEASURED: _l("Measured"),
    f.OPEN: _l("Period not over"),
    f.DUE: _l("Due"),
    f.OVERDUE: _l("Overdue"),
}
STATE_COLORS = {f.MEASURED: "success", f.OPEN: "neutral", f.DUE: "warning", f.OVERDUE: "danger"}


def period_label(kind: str, period: p.Period) -> str:
    """ "Q1 2027", "H2 2027" or "2027", in the page's language."""
    if kind == p.QUARTERLY:
        return format_date(period.start, "QQQ y")
    if kind == p.HALF_YEARLY:
        return _("H%(half)s %(year)s", half=1 if period.start.month == 1 else 2, year=period.start.year)
    return str(period.start.year)


def amount_text(amount: Decimal | None, kind: str, currency: str) -> str:
    """An amount of the line's kind: kroner/kronor, hours or a count; a dash when there is none."""
    if amount is None:
        return "–"
    if kind == p.MONEY:
        return format_currency(amount, currency)
    number = format_decimal(amount, format="#,##0.##")
    return _("%(hours)s h", hours=number) if kind == p.HOURS else number


def score_text(score: int | None) -> str:
    return f"{score} – {SCALE_LABELS[score]}" if score else "–"


def measured_text(measurement, kind: str, currency: str) -> str:
    if measurement is None:
        return "–"
    if kind == p.SCALE:
        return score_text(measurement.score)
    return amount_text(measurement.amount, kind, currency)
