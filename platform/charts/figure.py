"""What a chart hands to a page and to a PDF: the drawing, its SVG, and the same numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from reportlab.graphics.shapes import Drawing

from samverka.platform.charts.svg import inline_svg


@dataclass(frozen=True)
class Row:
    """One row of a chart's table: the first cell is the row's header; ``url`` links it when given."""

    cells: tuple[str, ...]
    url: str | None = None


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: frozenset[int] = field(default_factory=frozenset)  # columns aligned as numbers


@dataclass(frozen=True)
class Figure:
    id: str  # unique on its page: the ids of the SVG's title and description are made from it
    title: str
    summary: str
    table: Table
    drawing: Drawing

    @property
    def svg(self) -> Markup:
        return inline_svg(self.drawing, self.id, self.title, self.summary)
