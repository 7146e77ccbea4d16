"""The needs API under /api/v1, signed in over the real e-ID provider on PostgreSQL.

Kongsberg (region A) registers needs; Flesberg is its neighbour in region A, Tokke
is in region B. Nobody but Kongsberg's people and, once a need is submitted, region
A's staff may learn anything about Kongsberg's needs.
"""

from __future__ import annotations

import pytest

from samverka.platform.needs.models import BenefitLine, BenefitTemplate, Need, NeedEvent, NeedSubmission
from tests.platform.needs.support import LINE, NEED, neighbour_it, register_need, submitted_need_of_a
from tests.support.api import anonymous_csrf_token, assert_error_shape, count_rows, field_errors, signed_in

A_TRACES = ("kongsberg", "sak- og arkiv", "elements", "sikri", "arkivleder")
NEED_MODELS = (Need, NeedSubmission, NeedEvent, BenefitLine, BenefitTemplate)


def every_endpoint(ids: dict) -> list[tuple[str, str]]:
    need, line = f"/api/v1/needs/{ids['need_id']}", ids["line_id"]
    return [
        ("GET", f"/api/v1/tenants/{ids['tenant_id']}/needs"),
        ("POST", f"/api/v1/tenants/{ids['tenant_id']}/needs"),
        ("GET", need),
        ("PUT", need),
        ("DELETE", need),
        ("GET", f"{need}/history"),
        ("POST", f"{need}/submission"),
        ("POST", f"{need}/transitions"),
        ("GET", f"{need}/benefit-plan"),
        ("POST", f"{need}/benefit-plan/lines"),
        ("DELETE", f"{need}/benefit-plan/lines/{line}"),
        ("GET", f"/api/v1/regions/{ids['region_id']}/needs"),
        ("GET", f"/api/v1/regions/{ids['region_id']}/benefit-template"),
        ("PUT", f"/api/v1/regions/{ids['region_id']}/benefit-template"),
    ]


def _ids(app, a) -> dict:
    return {**submitted_need_of_a(app, a), "tenant_id": a.tenant_id, "region_id": a.region_id}


def _counts(app) -> dict:
    return {model.__tablename__: count_rows(app, model) for model in NEED_MODELS}


def assert_no_trace_of_a(response) -> None:
    text = response.get_data(as_text=True).lower()
    assert not [trace for trace in A_TRACES if trace in text], text


def test_every_endpoint_refuses_the_anonymous_with_401(app, client, tenant_a):
    headers = {"X-CSRFToken": anonymous_csrf_token(app, client)}
    for method, path in every_endpoint(_ids(app, tenant_a)):
        response = client.open(path, method=method, json={}, headers=headers)
        assert_error_shape(response, 401)
        assert_no_trace_of_a(response)


# --- Registering, changing, deleting -------------------------------------------------------------


def test_an_it_coordinator_registers_reads_changes_and_deletes_a_draft(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    created = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", NEED)
    assert created.status_code == 201, created.get_data(as_text=True)
    need = created.get_json()
    assert (need["status"], need["version"], need["currency"]) == ("draft", 1, "NOK")
    assert need["cpv_codes"] == ["48311100-2", "72212311-2"]
    assert need["dpa_required"] is True and need["missing_benefit_plan"] is True
    path = f"/api/v1/needs/{need['id']}"
    assert api.get(path).get_json() == need
    listed = api.get(f"/api/v1/tenants/{tenant_a.tenant_id}/needs").get_json()
    assert [n["id"] for n in listed] == [need["id"]]
    changed = api.client.put(path, json={**NEED, "title": "Sak og arkiv"}, headers=api.headers)
    assert changed.status_code == 200 and changed.get_json()["title"] == "Sak og arkiv"
    assert changed.get_json()["version"] == 1
    assert api.delete(path).status_code == 204
    assert_error_shape(api.get(path), 404)


def test_a_chief_executive_reads_but_cannot_register(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    api = signed_in(client, tenant_a.people["chief"])
    assert api.get(f"/api/v1/needs/{need_id}").status_code == 200
    before = _counts(app)
    assert_error_shape(api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", NEED), 403)
    assert_error_shape(api.post(f"/api/v1/needs/{need_id}/transitions", {"transition": "withdraw"}), 422)
    assert _counts(app) == before


def test_submitting_changing_and_the_history(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    need = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", NEED).get_json()
    path = f"/api/v1/needs/{need['id']}"
    submitted = api.post(f"{path}/submission", {"region_ids": [tenant_a.region_id], "comment": "Til SuksIT"})
    assert submitted.status_code == 200, submitted.get_data(as_text=True)
    assert submitted.get_json()["submitted_region_ids"] == [tenant_a.region_id]
    changed = api.client.put(path, json={**NEED, "desired_start": "2027-Q3"}, headers=api.headers).get_json()
    assert (changed["version"], changed["desired_start"]) == (2, "2027-Q3")
    history = api.get(f"{path}/history").get_json()
    assert [(e["action"], e["from_status"], e["to_status"], e["version"]) for e in history] == [
        ("create", None, "draft", 1),
        ("submit", "draft", "submitted", 1),
        ("update", "submitted", "submitted", 2),
    ]
    assert history[1]["comment"] == "Til SuksIT" and history[1]["actor_name"] == "Kongsb It"


def test_the_region_considers_a_submitted_need_and_sees_it_in_its_list(app, client, tenant_a):
    draft = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, title="Utkast som ikke deles")
    submitted = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    api = signed_in(client, tenant_a.people["coordinator"])
    listed = api.get(f"/api/v1/regions/{tenant_a.region_id}/needs").get_json()
    assert [n["id"] for n in listed] == [submitted] and listed[0]["missing_benefit_plan"] is True
    assert_error_shape(api.get(f"/api/v1/needs/{draft}"), 404)
    moved = api.post(f"/api/v1/needs/{submitted}/transitions", {"transition": "consider", "comment": "Ser på det"})
    assert moved.status_code == 200 and moved.get_json()["status"] == "under_consideration"
    assert_error_shape(api.client.put(f"/api/v1/needs/{submitted}", json=NEED, headers=api.headers), 403)


def test_benefit_lines_are_added_and_removed(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    need = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", NEED).get_json()
    plan_path = f"/api/v1/needs/{need['id']}/benefit-plan"
    added = api.post(f"{plan_path}/lines", LINE)
    assert added.status_code == 201, added.get_data(as_text=True)
    assert added.get_json()["target_value"] == "40.00"
    plan = api.get(plan_path).get_json()
    assert (plan["missing"], len(plan["lines"]), plan["problems"]) == (False, 1, [])
    assert api.delete(f"{plan_path}/lines/{added.get_json()['id']}").status_code == 204
    assert api.get(plan_path).get_json()["missing"] is True


def test_the_coordinator_edits_the_template_and_tenants_read_it(app, client, tenant_a):
    coordinator = signed_in(client, tenant_a.people["coordinator"])
    path = f"/api/v1/regions/{tenant_a.region_id}/benefit-template"
    assert coordinator.get(path).get_json()["benefit_types"] == [
        "cost_saved",
        "cost_avoided",
        "time_saved",
        "quality",
        "risk_reduced",
    ]
    saved = coordinator.client.put(
        path,
        json={"benefit_types": ["quality", "cost_saved"], "required_fields": ["owner"]},
        headers=coordinator.headers,
    )
    assert saved.get_json() == {
        "region_id": tenant_a.region_id,
        "benefit_types": ["cost_saved", "quality"],
        "required_fields": ["owner"],
    }
    it = signed_in(app.test_client(), tenant_a.people["it"])
    assert it.get(path).get_json()["benefit_types"] == ["cost_saved", "quality"]
    refused = it.client.put(path, json={"benefit_types": ["quality"], "required_fields": []}, headers=it.headers)
    assert_error_shape(refused, 403)


# --- Bad input: a clear 422, nothing written -----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cpv_codes": ["48999999"]}, "cpv_codes"),  # not in the CPV list
        ({"cpv_codes": ["48000000-9"]}, "cpv_codes"),  # wrong check digit
        ({"cpv_codes": []}, "cpv_codes"),
        ({"one_off_cost_minor": -1}, "one_off_cost_minor"),
        ({"annual_cost_minor": 12.5}, "annual_cost_minor"),
        ({"contract_extendable_to": "2027-01-01"}, "contract_extendable_to"),  # before the end, 2027-06-30
        ({"desired_start": "2027-Q5"}, "desired_start"),
        ({"confidentiality": "secret"}, "confidentiality"),
        ({"kind": "wish"}, "kind"),
    ],
)
def test_bad_need_input_is_422_with_the_field_named_and_nothing_written(app, client, tenant_a, change, field):
    api = signed_in(client, tenant_a.people["it"])
    before = _counts(app)
    response = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", {**NEED, **change})
    assert list(field_errors(response)) == [field]
    assert _counts(app) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_date": "2025-12-31"}, "target_date"),  # before the baseline date, 2026-01-01
        ({"benefit_type": "happiness"}, "benefit_type"),
        ({"owner": None}, "owner"),  # the default template requires an owner
    ],
)
def test_a_bad_benefit_line_is_422_and_nothing_written(app, client, tenant_a, change, field):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    api = signed_in(client, tenant_a.people["it"])
    before = _counts(app)
    response = api.post(f"/api/v1/needs/{need_id}/benefit-plan/lines", {**LINE, **change})
    assert list(field_errors(response)) == [field]
    assert _counts(app) == before


def test_a_step_not_allowed_and_a_foreign_region_are_422_and_change_nothing(app, client, tenant_a, tenant_b):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    api = signed_in(client, tenant_a.people["it"])
    before = _counts(app)
    withdraw = api.post(f"/api/v1/needs/{need_id}/transitions", {"transition": "withdraw"})
    assert list(field_errors(withdraw)) == ["transition"]
    foreign = api.post(f"/api/v1/needs/{need_id}/submission", {"region_ids": [tenant_b.region_id]})
    assert list(field_errors(foreign)) == ["region_ids"]
    assert api.get(f"/api/v1/needs/{need_id}").get_json()["status"] == "draft"
    assert _counts(app) == before


def test_a_submitted_need_is_not_deleted_but_answered_with_422(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    api = signed_in(client, tenant_a.people["it"])
    before = _counts(app)
    assert list(field_errors(api.delete(f"/api/v1/needs/{need_id}"))) == ["status"]
    assert _counts(app) == before


# --- Nobody else ---------------------------------------------------------------------------------


def _outsiders(app, tenant_a, tenant_b) -> list:
    return [*tenant_b.people.values(), neighbour_it(app, tenant_a)]


def test_every_endpoint_is_404_for_region_b_and_the_neighbour(app, tenant_a, tenant_b):
    ids = _ids(app, tenant_a)
    for person in _outsiders(app, tenant_a, tenant_b):
        api = signed_in(app.test_client(), person)
        before = _counts(app)
        for method, path in every_endpoint(ids):
            if person.key == "flesberg_it" and "/regions/" in path:
                continue  # Flesberg belongs to region A: its region's lists are answered by role below
            response = api.client.open(path, method=method, json={}, headers=api.headers)
            assert_error_shape(response, 404)
            assert_no_trace_of_a(response)
        assert _counts(app) == before


def test_a_submitted_need_reaches_region_a_staff_but_not_the_neighbour_nor_the_partner(app, tenant_a):
    ids = _ids(app, tenant_a)
    coordinator = signed_in(app.test_client(), tenant_a.people["coordinator"])
    assert coordinator.get(f"/api/v1/needs/{ids['need_id']}").get_json()["title"] == NEED["title"]
    for person in (neighbour_it(app, tenant_a), tenant_a.people["partner"]):
        api = signed_in(app.test_client(), person)
        for path in (
            f"/api/v1/needs/{ids['need_id']}",
            f"/api/v1/needs/{ids['need_id']}/history",
            f"/api/v1/needs/{ids['need_id']}/benefit-plan",
        ):
            assert_error_shape(api.get(path), 404)
        listed = api.get(f"/api/v1/regions/{tenant_a.region_id}/needs")
        assert_error_shape(listed, 403)
        assert_no_trace_of_a(listed)
