"""A reportlab drawing as inline SVG that the strict CSP accepts and a screen reader names.

renderSVG writes every shape's look as a ``style`` attribute, which ``style-src 'self'`` refuses;
each declaration becomes the presentation attribute of the same name. Its clip path and group ids
are fixed names, so they are dropped: two charts on one page would repeat them.

Drawing the SVG (renderSVG's DOM, then parsing and rewriting it) costs several milliseconds a chart, and
most requests draw a picture already drawn: the same page asked again. So each SVG is kept, per process,
under exactly what it is made of: every shape of the drawing with every attribute, the chart's id, title
and summary. Nothing else goes into it (the text is already in the page's language), so the same key is
the same SVG whoever asks, and a changed value is another key; a drawing holding anything the key cannot
spell out exactly is drawn every time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache

from markupsafe import Markup
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Shape
from reportlab.lib.colors import Color

NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", NS)
FONTS = "Helvetica, Arial, sans-serif"  # the metrics the layout was measured with first
CACHED_SVGS = 256  # per process; a 20-row chart's SVG is about 30 KB


def inline_svg(drawing: Drawing, chart_id: str, title: str, summary: str) -> Markup:
    try:
        key = (chart_id, title, summary, _spelled(drawing))
    except _Unspellable:
        return _svg(drawing, chart_id, title, summary)
    return _cached_svg(_Picture(key, drawing))


class _Unspellable(Exception):
    """A value whose text would not say exactly what it is (an object without a value representation)."""


def _spelled(value) -> str:
    """``value`` as text that differs whenever what renderSVG would write from it differs."""
    if value is None or isinstance(value, (str, int, float)):
        return repr(value)  # exact: a float's repr reads back as the same float, and 1 and 1.0 differ
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(_spelled, value)) + "]"
    if isinstance(value, Color):
        return "rgba(" + ",".join(map(repr, value.rgba())) + ")"
    if isinstance(value, Shape):  # a group's or the drawing's contents are spelled shape by shape
        items = (f"{name}={_spelled(item)}" for name, item in value.__dict__.items() if name != "_attrMap")
        return type(value).__name__ + "(" + ",".join(items) + ")"
    raise _Unspellable(type(value).__name__)


class _Picture:
    """A drawing with its key: equal (for the cache) when the keys are, and it draws itself when missed."""

    def __init__(self, key: tuple, drawing: Drawing) -> None:
        self.key, self.drawing = key, drawing

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Picture) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


@lru_cache(maxsize=CACHED_SVGS)
def _cached_svg(picture: _Picture) -> Markup:
    chart_id, title, summary, _shapes = picture.key
    drawing, picture.drawing = picture.drawing, None  # the cache keeps the key, not the shapes
    return _svg(drawing, chart_id, title, summary)


def _svg(drawing: Drawing, chart_id: str, title: str, summary: str) -> Markup:
    root = ET.fromstring(renderSVG.drawToString(drawing).encode("utf-8"))
    for clip in root.findall(f"{{{NS}}}clipPath"):
        root.remove(clip)
    for element in root.iter():
        _attributes_from_style(element)
        element.attrib.pop("clip-path", None)
        if element is not root:
            element.attrib.pop("id", None)
    _name(root, chart_id, title, summary)
    for attribute in ("height", "version", "fill-rule"):
        root.attrib.pop(attribute, None)
    root.set("width", "100%")  # scales with its column; the viewBox keeps the proportions
    root.set("class", "chart-svg")
    return Markup(ET.tostring(root, encoding="unicode"))


def _attributes_from_style(element: ET.Element) -> None:
    style = element.attrib.pop("style", "")
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            element.set(name.strip(), value.strip())
    if "font-family" in element.attrib:
        if "Bold" in element.get("font-family"):
            element.set("font-weight", "bold")
        element.set("font-family", FONTS)
    if element.get("transform") == "":
        del element.attrib["transform"]


def _name(root: ET.Element, chart_id: str, title: str, summary: str) -> None:
    """``role="img"`` named by the SVG's own title and described by its desc (renderSVG writes both)."""
    for tag, suffix, text in (("title", "title", title), ("desc", "desc", summary)):
        element = root.find(f"{{{NS}}}{tag}")
        element.text = text
        element.set("id", f"{chart_id}-{suffix}")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("aria-describedby", f"{chart_id}-desc")
