"""The action-plan API: the shapes, the clear refusals, and nothing changed when refused."""

from __future__ import annotations

from samverka.platform.core.i18n import LANG_COOKIE
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanSettings, PlanVote
from tests.platform.plans.factories import ITEM, YEAR, make_plan
from tests.platform.plans.support import chief_of
from tests.platform.plans.test_approval import _vote
from tests.support.api import ApiClient, assert_error_shape, count_rows, field_errors, signed_in
from tests.support.login import HIGH_LEVEL, LOGIN_LEVEL, sign_in, sign_in_with_eid


def _api(app, person, *, high: bool = False, through_eid: bool = False):
    """An API client in English (messages are compared), signed in at level high when asked, through the
    e-ID provider when the e-ID level is what the test is about."""
    client = app.test_client()
    client.set_cookie(LANG_COOKIE, "en")
    if not high and not through_eid:
        return signed_in(client, person)
    (sign_in_with_eid if through_eid else sign_in)(client, person, acr=HIGH_LEVEL if high else LOGIN_LEVEL)
    return ApiClient(client, client.get("/api/v1/csrf-token").get_json()["csrf_token"])


def test_coordinator_reads_adds_changes_and_submits(app, client, tenant_a):
    plan = make_plan(app, tenant_a)
    api = _api(app, tenant_a.people["coordinator"])
    body = api.get(f"/api/v1/action-plans/{plan.plan_id}").get_json()
    assert (body["year"], body["status"], len(body["items"])) == (YEAR, "draft", 1)
    assert sum(s["one_off_minor"] for s in body["items"][0]["shares"]) == ITEM["one_off_cost_minor"]
    created = api.post(
        f"/api/v1/action-plans/{plan.plan_id}/items",
        {
            **ITEM,
            "title": "Felles HR-system",
            "one_off_cost_minor": 1_000_001,
            "participant_ids": [tenant_a.tenant_id, tenant_a.other_tenant_id],
        },
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    shares = created.get_json()["shares"]
    assert sorted(s["one_off_minor"] for s in shares) == [500_000, 500_001]
    changed = api.client.put(
        f"/api/v1/plan-items/{created.get_json()['id']}",
        headers=api.headers,
        json={**ITEM, "participant_ids": [tenant_a.tenant_id]},
    )
    assert changed.status_code == 200 and len(changed.get_json()["shares"]) == 1
    submitted = api.post(f"/api/v1/action-plans/{plan.plan_id}/submit", {"comment": "Til RMU 4. desember"})
    assert submitted.get_json()["status"] == "submitted"
    refused = api.post(
        f"/api/v1/action-plans/{plan.plan_id}/items", {**ITEM, "title": "Sent", "participant_ids": [tenant_a.tenant_id]}
    )
    assert field_errors(refused)["status"] == [
        "The plan is submitted for approval and is read-only: make a new version to change it."
    ]
    assert count_rows(app, PlanItem) == 2


def test_fixed_shares_must_add_up_to_100(app, client, tenant_a):
    api = _api(app, tenant_a.people["coordinator"])
    path = f"/api/v1/regions/{tenant_a.region_id}/cost-sharing"
    refused = api.client.put(
        path,
        headers=api.headers,
        json={
            "cost_method": "fixed",
            "approval_rule": "all",
            "fixed_shares": [
                {"tenant_id": tenant_a.tenant_id, "basis_points": 9000},
                {"tenant_id": tenant_a.other_tenant_id, "basis_points": 850},
            ],
        },
    )
    assert field_errors(refused)["fixed_shares"] == ["The shares add up to 98.50 %, not 100 %."]
    out_of_range = api.client.put(
        path, headers=api.headers, json={"cost_method": "mix", "equal_percent": 101, "approval_rule": "all"}
    )
    assert "equal_percent" in field_errors(out_of_range)
    assert count_rows(app, PlanSettings) == 0
    saved = api.client.put(
        path, headers=api.headers, json={"cost_method": "mix", "equal_percent": 30, "approval_rule": "majority"}
    )
    assert saved.status_code == 200 and api.get(path).get_json()["approval_rule"] == "majority"


def test_votes_need_a_members_chief_executive_at_level_high(app, client, tenant_a):
    plan = make_plan(app, tenant_a, submit=True, participant_ids=[tenant_a.tenant_id])
    path = f"/api/v1/action-plans/{plan.plan_id}/votes"
    it = _api(app, tenant_a.people["it"])
    body = assert_error_shape(it.post(path, {"decision": "approve"}), 403)
    assert "Only the chief executive of a member municipality" in body["message"]
    coordinator = _api(app, tenant_a.people["coordinator"])
    assert_error_shape(coordinator.post(path, {"decision": "approve"}), 403)
    chief_low = _api(app, tenant_a.people["chief"], through_eid=True)
    assert "level high" in assert_error_shape(chief_low.post(path, {"decision": "approve"}), 403)["message"]
    assert count_rows(app, PlanVote) == 0
    chief = _api(app, tenant_a.people["chief"], high=True, through_eid=True)
    cast = chief.post(path, {"decision": "approve", "comment": "Godkjent"})
    assert cast.status_code == 201, cast.get_data(as_text=True)
    assert cast.get_json()["acr"] == HIGH_LEVEL
    assert field_errors(chief.post(path, {"decision": "reject"}))["decision"] == [
        "Kongsberg has already voted on this version of the plan."
    ]
    assert count_rows(app, PlanVote) == 1


def test_a_vote_on_an_approved_plan_is_closed(app, client, tenant_a):
    plan = make_plan(app, tenant_a, submit=True, participant_ids=[tenant_a.tenant_id])
    flesberg_chief = chief_of(app, tenant_a.other_tenant_id, "flesberg_chief", "12017012358")
    _vote(app, tenant_a.people["chief"], plan.plan_id, "approve")
    _vote(app, flesberg_chief, plan.plan_id, "approve")
    chief = _api(app, tenant_a.people["chief"], high=True)
    body = field_errors(chief.post(f"/api/v1/action-plans/{plan.plan_id}/votes", {"decision": "reject"}))
    assert body["decision"] == ["Votes are closed: the plan is approved."]
    assert count_rows(app, PlanVote) == 2
    versions = _api(app, tenant_a.people["coordinator"]).post(f"/api/v1/action-plans/{plan.plan_id}/versions", {})
    assert versions.status_code == 201 and versions.get_json()["version"] == 2
    assert count_rows(app, ActionPlan) == 2


def test_budget_lines_are_the_tenants_own(app, client, tenant_a, tenant_b):
    make_plan(app, tenant_a)
    api = _api(app, tenant_a.people["chief"])
    years = api.get(f"/api/v1/tenants/{tenant_a.tenant_id}/budget-lines").get_json()
    assert [(y["plan_status"], len(y["lines"])) for y in years] == [("draft", 1)]
    assert years[0]["lines"][0]["one_off_minor"] == ITEM["one_off_cost_minor"] // 2
    assert api.get(f"/api/v1/tenants/{tenant_a.other_tenant_id}/budget-lines").status_code == 404
    plan = api.get(f"/api/v1/regions/{tenant_a.region_id}/action-plans").get_json()[0]
    assert [s["tenant_id"] for s in plan["items"][0]["shares"]] == [tenant_a.tenant_id]  # Flesberg's is not shown
