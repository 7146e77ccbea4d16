"""Horizontal bars on an amount axis: each municipality's share, a value against the thresholds, planned against
realised benefits. ``label`` writes a value in hundredths (money with ``scales.currency_label``, or hours).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing

from samverka.platform.charts import draw
from samverka.platform.charts.scales import AmountScale

LABEL_WIDTH, VALUE_WIDTH = 150, 80
BAR, GAP, TOP, AXIS, LEGEND = 12, 10, 10, 22, 20


@dataclass(frozen=True)
class Bar:
    minor: int
    tone: str


@dataclass(frozen=True)
class BarRow:
    label: str
    bars: tuple[Bar, ...]  # drawn one under the other, e.g. one-off then annual


def bar_chart(rows: list[BarRow], label: Callable[[int], str], legend: list[tuple[str, str]]) -> Drawing:
    """Each bar with its amount written at its end; the axis ticks at quarters of a round maximum."""
    heights = [len(row.bars) * BAR + GAP for row in rows]
    height = TOP + sum(heights) + AXIS + (LEGEND if legend else 0)
    drawing = Drawing(draw.WIDTH, height)
    largest = max((b.minor for row in rows for b in row.bars), default=0)
    scale = AmountScale.over(largest, LABEL_WIDTH, draw.WIDTH - VALUE_WIDTH)
    bottom = height - TOP - sum(heights)
    _axis(drawing, scale, label, height - TOP, bottom)
    y = height - TOP
    for row, row_height in zip(rows, heights):
        y -= row_height
        _row(drawing, scale, row, label, y)
    if legend:
        draw.legend(drawing, legend, 8, 4)
    return drawing


def _axis(drawing: Drawing, scale: AmountScale, label: Callable[[int], str], top: float, bottom: float) -> None:
    for tick in scale.ticks():
        x = scale.x(tick)
        drawing.add(draw.rule(x, bottom, x, top))
        drawing.add(draw.text(x, bottom - 12, label(tick), size=8, anchor="middle", fill=draw.MUTED))
    drawing.add(draw.rule(scale.x0, bottom, scale.x0, top, colour=draw.MUTED))


def _row(drawing: Drawing, scale: AmountScale, row: BarRow, label: Callable[[int], str], y: float) -> None:
    top = y + len(row.bars) * BAR + GAP / 2
    drawing.add(draw.text(4, top - BAR + 2, draw.fit(row.label, LABEL_WIDTH - 10)))
    for index, item in enumerate(row.bars):
        bar_y = top - (index + 1) * BAR
        width = scale.x(item.minor) - scale.x0
        drawing.add(draw.bar(scale.x0, bar_y + 1, width, BAR - 2, item.tone))
        drawing.add(draw.text(scale.x0 + width + 4, bar_y + 3, label(item.minor), size=8))
