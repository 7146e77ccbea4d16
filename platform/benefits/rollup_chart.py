"""The roll-up's charts: per procurement and kind of value, planned against realised per municipality.

``charts.bars``: each municipality's planned bar above its realised bar, each with its value written at its end.
The page shows the drawing as inline SVG with the same
numbers as a table; the PDF prints the very same drawing. Values are plain numbers, never models.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from babel.numbers import format_compact_decimal
from flask_babel import format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from samverka.platform.benefits.periods import COUNT, HOURS, MONEY
from samverka.platform.benefits.rollup import Figures, ProcurementRollup
from samverka.platform.charts.bars import Bar, BarRow, bar_chart
from samverka.platform.charts.figure import DrawnFigure, Figure, Row, Table, drawn_once
from samverka.platform.charts.scales import currency_label
from samverka.platform.core.money import money

KIND_LABELS = {MONEY: _l("Money"), HOURS: _l("Hours"), COUNT: _l("Count")}
PLANNED_TONE, REALISED_TONE = "light", "strong"


def minor(value: Decimal) -> int:
    """A value in hundredths, as the amount scale counts (øre/öre for money)."""
    return int((value * 100).to_integral_value())


def value_text(kind: str, value: Decimal, currency: str) -> str:
    """A value exactly, as a table shows it: money in the currency, hours and counts as numbers."""
    return money(minor(value), currency) if kind == MONEY else format_decimal(value, format="#,##0.##")


def share_text(figures: Figures) -> str:
    return "–" if figures.share is None else _("%(share)s %%", share=figures.share)


def _short(kind: str, currency: str) -> Callable[[int], str]:
    """A value in hundredths, short for the chart ("1,2 mill. kr", "1,5k"): the table has it exact."""
    if kind == MONEY:
        return currency_label(currency)
    return lambda hundredths: format_compact_decimal(Decimal(hundredths) / 100, locale=get_locale(), fraction_digits=1)


def procurement_figures(rollup: ProcurementRollup, year: int, currency: str) -> list[Figure]:
    """One chart per kind of value the procurement's lines measure."""
    return [_figure(rollup, kind, year, currency) for kind in rollup.kinds]


def drawn_figures(rollup: ProcurementRollup, year: int, currency: str) -> list[DrawnFigure]:
    """The page's charts of a procurement, each drawn once per worker for the same numbers in the same language:
    a page of ten procurements draws some sixteen, most of its time when drawn anew each time."""
    locale = str(get_locale())
    return [
        drawn_once(
            # all that _figure draws from
            ("rollup", rollup.id, rollup.title, kind, _rows(rollup, kind), year, currency, locale),
            lambda kind=kind: _figure(rollup, kind, year, currency),
        )
        for kind in rollup.kinds
    ]


def _rows(rollup: ProcurementRollup, kind: str) -> tuple:
    return tuple((m.name, m.figures[kind], len(m.missing)) for m in rollup.municipalities)


def _figure(rollup: ProcurementRollup, kind: str, year: int, currency: str) -> Figure:
    kind_label = str(KIND_LABELS[kind]).lower()
    total = rollup.totals[kind]
    summary = ngettext(
        "Planned against realised %(kind)s in %(year)s for %(num)s municipality: %(realised)s realised of "
        "%(planned)s planned (%(share)s).",
        "Planned against realised %(kind)s in %(year)s for %(num)s municipalities. In total %(realised)s "
        "realised of %(planned)s planned (%(share)s).",
        len(rollup.municipalities),
        kind=kind_label,
        year=year,
        realised=value_text(kind, total.realised, currency),
        planned=value_text(kind, total.planned, currency),
        share=share_text(total),
    )
    return Figure(
        f"chart-{rollup.id}-{kind}",
        _("%(title)s: %(kind)s, planned and realised %(year)s", title=rollup.title, kind=kind_label, year=year),
        summary,
        _table(rollup, kind, year, currency),
        bar_chart(
            [
                BarRow(
                    m.name,
                    (
                        Bar(minor(m.figures[kind].planned), PLANNED_TONE),
                        Bar(minor(m.figures[kind].realised), REALISED_TONE),
                    ),
                )
                for m in rollup.municipalities
            ],
            _short(kind, currency),
            [(PLANNED_TONE, _("Planned")), (REALISED_TONE, _("Realised"))],
        ),
    )


def _bars(name: str, figures: Figures) -> BarRow:
    return BarRow(name, (Bar(minor(figures.planned), PLANNED_TONE), Bar(minor(figures.realised), REALISED_TONE)))


def _table(rollup: ProcurementRollup, kind: str, year: int, currency: str) -> Table:
    """The chart's numbers, and how many due periods each municipality has not reported (of any line)."""

    def cells(name: str, figures: Figures, missing: int) -> Row:
        planned, realised = (value_text(kind, v, currency) for v in (figures.planned, figures.realised))
        return Row((name, planned, realised, share_text(figures), str(missing)))

    rows = [cells(m.name, m.figures[kind], len(m.missing)) for m in rollup.municipalities]
    rows.append(cells(_("Total"), rollup.totals[kind], sum(len(m.missing) for m in rollup.municipalities)))
    return Table(
        _("%(kind)s planned and realised per municipality in %(year)s", kind=KIND_LABELS[kind], year=year),
        (_("Municipality"), _("Planned"), _("Realised"), _("Share realised"), _("Periods not reported")),
        tuple(rows),
        frozenset({1, 2, 3, 4}),
    )
