"""Follow-up periods, the planned linear ramp and a line's status: pure functions, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from samverka.platform.benefits import periods as p


def _line(**fields):
    values = {
        "benefit_type": "cost_saved",
        "value_kind": None,
        "target_value": Decimal("1000"),
        "target_date": date(2027, 12, 31),
        "follow_up_status": None,
        "follow_up_period": "yearly",
    }
    return SimpleNamespace(**{**values, **fields})


def _measured(*values, kind="amount"):
    start = date(2027, 1, 1)
    return [
        SimpleNamespace(
            period_start=date(start.year + i, 1, 1),
            amount=Decimal(v) if kind == "amount" else None,
            score=v if kind == "score" else None,
        )
        for i, v in enumerate(values)
    ]


@pytest.mark.parametrize(
    ("kind", "day", "start", "end"),
    [
        (p.QUARTERLY, date(2027, 2, 14), date(2027, 1, 1), date(2027, 3, 31)),
        (p.QUARTERLY, date(2027, 4, 1), date(2027, 4, 1), date(2027, 6, 30)),
        (p.QUARTERLY, date(2027, 12, 31), date(2027, 10, 1), date(2027, 12, 31)),
        (p.HALF_YEARLY, date(2027, 6, 30), date(2027, 1, 1), date(2027, 6, 30)),
        (p.HALF_YEARLY, date(2027, 7, 1), date(2027, 7, 1), date(2027, 12, 31)),
        (p.YEARLY, date(2028, 2, 29), date(2028, 1, 1), date(2028, 12, 31)),
    ],
)
def test_a_day_falls_in_the_calendar_aligned_period_of_its_kind(kind, day, start, end):
    assert p.period_for(kind, day) == p.Period(start, end)


def test_only_the_first_day_of_a_period_is_a_period_start():
    assert p.is_period_start(p.QUARTERLY, date(2027, 10, 1))
    assert not p.is_period_start(p.QUARTERLY, date(2027, 11, 1))
    assert p.is_period_start(p.HALF_YEARLY, date(2027, 7, 1))
    assert not p.is_period_start(p.HALF_YEARLY, date(2027, 4, 1))
    assert p.is_period_start(p.YEARLY, date(2027, 1, 1))
    assert not p.is_period_start(p.YEARLY, date(2027, 7, 1))


def test_periods_run_from_the_one_containing_the_start_to_the_one_containing_until():
    found = p.periods(p.QUARTERLY, date(2026, 11, 20), date(2027, 4, 1))
    assert [x.start for x in found] == [date(2026, 10, 1), date(2027, 1, 1), date(2027, 4, 1)]
    assert found[-1].end == date(2027, 6, 30)
    assert [x.start for x in p.periods(p.HALF_YEARLY, date(2027, 3, 1), date(2028, 1, 1))] == [
        date(2027, 1, 1),
        date(2027, 7, 1),
        date(2028, 1, 1),
    ]
    assert p.periods(p.YEARLY, date(2027, 5, 1), date(2027, 4, 30)) == []


def test_the_value_kind_is_the_lines_own_or_derived_from_its_benefit_type():
    assert p.value_kind(_line(benefit_type="cost_avoided")) == p.MONEY
    assert p.value_kind(_line(benefit_type="time_saved")) == p.HOURS
    assert p.value_kind(_line(benefit_type="quality")) == p.SCALE
    assert p.value_kind(_line(benefit_type="risk_reduced")) == p.SCALE
    assert p.value_kind(_line(benefit_type="quality", value_kind=p.COUNT)) == p.COUNT


def test_the_plan_grows_linearly_from_nothing_at_the_start_to_the_target_on_the_target_date():
    line = _line(target_value=Decimal("365"), target_date=date(2027, 12, 31))
    start = date(2027, 1, 1)
    assert p.planned_cumulative(line, start, date(2026, 12, 31)) == Decimal("0.00")
    assert p.planned_cumulative(line, start, date(2027, 1, 1)) == Decimal("1.00")
    assert p.planned_cumulative(line, start, date(2027, 7, 2)) == Decimal("183.00")
    assert p.planned_cumulative(line, start, date(2027, 12, 31)) == Decimal("365.00")
    assert p.planned_cumulative(line, start, date(2030, 1, 1)) == Decimal("365.00")  # capped


def test_the_plan_is_whole_when_the_target_date_is_before_the_start_and_absent_without_a_target():
    start = date(2027, 1, 1)
    assert p.planned_cumulative(_line(target_date=date(2026, 6, 1)), start, start) == Decimal("1000.00")
    assert p.planned_cumulative(_line(target_value=None), start, date(2027, 6, 1)) is None
    assert p.planned_cumulative(_line(benefit_type="quality", target_value=4), start, date(2027, 6, 1)) is None


def test_planned_in_a_period_is_the_growth_of_the_cumulative_plan_over_it():
    line = _line(target_value=Decimal("365"), target_date=date(2027, 12, 31))
    start = date(2027, 1, 1)
    quarters = p.periods(p.QUARTERLY, start, date(2027, 12, 31))
    parts = [p.planned_in(line, start, q.start, q.end) for q in quarters]
    assert parts == [Decimal("90.00"), Decimal("91.00"), Decimal("92.00"), Decimal("92.00")]
    assert sum(parts) == Decimal("365.00")


def test_a_quantitative_line_is_realised_at_its_target_behind_under_ninety_percent_of_plan():
    start, today = date(2027, 1, 1), date(2028, 1, 1)
    line = _line(target_value=Decimal("1000"), target_date=date(2027, 12, 31), follow_up_period=p.QUARTERLY)
    assert p.status(line, start, _measured("600", "400"), today) == p.REALISED
    assert p.status(line, start, _measured("899.99"), today) == p.BEHIND
    assert p.status(line, start, _measured("900"), today) == p.ON_TRACK
    assert p.status(line, start, [], date(2026, 12, 31)) == p.ON_TRACK


def test_a_line_is_measured_against_the_plan_up_to_its_last_ended_period_not_up_to_today():
    start = date(2027, 1, 1)
    line = _line(target_value=Decimal("1000"), target_date=date(2027, 12, 31), follow_up_period=p.QUARTERLY)
    assert p.status(line, start, [], date(2027, 1, 2)) == p.ON_TRACK  # the first quarter is still running
    assert p.status(line, start, [], date(2027, 3, 31)) == p.ON_TRACK
    assert p.status(line, start, [], date(2027, 4, 1)) == p.BEHIND  # the first quarter ended unreported
    assert p.status(line, start, _measured("222"), date(2027, 5, 15)) == p.ON_TRACK  # 90 % of the 246.58 planned
    assert p.status(line, start, _measured("221"), date(2027, 5, 15)) == p.BEHIND


def test_a_scale_line_is_realised_when_its_latest_score_reaches_the_target_behind_only_after_the_target_date():
    start = date(2027, 1, 1)
    line = _line(benefit_type="quality", target_value=Decimal("4"), target_date=date(2028, 6, 30))
    assert p.status(line, start, _measured(5, 4, kind="score"), date(2029, 1, 1)) == p.REALISED
    assert p.status(line, start, _measured(5, 3, kind="score"), date(2028, 1, 1)) == p.ON_TRACK
    assert p.status(line, start, _measured(5, 3, kind="score"), date(2028, 7, 1)) == p.BEHIND
    assert p.status(line, start, [], date(2029, 1, 1)) == p.ON_TRACK


def test_a_dropped_line_stays_dropped_whatever_was_measured():
    line = _line(follow_up_status=p.DROPPED)
    assert p.status(line, date(2027, 1, 1), _measured("5000"), date(2027, 6, 1)) == p.DROPPED


def test_a_measurement_is_due_the_day_after_its_period_and_overdue_thirty_days_later():
    period = p.period_for(p.QUARTERLY, date(2027, 2, 1))
    assert p.due_on(period) == date(2027, 4, 1)
    assert p.overdue_on(period) == date(2027, 5, 1)
    assert p.overdue_on(period, grace_days=10) == date(2027, 4, 11)
