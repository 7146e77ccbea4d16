"""A register's contracts and the dates their re-procurements must start, on one time axis."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _

from samverka.platform.charts.figure import DrawnFigure, Figure, Row, Table, drawn_once
from samverka.platform.charts.spans import Segment, SpanRow, span_chart
from samverka.platform.contracts.labels import DateTexts


def drawn_contracts_chart(rows, today: date, dates: DateTexts, link: Callable[[int], str]) -> DrawnFigure | None:
    """The list page's chart, drawn once per worker for the same contracts, day and language (about half of the
    page's rendering when drawn anew each time)."""
    rows = list(rows)
    if not rows:
        return None
    drawn_from = tuple(
        (
            row.contract.id,
            row.contract.title,
            row.contract.starts_on,
            row.contract.ends_on,
            row.contract.last_end,
            row.reprocurement_starts_on,
            link(row.contract.id),
        )
        for row in rows
    )
    key = ("contracts", drawn_from, today, str(get_locale()))
    return drawn_once(key, lambda: contracts_chart(rows, today, dates, link))


def contracts_chart(rows, today: date, dates: DateTexts, link: Callable[[int], str]) -> Figure | None:
    """``rows``: the ContractStatus rows the list page shows (this page of the register); ``dates``: its dates'
    texts; ``link``: a contract's path by its id."""
    rows = list(rows)
    if not rows:
        return None
    spans = [
        SpanRow(
            row.contract.title,
            _segments(row.contract.starts_on, row.contract.ends_on, row.contract.last_end),
            marker=row.reprocurement_starts_on,
        )
        for row in rows
    ]
    legend = [("medium", _("Contract period")), ("light", _("Possible extension"))]
    first = min(rows, key=lambda row: row.reprocurement_starts_on)
    summary = ngettext(
        "%(num)s contract from its start to its last possible end; the red dashed line is today and the "
        "diamond the date re-procurement must start by. Re-procurement must start first for %(title)s, by %(date)s.",
        "%(num)s contracts from their start to their last possible end; the red dashed line is today and each "
        "diamond the date re-procurement must start by. Re-procurement must start first for %(title)s, by %(date)s.",
        len(rows),
        title=first.contract.title,
        date=format_date(first.reprocurement_starts_on, "long"),
    )
    drawing = span_chart(spans, legend, today=today, marker_label=_("Re-procurement must start by"))
    table = _table(rows, dates, link)
    return Figure("chart-contracts", _("Contracts and their re-procurements"), summary, table, drawing)


def _segments(starts_on: date, ends_on: date, last_end: date) -> tuple[Segment, ...]:
    running = Segment(starts_on, ends_on, "medium")
    return (running, Segment(ends_on, last_end, "light")) if last_end > ends_on else (running,)


def _table(rows, dates: DateTexts, link: Callable[[int], str]) -> Table:
    columns = (_("Contract"), _("Starts"), _("Ends"), _("Can run until"), _("Re-procurement must start by"))
    return Table(
        _("Contract periods and re-procurement dates"),
        columns,
        tuple(
            Row(
                (
                    row.contract.title,
                    *(
                        dates[day]
                        for day in (
                            row.contract.starts_on,
                            row.contract.ends_on,
                            row.contract.last_end,
                            row.reprocurement_starts_on,
                        )
                    ),
                ),
                link(row.contract.id),
            )
            for row in rows
        ),
    )
