"""Rows of spans on one time axis: a plan's items as a Gantt chart, a register's contracts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Drawing, Polygon

from samverka.platform.charts import draw
from samverka.platform.charts.scales import TimeScale

LABEL_WIDTH, NOTE_WIDTH = 150, 70
ROW, BAR, TOP, AXIS, LEGEND = 22, 12, 26, 30, 20


@dataclass(frozen=True)
class Segment:
    start: date
    end: date
    tone: str


@dataclass(frozen=True)
class SpanRow:
    label: str
    segments: tuple[Segment, ...]
    marker: date | None = None  # a diamond: a date that must not be missed on this row
    note: str = ""  # written right of the plot, e.g. the item's cost


def span_chart(
    rows: list[SpanRow], legend: list[tuple[str, str]], today: date | None = None, marker_label: str = ""
) -> Drawing:
    """One row per ``rows``, each segment a bar from its start to its end; ``today`` a dashed line."""
    days = [d for row in rows for s in row.segments for d in (s.start, s.end)] + [row.marker for row in rows]
    days = [d for d in days + [today] if d is not None]
    height = TOP + ROW * len(rows) + AXIS + LEGEND
    drawing = Drawing(draw.WIDTH, height)
    scale = TimeScale(min(days), max(days), LABEL_WIDTH, draw.WIDTH - NOTE_WIDTH)
    plot_top, plot_bottom = height - TOP + 6, height - TOP - ROW * len(rows)
    _axis(drawing, scale, plot_top, plot_bottom)
    for index, row in enumerate(rows):
        _row(drawing, scale, row, height - TOP - ROW * (index + 1))
    if today is not None:
        x = scale.x(today)
        drawing.add(draw.rule(x, plot_bottom, x, plot_top, colour=draw.TONES["danger"], dash=(3, 2), width=1.2))
    entries = legend + ([("danger", marker_label)] if marker_label else [])
    draw.legend(drawing, entries, 8, 4)
    return drawing


def _axis(drawing: Drawing, scale: TimeScale, top: float, bottom: float) -> None:
    for day, label, year in scale.ticks():
        x = scale.x(day)
        drawing.add(draw.rule(x, bottom, x, top, dash=None if year or day.month == 1 else (1, 2)))
        drawing.add(draw.text(x + 2, bottom - 11, label, size=9, fill=draw.MUTED))
        if year:
            drawing.add(draw.text(x + 2, bottom - 21, year, size=9, bold=True, fill=draw.MUTED))
    drawing.add(draw.rule(scale.x0, bottom, scale.x1, bottom, colour=draw.MUTED))


def _row(drawing: Drawing, scale: TimeScale, row: SpanRow, y: float) -> None:
    drawing.add(draw.text(4, y + 7, draw.fit(row.label, LABEL_WIDTH - 10)))
    for segment in row.segments:
        x = scale.x(segment.start)
        drawing.add(draw.bar(x, y + 4, scale.x(segment.end) - x, BAR, segment.tone))
    if row.marker is not None:
        x, middle = scale.x(row.marker), y + 4 + BAR / 2
        points = [x, middle + 7, x + 6, middle, x, middle - 7, x - 6, middle]
        drawing.add(Polygon(points, fillColor=draw.TONES["danger"], strokeColor=draw.INK, strokeWidth=0.75))
    if row.note:
        drawing.add(draw.text(draw.WIDTH - 4, y + 7, row.note, size=9, anchor="end"))
