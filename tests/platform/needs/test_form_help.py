"""The need form helps: CPV codes found by Norwegian and Swedish words without leaving it, dates typed
as each country writes them, and every field to fill marked."""

from __future__ import annotations

import re
from datetime import date

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from tests.platform.needs.support import register_need
from tests.platform.needs.test_views import FORM, _counts
from tests.platform.ui.pages import body, page_problems, submit
from tests.support.login import sign_in


def _language(client, lang: str):
    submit(client, "/", "/language", {"lang": lang, "next": "/"})


def test_a_cpv_search_inside_the_need_form_keeps_what_was_typed_and_saves_nothing(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    _language(client, "sv")
    new, action = f"/tenants/{tenant_a.tenant_id}/needs/new", f"/tenants/{tenant_a.tenant_id}/needs"
    before = _counts(app)
    typed = {**FORM, "cpv_codes": "", "cpv_query": "ärendehantering", "action": "search_cpv"}
    response = submit(client, new, action, typed)
    page = body(response)
    assert response.status_code == 200 and _counts(app) == before
    assert 'value="Nytt sak- og arkivsystem"' in page and "Erstatte dagens system." in page
    assert 'value="ärendehantering"' in page
    assert "48311000-1" in page and '<span lang="sv">Programvara för dokumenthantering</span>' in page
    assert page_problems(page) == []


def test_adding_a_code_found_puts_it_in_the_cpv_field_once(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    new, action = f"/tenants/{tenant_a.tenant_id}/needs/new", f"/tenants/{tenant_a.tenant_id}/needs"
    typed = {**FORM, "cpv_codes": "72212311", "cpv_query": "arkiv", "cpv_add": "48311000"}
    page = body(submit(client, new, action, typed))
    assert 'value="72212311, 48311000-1"' in page
    again = body(submit(client, new, action, {**typed, "cpv_codes": "72212311, 48311000-1"}))
    assert 'value="72212311, 48311000-1"' in again


def test_a_norwegian_page_shows_the_danish_label_marked_as_danish(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    _language(client, "nb")
    new = f"/tenants/{tenant_a.tenant_id}/needs/new"
    typed = {**FORM, "cpv_query": "læringsplattform", "action": "search_cpv"}
    page = body(submit(client, new, f"/tenants/{tenant_a.tenant_id}/needs", typed))
    assert '<span lang="da">Programpakke til undervisningsformål</span>' in page


def test_the_search_when_changing_a_need_leaves_the_need_as_it_was(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    typed = {**FORM, "title": "Changed but not saved", "cpv_query": "skole", "action": "search_cpv"}
    page = body(submit(client, f"/needs/{need_id}/edit", f"/needs/{need_id}/edit", typed))
    assert 'value="Changed but not saved"' in page and "48190000-6" in page
    assert "Changed but not saved" not in body(client.get(f"/needs/{need_id}"))


def test_dates_typed_the_norwegian_way_are_saved_and_shown_back_the_same_way(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    _language(client, "nb")
    typed = {**FORM, "contract_end": "1.4.2027", "contract_extendable_to": "01.04.2028"}
    response = submit(client, f"/tenants/{tenant_a.tenant_id}/needs/new", f"/tenants/{tenant_a.tenant_id}/needs", typed)
    assert response.status_code == 302
    need_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading a need"))
        need = db.session.get(Need, need_id)
        assert (need.contract_end, need.contract_extendable_to) == (date(2027, 4, 1), date(2028, 4, 1))
    assert 'value="01.04.2027"' in body(client.get(f"/needs/{need_id}/edit"))
    assert "1. apr. 2027" in body(client.get(f"/needs/{need_id}"))


def test_a_date_that_is_not_a_day_is_shown_again_to_fix(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    typed = {**FORM, "contract_end": "31.02.2027"}
    response = submit(client, f"/tenants/{tenant_a.tenant_id}/needs/new", f"/tenants/{tenant_a.tenant_id}/needs", typed)
    assert response.status_code == 422 and 'id="need-contract_end-error"' in body(response)


def test_required_fields_are_marked_and_optional_ones_are_not(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    page = body(client.get(f"/tenants/{tenant_a.tenant_id}/needs/new"))
    fields = dict(re.findall(r'<(?:input|textarea|select)[^>]* name="(\w+)"([^>]*)>', page))
    for name in ("title", "description", "kind", "category", "cpv_codes"):
        assert "required" in fields[name], name
    for name in ("current_solution", "contract_end", "one_off_cost", "cpv_query"):
        assert "required" not in fields[name], name


def test_the_need_page_shows_where_the_need_is_and_asks_before_deleting(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    _language(client, "en")
    page = body(client.get(f"/needs/{need_id}"))
    steps = re.search(r'<ol class="ds-steps steps".*?</ol>', page, re.S).group(0)
    assert re.search(r'aria-current="step">\s*Draft', steps) and steps.count("<li") == 4
    assert re.search(r"<details class=\"confirm\">\s*<summary[^>]*>Delete the draft</summary>", page)
    assert 'data-color="danger">Yes, delete the draft</button>' in page


def test_the_only_region_to_submit_to_is_chosen_already(app, client, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    page = body(client.get(f"/needs/{need_id}"))
    boxes = re.findall(r'<input[^>]* type="checkbox" id="submit-region_ids-\d+"[^>]*>', page)
    assert len(boxes) == 1 and "checked" in boxes[0]
