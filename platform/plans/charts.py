"""The action plan's charts: its items as a Gantt timeline and each municipality's share.

The page and the PDF export feed the same functions with plain values, so both draw the same
numbers. An item's bar runs from its start quarter for the standard lead time of its category
(seed 003: two years for business systems, 18 months for hardware and consultants, else 12).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _

from samverka.platform.charts.bars import Bar, BarRow, bar_chart
from samverka.platform.charts.figure import DrawnFigure, Figure, Row, Table, drawn_once
from samverka.platform.charts.scales import add_months, amount_text, currency_label, quarter_start
from samverka.platform.charts.spans import Segment, SpanRow, span_chart
from samverka.platform.core.catalogue import lead_time
from samverka.platform.core.money import money
from samverka.platform.core.titles import localized_title
from samverka.platform.plans.export_data import PlanExport
from samverka.platform.plans.labels import PRIORITY_LABELS

PRIORITY_TONES = {1: "strong", 2: "medium", 3: "light"}
PDF_ROWS = 15


@dataclass(frozen=True)
class TimelineItem:
    title: str
    start_quarter: str  # "2027-Q2"
    months: int
    priority: int
    one_off_minor: int | None  # None: the viewer may not see the amounts
    annual_minor: int | None
    url: str | None = None


def timeline_figure(items: list[TimelineItem], year: int, currency: str) -> Figure:
    starts = {item.start_quarter: quarter_start(item.start_quarter) for item in items}
    rows = [
        SpanRow(
            f"{item.priority} · {item.title}",
            (Segment(starts[item.start_quarter], add_months(starts[item.start_quarter], item.months), _tone(item)),),
            note=_cost_note(item, currency),
        )
        for item in items
    ]
    legend = [(tone, _("Priority %(label)s", label=PRIORITY_LABELS[p])) for p, tone in PRIORITY_TONES.items()]
    first, last = min(starts.values()), max(add_months(starts[i.start_quarter], i.months) for i in items)
    summary = ngettext(
        "%(num)s item, from %(first)s to %(last)s. The bar runs from the item's start quarter for the "
        "standard lead time of its category; the darker the bar, the higher the priority. Amounts are one-off costs.",
        "%(num)s items, from %(first)s to %(last)s. Each bar runs from the item's start quarter for the "
        "standard lead time of its category; the darker the bar, the higher the priority. Amounts are one-off costs.",
        len(items),
        first=format_date(first, "QQQ y"),
        last=format_date(last, "MMMM y"),
    )
    return Figure(
        "chart-timeline",
        _("Timeline of the action plan %(year)s", year=year),
        summary,
        _timeline_table(items, year, currency),
        span_chart(rows, legend),
    )


def _tone(item: TimelineItem) -> str:
    return PRIORITY_TONES.get(item.priority, "grey")


def _cost_note(item: TimelineItem, currency: str) -> str:
    return "" if item.one_off_minor is None else amount_text(item.one_off_minor, currency)


def _timeline_table(items: list[TimelineItem], year: int, currency: str) -> Table:
    amounts = items[0].one_off_minor is not None
    columns = (_("Item"), _("Priority"), _("Start"), _("Duration (months)"))
    if amounts:
        columns += (_("One-off cost"), _("Annual cost"))
    rows = []
    for item in items:
        cells = (
            item.title,
            str(PRIORITY_LABELS[item.priority]),
            format_date(quarter_start(item.start_quarter), "QQQ y"),
        )
        cells += (str(item.months),)
        if amounts:
            cells += (money(item.one_off_minor, currency), money(item.annual_minor, currency))
        rows.append(Row(cells, item.url))
    caption = _("Items of the action plan %(year)s with start, duration and cost", year=year)
    return Table(caption, columns, tuple(rows), frozenset({3, 4, 5}))


def shares_figure(shares: list[tuple[str, int, int]], year: int, currency: str) -> Figure:
    """``shares``: (municipality, one-off total, annual total) in minor units, in the plan's columns."""
    rows = [BarRow(name, (Bar(one_off, "strong"), Bar(annual, "light"))) for name, one_off, annual in shares]
    legend = [("strong", _("One-off cost")), ("light", _("Annual cost"))]
    most = max(shares, key=lambda s: s[1] + s[2])
    summary = ngettext(
        "What %(num)s municipality pays of the plan, one-off and every year: %(name)s, %(one_off)s one-off and "
        "%(annual)s a year.",
        "What each of %(num)s municipalities pays of the plan, one-off and every year. The largest share: "
        "%(name)s, %(one_off)s one-off and %(annual)s a year.",
        len(shares),
        name=most[0],
        one_off=money(most[1], currency),
        annual=money(most[2], currency),
    )
    table = Table(
        _("Each municipality's share of the action plan %(year)s", year=year),
        (_("Municipality"), _("One-off cost"), _("Annual cost")),
        tuple(Row((name, money(one_off, currency), money(annual, currency))) for name, one_off, annual in shares),
        frozenset({1, 2}),
    )
    return Figure(
        "chart-shares",
        _("Each municipality's share"),
        summary,
        table,
        bar_chart(rows, currency_label(currency), legend),
    )


def plan_timeline_chart(plan, items, shows_amounts: bool) -> DrawnFigure | None:
    """The timeline of a plan's ``items`` (objects or ``item_rows``), or None when it has none."""
    page = url_for("plans.plan", plan_id=plan.id)  # each item's row is an anchor on it
    timeline = tuple(
        TimelineItem(
            localized_title(item.title),
            item.start_quarter,
            lead_time(item.category),
            item.priority,
            item.one_off_cost_minor if shows_amounts else None,
            item.annual_cost_minor if shows_amounts else None,
            f"{page}#item-{item.id}",
        )
        for item in items
    )
    if not timeline:
        return None
    key = ("plan timeline", timeline, plan.year, plan.currency, str(get_locale()))
    return drawn_once(key, lambda: timeline_figure(list(timeline), plan.year, plan.currency))


def plan_shares_chart(page) -> DrawnFigure | None:
    """Each column of the plan page's split (the municipalities the viewer may see), as bars."""
    if not (page.shows_amounts and page.items and page.tenants):
        return None
    shares = tuple((t.name, page.column_total(t.id, 0), page.column_total(t.id, 1)) for t in page.tenants)
    key = ("plan shares", shares, page.plan.year, page.plan.currency, str(get_locale()))
    return drawn_once(key, lambda: shares_figure(list(shares), page.plan.year, page.plan.currency))


def export_charts(export: PlanExport) -> list[Figure]:
    """The PDF's charts, from the export's own numbers."""
    if not export.items:
        return []
    items = [
        TimelineItem(i.title, i.start_quarter, i.lead_months, i.priority, i.one_off_minor, i.annual_minor)
        for i in export.items
    ]
    shares = [
        (
            tenant,
            sum(s.one_off_minor for i in export.items for s in i.shares if s.tenant_name == tenant),
            sum(s.annual_minor for i in export.items for s in i.shares if s.tenant_name == tenant),
        )
        for tenant in export.tenants
    ]
    # A landscape page holds about 15 rows: a longer plan's timeline is drawn in parts, each on one page.
    figures = [
        timeline_figure(items[i : i + PDF_ROWS], export.year, export.currency) for i in range(0, len(items), PDF_ROWS)
    ]
    return figures + ([shares_figure(shares, export.year, export.currency)] if shares else [])
