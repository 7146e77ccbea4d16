"""The needs pages over HTTP, signed in with the real e-ID provider and with CSRF protection on.

Every page keeps the common structure; bad input re-shows the form with a 422 and
writes nothing; another tenant's need is a 404 that shows none of it.
"""

from __future__ import annotations

import pytest

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import BenefitLine, BenefitTemplate, Need, NeedEvent
from tests.platform.needs.support import neighbour_it, register_need
from tests.platform.ui.pages import body, page_problems, submit
from tests.support.api import anonymous_csrf_token, count_rows
from tests.support.login import sign_in

FORM = {
    "title": "Nytt sak- og arkivsystem",
    "description": "Erstatte dagens system.",
    "kind": "replacement",
    "category": "business_systems",
    "cpv_codes": "48311100-2, 72212311",
    "current_solution": "Elements",
    "current_supplier": "Sikri",
    "contract_end": "2027-06-30",
    "contract_extendable_to": "2028-06-30",
    "desired_start": "2027-Q1",
    "one_off_cost": "1 500 000,50",
    "annual_cost": "400000",
    "processes_personal_data": "yes",
    "confidentiality": "significant",
    "integrity": "",
    "availability": "",
    "traceability": "moderate",
}
LINE_FORM = {
    "description": "Mindre manuell journalføring",
    "benefit_type": "time_saved",
    "indicator": "Timer per måned",
    "unit": "timer",
    "baseline_value": "120",
    "baseline_date": "2026-01-01",
    "target_value": "40,5",
    "target_date": "2028-01-01",
    "owner": "Arkivleder",
    "measurement": "Timeregistrering",
}
COUNTED = (Need, NeedEvent, BenefitLine, BenefitTemplate)


def _english(client):
    submit(client, "/", "/language", {"lang": "en", "next": "/"})


def _counts(app) -> dict:
    return {model.__tablename__: count_rows(app, model) for model in COUNTED}


def _stored(app, need_id: int) -> Need:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading a need"))
        need = db.session.get(Need, need_id)
        db.session.expunge(need)
        return need


# --- Pages ---------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    for path in (
        f"/tenants/{tenant_a.tenant_id}/needs",
        f"/needs/{need_id}",
        f"/needs/{need_id}/benefit-plan",
        f"/regions/{tenant_a.region_id}/needs",
        "/cpv?q=48",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next="), path


def test_every_page_of_the_it_coordinator_and_the_region_keeps_the_common_structure(app, client, tenant_a):
    need_id = register_need(
        app, tenant_a.people["it"], tenant_a.tenant_id, with_line=True, submit_to=[tenant_a.region_id]
    )
    draft = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, kind="initiative")
    sign_in(client, tenant_a.people["it"])
    paths = [
        f"/tenants/{tenant_a.tenant_id}/needs",
        f"/tenants/{tenant_a.tenant_id}/needs/new",
        f"/needs/{need_id}",
        f"/needs/{need_id}/edit",
        f"/needs/{need_id}/benefit-plan",
        f"/needs/{draft}",
        f"/needs/{draft}/benefit-plan",
        "/cpv?q=document+management",
        "/cpv",
    ]
    coordinator = app.test_client()
    sign_in(coordinator, tenant_a.people["coordinator"])
    problems = {path: page_problems(body(client.get(path))) for path in paths}
    for path in (
        f"/regions/{tenant_a.region_id}/needs",
        f"/regions/{tenant_a.region_id}/benefit-template",
        f"/needs/{need_id}",
        f"/needs/{need_id}/benefit-plan",
    ):
        response = coordinator.get(path)
        assert response.status_code == 200, path
        problems[f"coordinator {path}"] = page_problems(body(response))
    assert problems == {path: [] for path in problems}


def test_the_it_coordinator_registers_a_need_in_kroner_and_sees_it_marked_missing_a_plan(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    _english(client)
    new = f"/tenants/{tenant_a.tenant_id}/needs/new"
    response = submit(client, new, f"/tenants/{tenant_a.tenant_id}/needs", FORM)
    assert response.status_code == 302
    need_id = int(response.headers["Location"].rsplit("/", 1)[1])
    stored = _stored(app, need_id)
    assert (stored.one_off_cost_minor, stored.annual_cost_minor, stored.currency) == (150_000_050, 40_000_000, "NOK")
    assert (stored.confidentiality, stored.integrity, stored.processes_personal_data) == ("significant", None, True)
    page = body(client.get(f"/needs/{need_id}"))
    assert "48311100-2" in page and "72212311-2" in page and "Missing benefit plan" in page
    assert "a data processing agreement will be required" in page


def test_submitting_and_the_next_steps_are_recorded_in_the_history(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    _english(client)
    page = f"/needs/{need_id}"
    sent = submit(client, page, f"{page}/submission", {"region_ids": [str(tenant_a.region_id)], "comment": "Nå"})
    assert sent.status_code == 302
    moved = submit(client, page, f"{page}/transitions", {"transition": "withdraw", "comment": "Ikke aktuelt"})
    assert moved.status_code == 302
    shown = body(client.get(page))
    assert "Withdrawn" in shown and "Ikke aktuelt" in shown and "Kongsbergregionen" in shown
    assert _stored(app, need_id).status == "withdrawn"


def test_the_benefit_plan_is_edited_line_by_line(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    plan = f"/needs/{need_id}/benefit-plan"
    assert submit(client, plan, f"{plan}/lines", LINE_FORM).status_code == 302
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading a plan"))
        line = db.session.get(Need, need_id).benefit_plan.lines[0]
        assert (str(line.target_value), line.owner) == ("40.50", "Arkivleder")
        line_id = line.id
    assert submit(client, plan, f"{plan}/lines/remove", {"line_id": str(line_id)}).status_code == 302
    assert count_rows(app, BenefitLine) == 0


def test_the_coordinator_saves_the_regions_template(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}/benefit-template"
    saved = submit(client, page, page, {"benefit_types": ["quality", "cost_saved"], "required_fields": ["owner"]})
    assert saved.status_code == 302
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading a template"))
        template = db.session.query(BenefitTemplate).one()
        assert (template.benefit_types, template.required_fields) == (["cost_saved", "quality"], ["owner"])


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cpv_codes": "48999999"}, "cpv_codes"),
        ({"cpv_codes": "48000000-9"}, "cpv_codes"),
        ({"one_off_cost": "-100"}, "one_off_cost"),
        ({"annual_cost": "12,345"}, "annual_cost"),
        ({"contract_extendable_to": "2027-01-01"}, "contract_extendable_to"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_need_form_is_shown_again_with_the_field_to_fix_and_nothing_written(app, client, tenant_a, change, field):
    sign_in(client, tenant_a.people["it"])
    before = _counts(app)
    new = f"/tenants/{tenant_a.tenant_id}/needs/new"
    response = submit(client, new, f"/tenants/{tenant_a.tenant_id}/needs", {**FORM, **change})
    assert response.status_code == 422
    shown = body(response)
    assert f'id="need-{field}-error"' in shown and page_problems(shown) == []
    assert _counts(app) == before


def test_a_line_with_its_target_before_its_baseline_is_shown_again(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    before = _counts(app)
    plan = f"/needs/{need_id}/benefit-plan"
    response = submit(client, plan, f"{plan}/lines", {**LINE_FORM, "target_date": "2025-12-31"})
    assert response.status_code == 422 and 'id="line-target_date-error"' in body(response)
    assert page_problems(body(response)) == []
    assert _counts(app) == before


def test_a_step_not_allowed_or_a_submission_without_regions_is_a_422(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    before = _counts(app)
    page = f"/needs/{need_id}"
    moved = submit(client, page, f"{page}/transitions", {"transition": "withdraw"})
    sent = submit(client, page, f"{page}/submission", {"comment": "Uten region"})
    for response in (moved, sent):
        assert response.status_code == 422 and page_problems(body(response)) == []
    assert _counts(app) == before and _stored(app, need_id).status == "draft"


def test_a_form_without_its_csrf_token_is_refused(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    before = _counts(app)
    response = client.post(f"/tenants/{tenant_a.tenant_id}/needs", data=FORM)
    assert response.status_code == 400
    assert _counts(app) == before


def test_an_anonymous_form_with_a_token_is_sent_to_sign_in(app, client, tenant_a):
    token = anonymous_csrf_token(app, client)
    response = client.post(f"/tenants/{tenant_a.tenant_id}/needs", data={**FORM, "csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert count_rows(app, Need) == 0


# --- Nobody else ---------------------------------------------------------------------------------


def test_a_draft_is_hidden_from_the_region_and_a_submitted_need_from_the_neighbour(app, tenant_a, tenant_b):
    draft = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, title="Hemmelig utkast")
    submitted = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    coordinator = app.test_client()
    sign_in(coordinator, tenant_a.people["coordinator"])
    assert coordinator.get(f"/needs/{draft}").status_code == 404
    listed = body(coordinator.get(f"/regions/{tenant_a.region_id}/needs"))
    assert f"/needs/{submitted}" in listed and "Hemmelig utkast" not in listed
    for person in (neighbour_it(app, tenant_a), tenant_a.people["partner"], tenant_b.people["it"]):
        other = app.test_client()
        sign_in(other, person)
        for path in (f"/needs/{submitted}", f"/needs/{submitted}/benefit-plan", f"/needs/{submitted}/edit"):
            response = other.get(path)
            assert response.status_code == 404 and "sak- og arkiv" not in body(response).lower(), path
