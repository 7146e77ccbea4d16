"""A reportlab drawing as inline SVG that the strict CSP accepts and a screen reader names.

renderSVG writes every shape's look as a ``style`` attribute, which ``style-src 'self'`` refuses;
each declaration becomes the presentation attribute of the same name. Its clip path and group ids
are fixed names, so they are dropped: two charts on one page would repeat them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markupsafe import Markup
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing

NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", NS)
FONTS = "Helvetica, Arial, sans-serif"  # the metrics the layout was measured with first


def inline_svg(drawing: Drawing, chart_id: str, title: str, summary: str) -> Markup:
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
