"""A need's personal-data answers (purpose, categories of personal data, data subjects): form, page, API, rule.

A draft may lack them; a need that processes personal data is not submitted without them, and a submitted
one cannot lose them. A need that processes none keeps none.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samverka.platform.audit.models import AuditEvent
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need, NeedSubmission
from tests.platform.needs.support import NEED, register_need
from tests.platform.needs.test_views import FORM
from tests.platform.ui.pages import body, page_problems, submit
from tests.support.api import count_rows, field_errors, signed_in
from tests.support.login import sign_in

ANSWERS = ("personal_data_purpose", "personal_data_categories", "data_subjects")
WITHOUT_ANSWERS = {"personal_data_purpose": "", "personal_data_categories": [], "data_subjects": []}


def _stored(app, need_id: int) -> Need:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading a need"))
        need = db.session.get(Need, need_id)
        db.session.expunge(need)
        return need


def _english(client) -> None:
    client.set_cookie("samverka_lang", "en")


# --- API -----------------------------------------------------------------------------------------


def test_the_answers_are_written_and_read_each_code_once_in_the_lists_order(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    sent = {**NEED, "personal_data_categories": ["health", "contact", "health"], "data_subjects": ["clients"]}
    created = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", sent)
    assert created.status_code == 201, created.get_data(as_text=True)
    need = created.get_json()
    assert need["personal_data_purpose"] == NEED["personal_data_purpose"]
    assert (need["personal_data_categories"], need["data_subjects"]) == (["contact", "health"], ["clients"])
    assert need["missing_personal_data"] == []
    assert api.get(f"/api/v1/needs/{need['id']}").get_json() == need


@pytest.mark.parametrize(
    "field, value",
    [
        ("personal_data_categories", ["contact", "dna_profiles"]),
        ("data_subjects", ["residents", "martians"]),
        ("personal_data_categories", "contact"),
        ("personal_data_purpose", "x" * 2001),
    ],
)
def test_an_unknown_code_or_too_long_a_purpose_is_422_and_nothing_is_written(app, client, tenant_a, field, value):
    api = signed_in(client, tenant_a.people["it"])
    response = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", {**NEED, field: value})
    assert field in field_errors(response)
    assert count_rows(app, Need) == 0


def test_a_draft_is_saved_without_answers_but_not_submitted_until_it_has_them(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    created = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", {**NEED, **WITHOUT_ANSWERS})
    assert created.status_code == 201
    need = created.get_json()
    assert need["missing_personal_data"] == list(ANSWERS)
    path = f"/api/v1/needs/{need['id']}"

    refused = api.post(f"{path}/submission", {"region_ids": [tenant_a.region_id]})
    assert set(field_errors(refused)) == set(ANSWERS)
    assert api.get(path).get_json()["status"] == "draft"
    assert count_rows(app, NeedSubmission) == 0

    partly = {**NEED, "data_subjects": []}
    assert api.put(path, partly).status_code == 200
    assert set(field_errors(api.post(f"{path}/submission", {"region_ids": [tenant_a.region_id]}))) == {"data_subjects"}
    assert api.put(path, NEED).status_code == 200
    submitted = api.post(f"{path}/submission", {"region_ids": [tenant_a.region_id]})
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"


def test_a_submitted_need_cannot_lose_its_answers(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    api = signed_in(client, tenant_a.people["it"])
    response = api.put(f"/api/v1/needs/{need_id}", {**NEED, "personal_data_categories": []})
    assert set(field_errors(response)) == {"personal_data_categories"}
    stored = _stored(app, need_id)
    assert (stored.personal_data_categories, stored.version) == (["identification", "contact", "case_records"], 1)


def test_a_need_without_personal_data_keeps_no_answers_and_is_submitted(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    created = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", {**NEED, "processes_personal_data": False})
    need = created.get_json()
    assert {name: need[name] for name in ANSWERS} == WITHOUT_ANSWERS
    submitted = api.post(f"/api/v1/needs/{need['id']}/submission", {"region_ids": [tenant_a.region_id]})
    assert submitted.status_code == 200


def test_an_initiative_is_reported_without_answers(app, tenant_a):
    need_id = register_need(
        app,
        tenant_a.people["it"],
        tenant_a.tenant_id,
        kind="initiative",
        submit_to=[tenant_a.region_id],
        **WITHOUT_ANSWERS,
    )
    assert _stored(app, need_id).status == "reported"


def test_a_change_of_the_answers_is_in_the_audit_log(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    api = signed_in(client, tenant_a.people["it"])
    changed = {**NEED, "data_subjects": ["residents", "employees", "clients"], "personal_data_purpose": "Arkiv"}
    assert api.put(f"/api/v1/needs/{need_id}", changed).status_code == 200
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading the audit log"))
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "need.update")).one()
        assert event.summary["changed"] == ["data_subjects", "personal_data_purpose"]
        assert event.summary["version"] == 2


# --- Pages ---------------------------------------------------------------------------------------


def test_the_form_groups_the_codes_in_fieldsets_and_marks_the_special_categories(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    _english(client)
    page = body(client.get(f"/tenants/{tenant_a.tenant_id}/needs/new"))
    assert page_problems(page) == []
    assert '<legend class="ds-label">Categories of personal data</legend>' in page
    assert '<legend class="ds-label">Data subjects</legend>' in page
    health = page.split('id="need-personal_data_categories-health"', 1)[1].split("</label>", 1)[0]
    contact = page.split('id="need-personal_data_categories-contact"', 1)[1].split("</label>", 1)[0]
    assert "Special protection" in health and "Special protection" not in contact
    assert "personal-data.js" in page


def test_the_form_saves_the_answers_and_the_page_shows_them(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    _english(client)
    answers = {
        "personal_data_purpose": "Saksbehandling og arkiv",
        "personal_data_categories": ["health", "identification"],
        "data_subjects": ["residents", "clients"],
    }
    response = submit(
        client, f"/tenants/{tenant_a.tenant_id}/needs/new", f"/tenants/{tenant_a.tenant_id}/needs", {**FORM, **answers}
    )
    assert response.status_code == 302
    need_id = int(response.headers["Location"].rsplit("/", 1)[1])
    stored = _stored(app, need_id)
    assert (stored.personal_data_purpose, stored.personal_data_categories, stored.data_subjects) == (
        "Saksbehandling og arkiv",
        ["identification", "health"],
        ["residents", "clients"],
    )
    page = body(client.get(f"/needs/{need_id}"))
    assert "Saksbehandling og arkiv" in page and "Health information (special category)" in page
    assert "Clients of social services" in page and "Before the need can be submitted" not in page
    edit = body(client.get(f"/needs/{need_id}/edit"))
    assert 'value="health" checked' in edit and 'value="contact">' in edit


def test_the_page_refuses_to_submit_without_answers_and_says_what_is_missing(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, **WITHOUT_ANSWERS)
    sign_in(client, tenant_a.people["it"])
    _english(client)
    page = f"/needs/{need_id}"
    assert "Before the need can be submitted" in body(client.get(page))
    response = submit(client, page, f"{page}/submission", {"region_ids": [str(tenant_a.region_id)]})
    assert response.status_code == 422
    assert "give the purpose of the processing, at least one category" in body(response)
    assert _stored(app, need_id).status == "draft"
    assert count_rows(app, NeedSubmission) == 0


def test_unticking_personal_data_in_the_form_drops_the_answers(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    edit = f"/needs/{need_id}/edit"
    sent = {k: v for k, v in FORM.items() if k != "processes_personal_data"}
    sent |= {"personal_data_purpose": "Glemt", "personal_data_categories": ["contact"]}
    assert submit(client, edit, edit, sent).status_code == 302
    stored = _stored(app, need_id)
    assert (stored.processes_personal_data, stored.personal_data_purpose, stored.personal_data_categories) == (
        False,
        "",
        [],
    )
