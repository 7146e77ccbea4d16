"""A benefit line over time: planned against realised, both cumulative, per period; a scale line's scores.

The drawing is a line chart on the shared chart parts (``charts.draw``): the plan a dashed line with square
markers, what was realised a solid line with round ones, so neither is told by colour alone; the table
beside it holds the same numbers per period. Plain values in, a ``Figure`` out, like the other areas'.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, PolyLine, Rect

from samverka.platform.benefits import labels
from samverka.platform.benefits import periods as p
from samverka.platform.benefits.services.follow_up import LineFollowUp
from samverka.platform.charts import draw
from samverka.platform.charts.figure import Figure, Row, Table
from samverka.platform.charts.scales import AmountScale

HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 230, 80, 16, 14, 52
MARKER = 3.5


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per period; None: not measured, the line breaks there
    tone: str
    dashed: bool = False
    square: bool = False


def line_figure(found: LineFollowUp, currency: str, index: int) -> Figure | None:
    """The line's chart, or None before its first period."""
    if not found.rows:
        return None
    names = [labels.period_label(found.line.follow_up_period, row.period) for row in found.rows]
    figure_id = f"chart-benefit-{found.line.id}"
    if found.kind == p.SCALE:
        return _scale_figure(found, names, figure_id, index)
    return _amount_figure(found, names, currency, figure_id, index)


def _amount_figure(found: LineFollowUp, names: list[str], currency: str, figure_id: str, index: int) -> Figure:
    planned = tuple(_number(row.planned_cumulative) for row in found.rows)
    realised = tuple(_number(row.realised_cumulative) if row.measurement else None for row in found.rows)
    series = [
        Series(_("Planned (cumulative)"), planned, "light", dashed=True, square=True),
        Series(_("Realised (cumulative)"), realised, "strong"),
    ]
    text = lambda value: labels.amount_text(value, found.kind, currency)  # noqa: E731
    drawing = _chart(names, series, lambda tick: text(Decimal(tick)))
    last = found.rows[-1]
    summary = _(
        "Benefit %(number)s, %(first)s to %(last)s: %(realised)s realised in total against %(planned)s planned by "
        "the end of %(last)s. Status: %(status)s.",
        number=index,
        first=names[0],
        last=names[-1],
        realised=text(found.realised),
        planned=text(last.planned_cumulative),
        status=labels.STATUS_LABELS[found.status],
    )
    columns = (_("Period"), _("Planned in the period"), _("Realised in the period"), *(s.label for s in series))
    rows = tuple(
        Row(
            (
                name,
                text(row.planned),
                labels.measured_text(row.measurement, found.kind, currency),
                text(row.planned_cumulative),
                text(row.realised_cumulative) if row.measurement else "–",
            )
        )
        for name, row in zip(names, found.rows)
    )
    table = Table(_("Planned and realised per period"), columns, rows, frozenset({1, 2, 3, 4}))
    return Figure(figure_id, _("Planned against realised"), summary, table, drawing)


def _scale_figure(found: LineFollowUp, names: list[str], figure_id: str, index: int) -> Figure:
    scores = tuple(float(row.measurement.score) if row.measurement else None for row in found.rows)
    target = found.line.target_value
    series = [Series(_("Score"), scores, "strong")]
    if target is not None:
        series.append(Series(_("Target"), tuple(float(target) for _row in found.rows), "light", True, True))
    drawing = _chart(names, series, lambda tick: str(int(tick)), top=p.SCALE_MAX)
    latest = next((row.measurement.score for row in reversed(found.rows) if row.measurement), None)
    summary = _(
        "Benefit %(number)s, on the scale from 1 to 5: the latest score is %(latest)s, the target %(target)s. "
        "Status: %(status)s.",
        number=index,
        latest=labels.score_text(latest),
        target=int(target) if target is not None else "–",
        status=labels.STATUS_LABELS[found.status],
    )
    rows = tuple(
        Row((name, labels.score_text(row.measurement.score if row.measurement else None)))
        for name, row in zip(names, found.rows)
    )
    table = Table(_("Score per period"), (_("Period"), _("Score")), rows)
    return Figure(figure_id, _("Score per period"), summary, table, drawing)


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _chart(names: list[str], series: list[Series], tick_text, top: int | None = None) -> Drawing:
    drawing = Drawing(draw.WIDTH, HEIGHT)
    largest = max((v for s in series for v in s.values if v is not None), default=0)
    scale = (
        AmountScale(top, BOTTOM, HEIGHT - TOP) if top else AmountScale.over(math.ceil(largest), BOTTOM, HEIGHT - TOP)
    )
    _y_axis(drawing, scale, tick_text, top)
    slot = (draw.WIDTH - LEFT - RIGHT) / len(names)
    xs = [LEFT + slot * (i + 0.5) for i in range(len(names))]
    _x_axis(drawing, names, xs, slot)
    for one in series:
        _series(drawing, one, xs, scale)
    draw.legend(drawing, [(s.tone, s.label) for s in series], 8, 4)
    return drawing


def _y_axis(drawing: Drawing, scale: AmountScale, tick_text, top: int | None) -> None:
    ticks = range(1, top + 1) if top else scale.ticks()
    for tick in ticks:
        y = scale.x(tick)
        drawing.add(draw.rule(LEFT, y, draw.WIDTH - RIGHT, y))
        drawing.add(draw.text(LEFT - 6, y - 3, tick_text(tick), size=8, anchor="end", fill=draw.MUTED))
    drawing.add(draw.rule(LEFT, scale.x0, LEFT, scale.x1, colour=draw.MUTED))


def _x_axis(drawing: Drawing, names: list[str], xs: list[float], slot: float) -> None:
    # Every period is labelled while there is room; else every so many (the table names them all).
    step = max(1, math.ceil(48 / slot))
    for index, (name, x) in enumerate(zip(names, xs)):
        if index % step == 0:
            drawing.add(draw.text(x, BOTTOM - 14, draw.fit(name, slot * step - 4, 8), size=8, anchor="middle"))


def _series(drawing: Drawing, series: Series, xs: list[float], scale: AmountScale) -> None:
    colour = draw.TONES[series.tone]
    # A loss (a negative total) sits on the axis: the table beside the chart has its amount.
    points = [(x, scale.x(max(v, 0))) for x, v in zip(xs, series.values) if v is not None]
    if len(points) > 1:
        flat = [c for point in points for c in point]
        dash = (4, 3) if series.dashed else None
        drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=2, strokeDashArray=dash, fillColor=None))
    for x, y in points:
        if series.square:
            drawing.add(Rect(x - MARKER, y - MARKER, 2 * MARKER, 2 * MARKER, fillColor=colour, strokeColor=None))
        else:
            drawing.add(Circle(x, y, MARKER, fillColor=colour, strokeColor=None))
