"""The SVG kept per process: the same picture gives the same SVG, any changed value another one."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.colors import HexColor

from samverka.platform.charts.svg import _spelled, inline_svg


def _drawing(text: str = "Kongsberg", width: float = 10, colour: str = "#0b3d91", grouped: bool = False) -> Drawing:
    drawing = Drawing(100, 40)
    shapes = [Rect(5, 5, width, 10, fillColor=HexColor(colour), strokeColor=None), String(5, 20, text)]
    if grouped:
        drawing.add(Group(*shapes))
    else:
        for shape in shapes:
            drawing.add(shape)
    return drawing


def test_the_same_picture_is_drawn_once_and_served_again():
    first = inline_svg(_drawing(), "chart-a", "Title", "Summary")
    assert inline_svg(_drawing(), "chart-a", "Title", "Summary") is first


def test_any_changed_value_is_another_svg():
    svg = str(inline_svg(_drawing(), "chart-a", "Title", "Summary"))
    changed = [
        inline_svg(_drawing(text="Flesberg"), "chart-a", "Title", "Summary"),
        inline_svg(_drawing(width=10.5), "chart-a", "Title", "Summary"),
        inline_svg(_drawing(colour="#b3261e"), "chart-a", "Title", "Summary"),
        inline_svg(_drawing(), "chart-b", "Title", "Summary"),
        inline_svg(_drawing(), "chart-a", "Tittel", "Summary"),
        inline_svg(_drawing(), "chart-a", "Title", "Sammendrag"),
    ]
    assert all(str(other) != svg for other in changed)
    assert "Flesberg" in str(changed[0]) and "Kongsberg" not in str(changed[0])


def test_a_group_is_spelled_by_its_shapes_not_by_where_it_is_in_memory():
    assert _spelled(_drawing(grouped=True)) == _spelled(_drawing(grouped=True))
    assert _spelled(_drawing(grouped=True)) != _spelled(_drawing(text="Flesberg", grouped=True))
    assert "Flesberg" in str(inline_svg(_drawing(text="Flesberg", grouped=True), "chart-a", "Title", "Summary"))


def test_a_drawing_holding_an_unknown_value_is_drawn_every_time():
    drawing = _drawing()
    drawing.contents[1]._svgAttrs = {"data-note": object()}  # no exact text: never a key
    assert inline_svg(drawing, "chart-a", "Title", "Summary") is not inline_svg(drawing, "chart-a", "Title", "Summary")
