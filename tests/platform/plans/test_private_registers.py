"""A municipality's own contract register stays its own, and partners read plans without amounts unless public.

The reproduction: Kongsberg's private contract "Kongsberg kontrakt hemmelig" (777,000 kr a year) falls due;
the lead-time job used to submit a re-procurement need that the next plan draft took in, so Flesberg's IT
coordinator and the partner read its title and value in ``GET /api/v1/action-plans/<id>``.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from samverka.platform.contracts.services.sharing import auto_submits
from samverka.platform.contracts.tasks import plan_reprocurements
from samverka.platform.core.extensions import db
from samverka.platform.needs.models import Need
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import items
from tests.platform.contracts.support import make_contract
from tests.platform.plans.factories import ITEM, YEAR, empty_plan
from tests.platform.plans.support import acting
from tests.platform.plans.test_drafting import draft_plan
from tests.support.api import signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in
from tests.support.world import add_person

SECRET, VALUE = "Kongsberg kontrakt hemmelig", 77_700_000


def _flesberg_it(app, world):
    with acting(app, None):
        person = add_person(app, "flesberg_it", "10017012344", "it_coordinator", tenant_id=world.other_tenant_id)
        db.session.commit()
        return person


def _due_contract(app, world) -> None:
    # Without personal data, so that an opted-in municipality's need is submitted (one that processes some
    # would wait as a draft for its personal-data answers).
    make_contract(
        app,
        tenant_id=world.tenant_id,
        title=SECRET,
        annual_value_minor=VALUE,
        processes_personal_data=False,
        dpa_status="not_required",
    )
    with app.app_context():
        assert plan_reprocurements("2026-11-23T06:00:00") == 1


def _plan_id(app) -> int:
    with acting(app, None):
        return db.session.query(ActionPlan).filter_by(year=YEAR).one().id


def _reads(app, person, plan_id: int) -> str:
    client = FlaskClient(app, use_cookies=True)
    api = signed_in(client, person)
    answer = api.get(f"/api/v1/action-plans/{plan_id}")
    assert answer.status_code == 200
    page = client.get(f"/action-plans/{plan_id}")
    assert page.status_code == 200
    return answer.get_data(as_text=True) + page.get_data(as_text=True)


def test_a_re_procurement_from_a_private_register_stays_a_draft_out_of_the_plan(app, tenant_a):
    flesberg_it = _flesberg_it(app, tenant_a)
    _due_contract(app, tenant_a)
    with acting(app, None):
        need = db.session.query(Need).one()
        assert need.status == "draft" and need.tenant_id == tenant_a.tenant_id
    draft_plan(app, tenant_a.region_id, YEAR)
    plan_id = _plan_id(app)
    for person in (flesberg_it, tenant_a.people["partner"]):
        shown = _reads(app, person, plan_id)
        assert SECRET not in shown and str(VALUE) not in shown and "777" not in shown


def test_a_municipality_that_opted_in_submits_automatically(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    path = f"/api/v1/tenants/{tenant_a.tenant_id}/contract-settings"
    assert api.get(path).get_json() == {"auto_submit_reprocurements": False}
    assert api.client.put(path, json={"auto_submit_reprocurements": True}, headers=api.headers).status_code == 200
    _due_contract(app, tenant_a)
    with acting(app, None):
        assert db.session.query(Need).one().status == "submitted"


def test_only_the_municipalitys_it_coordinator_changes_the_setting(app, client, tenant_a):
    path = f"/api/v1/tenants/{tenant_a.tenant_id}/contract-settings"
    chief = signed_in(client, tenant_a.people["chief"])
    assert chief.get(path).status_code == 200
    assert chief.client.put(path, json={"auto_submit_reprocurements": True}, headers=chief.headers).status_code == 403
    coordinator = signed_in(FlaskClient(app, use_cookies=True), tenant_a.people["coordinator"])
    assert (
        coordinator.client.put(path, json={"auto_submit_reprocurements": True}, headers=coordinator.headers).status_code
        == 403
    )


def test_the_setting_page_of_the_it_coordinator(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    path = f"/tenants/{tenant_a.tenant_id}/contracts/settings"
    token = csrf_from(client, path)
    saved = client.post(path, data={"csrf_token": token, "auto_submit_reprocurements": "on"}, follow_redirects=True)
    assert saved.status_code == 200 and "checked" in saved.get_data(as_text=True)
    with acting(app, None):
        assert auto_submits(db.session, tenant_a.tenant_id)


def _plan_with_item(app, world) -> int:
    plan_id = empty_plan(app, world)
    with acting(app, world.people["coordinator"]) as coordinator:
        plan = db.session.get(ActionPlan, plan_id)
        item = {**ITEM, "title": "Felles arkiv", "one_off_cost_minor": 123_456_700, "annual_cost_minor": 7_654_300}
        items.add_item(db.session, coordinator, plan, participant_ids=[world.tenant_id], **item)
        db.session.commit()
    return plan_id


def test_partners_read_items_without_amounts_until_the_plan_is_public(app, client, tenant_a):
    plan_id = _plan_with_item(app, tenant_a)
    partner = signed_in(client, tenant_a.people["partner"])
    [item] = partner.get(f"/api/v1/action-plans/{plan_id}").get_json()["items"]
    assert item["title"] == "Felles arkiv"
    assert not {"one_off_cost_minor", "annual_cost_minor", "shares"} & set(item)
    assert "one_off_cost_minor" not in partner.get(f"/api/v1/plan-items/{item['id']}").get_json()
    assert "1 234 567" not in client.get(f"/action-plans/{plan_id}").get_data(as_text=True).replace("\xa0", " ")

    member = signed_in(FlaskClient(app, use_cookies=True), tenant_a.people["chief"])
    [seen] = member.get(f"/api/v1/action-plans/{plan_id}").get_json()["items"]
    assert seen["one_off_cost_minor"] == 123_456_700

    coordinator = signed_in(FlaskClient(app, use_cookies=True), tenant_a.people["coordinator"])
    assert (
        partner.client.put(
            f"/api/v1/action-plans/{plan_id}/public", json={"public": True}, headers=partner.headers
        ).status_code
        == 403
    )
    made = coordinator.client.put(
        f"/api/v1/action-plans/{plan_id}/public", json={"public": True}, headers=coordinator.headers
    )
    assert made.status_code == 200 and made.get_json()["public"] is True
    [item] = partner.get(f"/api/v1/action-plans/{plan_id}").get_json()["items"]
    assert item["one_off_cost_minor"] == 123_456_700 and item["annual_cost_minor"] == 7_654_300
    assert "1 234 567" in client.get(f"/action-plans/{plan_id}").get_data(as_text=True).replace("\xa0", " ")


def test_the_coordinator_makes_the_plan_public_on_its_page(app, client, tenant_a):
    plan_id = _plan_with_item(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    token = csrf_from(client, f"/action-plans/{plan_id}")
    made = client.post(f"/action-plans/{plan_id}/public", data={"csrf_token": token, "public": "yes"})
    assert made.status_code == 302
    with acting(app, None):
        assert db.session.get(ActionPlan, plan_id).public is True
