"""What a chart hands to a page and to a PDF: the drawing, its SVG, and the same numbers as a table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from flask import get_template_attribute
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


@dataclass(frozen=True)
class DrawnFigure:
    """What a page shows of a ``Figure``: its SVG drawn once, without the drawing it was made from."""

    id: str
    title: str
    summary: str
    table: Table
    svg: Markup

    @cached_property
    def html(self) -> Markup:
        """The figure as a page shows it (``charts/figure.html``'s ``chart``), made once with the figure: the
        table's rows are as costly to render as the drawing is to draw."""
        chart = get_template_attribute("charts/figure.html", "chart")
        return chart(self.svg, self.title, self.summary, self.table, self.id)


def drawn(figure: Figure) -> DrawnFigure:
    return DrawnFigure(figure.id, figure.title, figure.summary, figure.table, figure.svg)


# A page's chart is drawn the same for the same numbers in the same language: each worker keeps a chart by its
# exact data and the locale (no tenant, person or time is in it: the data decides everything drawn), at most
# this many (a chart is a few tens of kilobytes). Not for a PDF, which places the drawing itself.
DRAWN_CHARTS = 256
_KEPT: dict[tuple, DrawnFigure] = {}


def drawn_once(key: tuple, figure: Callable[[], Figure]) -> DrawnFigure:
    """What ``figure()`` makes, drawn once per worker for ``key``: the chart's kind and all it is drawn from,
    the locale included (the oldest goes beyond ``DRAWN_CHARTS``)."""
    found = _KEPT.get(key)
    if found is None:
        if len(_KEPT) >= DRAWN_CHARTS:
            del _KEPT[next(iter(_KEPT))]
        found = _KEPT[key] = drawn(figure())
    return found
