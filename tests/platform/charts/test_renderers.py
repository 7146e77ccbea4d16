"""The chart renderers: the SVG holds what the table holds, escapes hostile text and passes the strict CSP."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from flask import render_template_string

from samverka.platform.charts.scales import TimeScale
from samverka.platform.charts.svg import NS
from samverka.platform.contracts.charts import contracts_chart
from samverka.platform.contracts.labels import DateTexts
from samverka.platform.plans.charts import TimelineItem, shares_figure, timeline_figure

HOSTILE = '<script>alert("x")</script>'
ITEMS = [
    TimelineItem(HOSTILE, "2027-Q1", 24, 1, 150_000_000, 30_000_000, "/action-plans/1#item-1"),
    TimelineItem("Trygghetsalarmer", "2027-Q3", 12, 2, 40_000_000, 2_500_000),
    TimelineItem("Nettbrett til skolen", "2028-Q1", 18, 3, 90_000_000, 0),
]
SHARES = [("Kongsberg", 120_000_000, 24_000_000), ("Flesberg", 30_000_000, 6_000_000), ("Rollag", 0, 0)]
MACRO = '{% from "charts/figure.html" import chart %}{{ chart(f.svg, f.title, f.summary, f.table, f.id) }}'


@pytest.fixture
def english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def _parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def _bars(root: ET.Element) -> list[ET.Element]:
    """The filled rectangles: the bars, then the legend's swatches."""
    return root.findall(f".//{{{NS}}}rect")


def _texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{{{NS}}}text")]


def test_the_timeline_has_a_bar_and_a_table_row_per_item(english):
    figure = timeline_figure(ITEMS, 2027, "NOK")
    root = _parse(figure.svg)
    legend = 3  # one swatch per priority
    assert len(_bars(root)) == len(ITEMS) + legend == len(figure.table.rows) + legend
    texts = _texts(root)
    assert "2 · Trygghetsalarmer" in texts and "NOK1.5M" in texts  # the one-off cost right of the bar
    assert [row.cells[3] for row in figure.table.rows] == ["24", "12", "18"]
    first = figure.table.rows[0]
    assert first.cells[4] == "NOK\u00a01,500,000.00" and first.url == "/action-plans/1#item-1"
    assert "Q1 2027" in figure.summary and "July 2029" in figure.summary  # 2028-Q1 + 18 months


def test_bars_are_as_long_as_their_share(english):
    figure = shares_figure(SHARES, 2027, "NOK")
    root = _parse(figure.svg)
    bars = _bars(root)[: 2 * len(SHARES)]  # one-off and annual per municipality; then the legend
    assert len(_bars(root)) == 2 * len(SHARES) + 2 == 2 * len(figure.table.rows) + 2
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] == pytest.approx(4 * widths[2])  # Kongsberg's one-off is four times Flesberg's
    assert widths[4] == 1  # nothing to pay is still drawn as a hairline
    assert {"Kongsberg", "Flesberg", "Rollag", "NOK1.2M", "NOK300K"} <= set(_texts(root))
    assert figure.table.rows[0].cells == ("Kongsberg", "NOK\u00a01,200,000.00", "NOK\u00a0240,000.00")


def test_hostile_text_is_escaped_and_the_svg_passes_the_csp(english):
    figure = timeline_figure(ITEMS, 2027, "NOK")
    svg = str(figure.svg)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg and "<style" not in svg  # style-src 'self' refuses both
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{{{NS}}}title").get("id") == root.get("aria-labelledby") == "chart-timeline-title"
    assert root.find(f"{{{NS}}}desc").text == figure.summary
    page = render_template_string(MACRO, f=figure)
    assert HOSTILE not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert 'class="ds-table"' in page and '<a href="/action-plans/1#item-1">' in page


def test_two_charts_on_one_page_repeat_no_id(english):
    page = render_template_string(MACRO, f=timeline_figure(ITEMS, 2027, "NOK"))
    page += render_template_string(MACRO, f=shares_figure(SHARES, 2027, "NOK"))
    ids = [part.split('"')[0] for part in page.split(' id="')[1:]]
    assert len(ids) == len(set(ids)) == 8  # caption, title, desc and table caption of each


def test_the_time_axis_names_quarters_when_there_is_room_else_years(english):
    short = TimeScale(date(2027, 1, 1), date(2028, 1, 1), 0, 400).ticks()
    assert [t[1] for t in short] == ["Q1", "Q2", "Q3", "Q4", "Q1"] and short[0][2] == "2027"
    long = TimeScale(date(2015, 3, 1), date(2040, 1, 1), 0, 300).ticks()
    assert len(long) <= 10 and all(label.isdigit() for _, label, _ in long)


class _Row:
    def __init__(self, title, starts_on, ends_on, last_end, start):
        self.contract = type("C", (), {"id": 1, "title": title, "starts_on": starts_on, "ends_on": ends_on})()
        self.contract.last_end = last_end
        self.reprocurement_starts_on = start


def test_contracts_show_extension_and_the_start_of_re_procurement(english):
    rows = [
        _Row("e-arkiv", date(2022, 1, 1), date(2026, 12, 31), date(2028, 12, 31), date(2026, 12, 31)),
        _Row(HOSTILE, date(2023, 1, 1), date(2027, 6, 30), date(2027, 6, 30), date(2026, 6, 30)),
    ]
    figure = contracts_chart(rows, date(2026, 3, 1), DateTexts("en"), lambda contract_id: f"/contracts/{contract_id}")
    root = _parse(figure.svg)
    legend = 3  # period, extension, re-procurement start
    assert len(_bars(root)) == 3 + legend  # e-arkiv has an extension, the other none
    assert len(root.findall(f".//{{{NS}}}path")) >= 2  # the diamonds (and the axis and today's line)
    assert [row.cells[4] for row in figure.table.rows] == ["Dec 31, 2026", "Jun 30, 2026"]
    assert "<script" not in str(figure.svg) and f"first for {HOSTILE}, by June 30, 2026" in figure.summary


def test_a_pages_chart_is_drawn_once_for_all_it_is_drawn_from():
    """``drawn_once``: the same key (the chart's kind and all it is drawn from, the locale included) gives the
    chart drawn before; anything else in the key draws it anew."""
    from reportlab.graphics.shapes import Drawing

    from samverka.platform.charts.figure import Figure, Table, drawn_once

    made = []

    def figure():
        made.append(1)
        return Figure("chart-test", "Title", "Summary", Table("Caption", ("A",), ()), Drawing(10, 10))

    first = drawn_once(("test", 1, "nb"), figure)
    assert drawn_once(("test", 1, "nb"), figure) is first and len(made) == 1
    assert drawn_once(("test", 1, "sv"), figure) is not first and len(made) == 2
    assert "<svg" in str(first.svg) and first.title == "Title"
