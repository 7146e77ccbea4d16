"""The timeline macro: every item in the chart (in its quarter) and in the accessible table with the same data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from flask import render_template_string


@dataclass(frozen=True)
class Row:
    title: str
    start_quarter: str
    priority: int
    category_label: str
    outside_plan: bool
    url: str | None


ROWS = [
    Row("Sak- og arkivsystem", "2027-Q1", 1, "Fagsystemer", False, "/plan-items/1"),
    Row("Trygghetsalarmer", "2027-Q3", 2, "Velferdsteknologi", True, "/plan-items/2"),
    Row("Nettbrett til skolen", "2027-Q3", 3, "Maskinvare", False, None),
    Row("Konsulentavtale IT", "2027-Q4", 1, "IT-konsulenter", False, "/plan-items/4"),
    Row("Ny telefoniløsning", "2028-Q1", 2, "Telefoni", False, "/plan-items/5"),
]
MACRO = '{% from "plans/_timeline.html" import timeline with context %}{{ timeline(year, rows) }}'


class _Timeline(HTMLParser):
    """Which titles each chart quarter shows, and the table's rows as text cells."""

    def __init__(self):
        super().__init__()
        self.quarters: dict[str, list[str]] = {}
        self.table: list[list[str]] = []
        self.hidden_links = 0
        self._quarter = self._in_title = None
        self._hidden_depth = 0
        self._cell: list[str] | None = None
        self.scopes: list[str] = []
        self.caption = ""
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("aria-hidden") == "true" or self._hidden_depth:
            self._hidden_depth += 1
            if tag == "a":
                self.hidden_links += 1
        if "data-quarter" in a:
            self._quarter = a["data-quarter"]
            self.quarters[self._quarter] = []
        self._in_title = "timeline-title" in a.get("class", "")
        if tag == "tr":
            self.table.append([])
        if tag in ("td", "th") and self.table:
            self._cell = []
            if "scope" in a:
                self.scopes.append(a["scope"])
        self._in_caption = tag == "caption"

    def handle_endtag(self, tag):
        if self._hidden_depth:
            self._hidden_depth -= 1
        if tag in ("td", "th") and self._cell is not None:
            self.table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        self._in_title = False
        self._in_caption = False if tag == "caption" else self._in_caption

    def handle_data(self, data):
        if self._in_title and self._quarter:
            self.quarters[self._quarter].append(data.strip())
        if self._cell is not None:
            self._cell.append(data)
        if self._in_caption:
            self.caption += data


@pytest.fixture
def rendered(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = render_template_string(MACRO, year=2027, rows=ROWS)
    parsed = _Timeline()
    parsed.feed(html)
    return html, parsed


def test_every_item_is_in_its_quarter_of_the_chart(rendered):
    _, chart = rendered
    assert chart.quarters == {
        "2027-Q1": ["Sak- og arkivsystem"],
        "2027-Q2": [],
        "2027-Q3": ["Trygghetsalarmer", "Nettbrett til skolen"],
        "2027-Q4": ["Konsulentavtale IT"],
        "other": ["Ny telefoniløsning"],
    }


def test_the_table_has_the_same_items_with_caption_and_scopes(rendered):
    _, parsed = rendered
    header, *body = [row for row in parsed.table if row]
    assert header == ["Start quarter", "Item", "Priority", "Category", "Budget source"]
    assert body == [
        ["2027-Q1", "Sak- og arkivsystem", "1", "Fagsystemer", "The plan's budget"],
        ["2027-Q3", "Trygghetsalarmer", "2", "Velferdsteknologi", "Outside the plan"],
        ["2027-Q3", "Nettbrett til skolen", "3", "Maskinvare", "The plan's budget"],
        ["2027-Q4", "Konsulentavtale IT", "1", "IT-konsulenter", "The plan's budget"],
        ["2028-Q1", "Ny telefoniløsning", "2", "Telefoni", "The plan's budget"],
    ]
    assert "2027" in parsed.caption
    assert parsed.scopes.count("col") == 5 and parsed.scopes.count("row") == len(ROWS)


def test_links_only_in_the_table_and_priority_and_outside_marked_in_words(rendered):
    html, parsed = rendered
    assert parsed.hidden_links == 0
    assert '<a href="/plan-items/1">Sak- og arkivsystem</a>' in html
    assert "Nettbrett til skolen</th>" in html  # no link when the row has no url
    assert re.search(
        r'timeline-item--p2 timeline-item--outside">\s*<span class="timeline-priority">Priority 2</span>'
        r'\s*<span class="timeline-title">Trygghetsalarmer',
        html,
    )
    assert html.count('class="timeline-outside">Outside the plan<') == 1
    assert "style=" not in html and "<script" not in html


def test_a_year_without_other_years_has_four_columns(app):
    with app.test_request_context():
        html = render_template_string(MACRO, year=2027, rows=ROWS[:2])
    assert "timeline-chart--other" not in html and 'data-quarter="other"' not in html
