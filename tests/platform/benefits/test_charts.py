"""The line's chart: the same numbers in the drawing's table as in the follow-up, a named SVG, a scale line's
scores; drawn from plain values (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from samverka.platform.benefits.charts import line_figure
from samverka.platform.benefits.services.follow_up import line_follow_up


def _line(**fields):
    values = {
        "id": 7,
        "benefit_type": "cost_saved",
        "value_kind": None,
        "follow_up_period": "quarterly",
        "target_value": Decimal("365000"),
        "target_date": date(2027, 12, 31),
        "follow_up_status": None,
    }
    return SimpleNamespace(**{**values, **fields})


def _measured(start: date, **value):
    return SimpleNamespace(period_start=start, amount=value.get("amount"), score=value.get("score"))


def test_planned_and_realised_are_drawn_and_tabled_alike(app):
    found = line_follow_up(
        _line(), date(2027, 1, 1), [_measured(date(2027, 1, 1), amount=Decimal("80000"))], date(2027, 5, 1)
    )
    with app.test_request_context(headers={"Cookie": "samverka_lang=en"}):
        figure = line_figure(found, "NOK", 1)
        svg = str(figure.svg)
    assert figure.id == "chart-benefit-7" and 'role="img"' in svg and "<polyline" in svg.lower()
    rows = [row.cells for row in figure.table.rows]
    assert [cells[0] for cells in rows] == ["Q1 2027", "Q2 2027"]
    assert "90,000.00" in rows[0][1] and "80,000.00" in rows[0][2] and rows[1][2] == "–"
    assert "80,000.00" in figure.summary and "Behind" in figure.summary
    assert 'aria-labelledby="chart-benefit-7-title"' in svg


def test_a_scale_line_shows_its_scores_per_period(app):
    line = _line(benefit_type="quality", follow_up_period="half_yearly", target_value=Decimal(4))
    found = line_follow_up(line, date(2027, 1, 1), [_measured(date(2027, 1, 1), score=3)], date(2027, 8, 1))
    with app.test_request_context(headers={"Cookie": "samverka_lang=en"}):
        figure = line_figure(found, "NOK", 2)
    assert [row.cells for row in figure.table.rows] == [("H1 2027", "3 – Partly realised"), ("H2 2027", "–")]
    assert "the target 4" in figure.summary


def test_no_chart_before_the_first_period(app):
    found = line_follow_up(_line(), date(2027, 1, 1), [], date(2026, 12, 1))
    with app.test_request_context():
        assert line_figure(found, "NOK", 1) is None
