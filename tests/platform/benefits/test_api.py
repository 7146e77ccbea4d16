"""The follow-up's API: the list, a plan's follow-up, recording (201) and correcting a measurement, a line's
settings and drop; bad input a 422 with field errors that changes nothing; another tenant's objects 404."""

from __future__ import annotations

import pytest

from samverka.platform.audit.models import AuditEvent
from samverka.platform.benefits.models import BenefitMeasurement
from tests.platform.benefits.factories import delivered_with_benefits
from tests.support.api import assert_error_shape, count_rows, signed_in


@pytest.fixture
def follow(app, tenant_a):
    return delivered_with_benefits(app, tenant_a)


def _api(app, person):
    api = signed_in(app.test_client(), person)
    api.client.set_cookie("samverka_lang", "en")
    return api


def _measure(api, line_id, **body):
    payload = {"period_start": "2026-01-01", "measured_by": "Kari Måler", **body}
    return api.post(f"/api/v1/benefit-lines/{line_id}/measurements", payload)


def test_a_measurement_is_recorded_corrected_and_read_in_the_plans_follow_up(app, tenant_a, follow):
    api = _api(app, tenant_a.people["it"])
    first = _measure(api, follow.lines["money"], amount="25000.50", comment="Fra regnskapet")
    assert first.status_code == 201, first.get_data(as_text=True)
    assert first.get_json()["amount"] == "25000.50" and first.get_json()["period_end"] == "2026-03-31"
    again = _measure(api, follow.lines["money"], amount="26000")
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    found = api.get(f"/api/v1/benefit-plans/{follow.plan_id}/follow-up").get_json()
    assert found["follow_up_start"] == "2026-01-15" and found["currency"] == "NOK"
    money = next(line for line in found["lines"] if line["id"] == follow.lines["money"])
    assert money["value_kind"] == "money" and money["realised"] == "26000.00" and money["status"] == "behind"
    assert money["periods"][0]["state"] == "measured" and money["periods"][0]["measurement"]["amount"] == "26000.00"
    assert money["periods"][1]["state"] == "overdue"
    listed = api.get(f"/api/v1/tenants/{tenant_a.tenant_id}/benefit-follow-ups").get_json()
    assert [row["benefit_plan_id"] for row in listed] == [follow.plan_id]


def test_a_scale_line_takes_a_score(app, tenant_a, follow):
    answer = _measure(_api(app, tenant_a.people["it"]), follow.lines["quality"], score=5)
    assert answer.status_code == 201 and answer.get_json()["score"] == 5 and answer.get_json()["amount"] is None


@pytest.mark.parametrize(
    ("line", "body", "field"),
    [
        ("money", {"period_start": "2026-02-01", "amount": "1"}, "period_start"),  # no such period
        ("money", {"period_start": "2025-07-01", "amount": "1"}, "period_start"),  # before follow-up
        ("money", {"period_start": "2099-01-01", "amount": "1"}, "period_start"),  # in the future
        ("money", {"score": 3}, "score"),  # a score on an amount line
        ("quality", {"amount": "3"}, "amount"),  # an amount on a scale line
        ("quality", {"score": 6}, "score"),
        ("hours", {"amount": "-1"}, "amount"),
        ("money", {"amount": "1.234"}, "amount"),  # more decimals than kept
        ("money", {"amount": "1", "measured_by": ""}, "measured_by"),
        ("money", {"amount": "1", "unknown": "x"}, "unknown"),
    ],
)
def test_bad_input_is_a_422_with_field_errors_that_changes_nothing(app, tenant_a, follow, line, body, field):
    api = _api(app, tenant_a.people["it"])
    before = count_rows(app, BenefitMeasurement), count_rows(app, AuditEvent)
    body = assert_error_shape(_measure(api, follow.lines[line], **body), 422)
    assert field in str(body["errors"]), body
    assert (count_rows(app, BenefitMeasurement), count_rows(app, AuditEvent)) == before


def test_settings_and_drop_answer_the_lines_follow_up(app, tenant_a, follow):
    api = _api(app, tenant_a.people["it"])
    line_id = follow.lines["hours"]
    answer = api.put(
        f"/api/v1/benefit-lines/{line_id}/follow-up", {"follow_up_period": "yearly", "value_kind": "count"}
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["follow_up_period"] == "yearly" and answer.get_json()["value_kind"] == "count"
    assert_error_shape(api.put(f"/api/v1/benefit-lines/{line_id}/follow-up", {"follow_up_period": "monthly"}), 422)
    assert_error_shape(api.post(f"/api/v1/benefit-lines/{line_id}/drop", {"dropped_reason": ""}), 422)
    dropped = api.post(f"/api/v1/benefit-lines/{line_id}/drop", {"dropped_reason": "Ikke lenger aktuelt"})
    assert dropped.status_code == 200 and dropped.get_json()["status"] == "dropped"
    assert dropped.get_json()["dropped_reason"] == "Ikke lenger aktuelt"


def test_the_region_reads_and_may_not_record(app, tenant_a, follow):
    api = _api(app, tenant_a.people["coordinator"])
    assert api.get(f"/api/v1/benefit-plans/{follow.plan_id}/follow-up").status_code == 200
    assert_error_shape(_measure(api, follow.lines["money"], amount="1"), 403)
    assert count_rows(app, BenefitMeasurement) == 0


def test_every_route_is_a_404_for_another_region_and_the_neighbour_municipality(app, tenant_a, tenant_b, follow):
    line_id = follow.lines["money"]
    for api, plan_id, line in (
        (_api(app, tenant_b.people["it"]), follow.plan_id, line_id),
        (_api(app, tenant_a.people["it"]), follow.other_plan_id, follow.other_lines["money"]),  # Flesberg's
    ):
        assert_error_shape(api.get(f"/api/v1/benefit-plans/{plan_id}/follow-up"), 404)
        assert_error_shape(_measure(api, line, amount="1"), 404)
        assert_error_shape(api.put(f"/api/v1/benefit-lines/{line}/follow-up", {"follow_up_period": "yearly"}), 404)
        assert_error_shape(api.post(f"/api/v1/benefit-lines/{line}/drop", {"dropped_reason": "x"}), 404)
    tokke = _api(app, tenant_b.people["it"])
    assert_error_shape(tokke.get(f"/api/v1/tenants/{tenant_a.tenant_id}/benefit-follow-ups"), 404)
    assert count_rows(app, BenefitMeasurement) == 0
