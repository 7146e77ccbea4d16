"""Shapes, colours and text that every chart shares, in reportlab's coordinates (origin bottom left).

Colours are tones with at least 3:1 contrast against white (WCAG 1.4.11, graphical objects), and
nothing is told by colour alone: each bar has its label, and the table says everything again.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

WIDTH = 520  # points in the PDF; the page scales the SVG to its column
FONT, BOLD, SIZE = "Helvetica", "Helvetica-Bold", 10
INK = HexColor("#1a1a1a")
MUTED = HexColor("#595959")
GRID = HexColor("#d0d0d0")
TONES = {
    "strong": HexColor("#0b3d91"),
    "medium": HexColor("#1f6fd1"),
    "light": HexColor("#5b7fa6"),
    "grey": HexColor("#6b6b6b"),
    "warning": HexColor("#a15c00"),
    "danger": HexColor("#b3261e"),
}


def text(x: float, y: float, value: str, *, size: int = SIZE, anchor: str = "start", bold: bool = False, fill=INK):
    return String(x, y, value, fontName=BOLD if bold else FONT, fontSize=size, fillColor=fill, textAnchor=anchor)


def fit(value: str, width: float, size: int = SIZE) -> str:
    """``value`` cut with an ellipsis to ``width`` points: the table beside the chart has it whole."""
    if stringWidth(value, FONT, size) <= width:
        return value
    while value and stringWidth(value + "…", FONT, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def bar(x: float, y: float, width: float, height: float, tone: str) -> Rect:
    return Rect(x, y, max(width, 1), height, fillColor=TONES[tone], strokeColor=None)


def rule(x1: float, y1: float, x2: float, y2: float, *, colour=GRID, dash: tuple | None = None, width=0.75) -> Line:
    return Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=width, strokeDashArray=dash)


def legend(drawing: Drawing, entries: list[tuple[str, str]], x: float, y: float) -> None:
    """A row of swatches with their labels, wrapping at the drawing's width."""
    for tone, label in entries:
        width = 16 + stringWidth(label, FONT, SIZE - 1) + 14
        if x + width > drawing.width:
            x, y = 8, y - 14
        drawing.add(bar(x, y, 10, 9, tone))
        drawing.add(text(x + 14, y + 1, label, size=SIZE - 1))
        x += width
