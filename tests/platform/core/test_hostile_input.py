"""Hostile input gets a clear 4xx, never a 500: ids beyond the database in every path, numbers beyond the
bounds in bodies, fractions where whole numbers belong, JSON nested without end, NUL characters, and
line breaks in titles."""

from __future__ import annotations

import json

import pytest

from samverka.platform.app import create_app
from samverka.platform.core.i18n import LANG_COOKIE
from samverka.platform.core.money import MAX_AMOUNT_MINOR
from samverka.platform.needs.models import Need
from tests.platform.contracts.support import values as contract_values
from tests.platform.needs.support import NEED
from tests.support.api import assert_error_shape, count_rows, field_errors, signed_in
from tests.support.forms import csrf_from

# Every route with an id in its path, as the app registers them (listing routes needs no database).
ROUTES = sorted(
    (rule.rule, sorted(rule.methods - {"HEAD", "OPTIONS"}), sorted(rule.arguments))
    for rule in create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True}).url_map.iter_rules()
    if "<int:" in rule.rule
)


def _contract_body(**overrides) -> dict:
    body = {**contract_values(**overrides)}
    for name in ("starts_on", "ends_on", "extendable_to"):
        body[name] = body[name].isoformat()
    return body


def test_every_route_with_an_id_is_listed():
    assert len(ROUTES) > 100


@pytest.mark.parametrize("big", [2**31, 2**63, 2**64])
def test_an_id_beyond_the_database_is_404_on_every_route(client, tenant_a, big):
    api = signed_in(client, tenant_a.people["coordinator"])
    answers = {}
    for rule, methods, arguments in ROUTES:
        path = rule
        for name in arguments:
            path = path.replace(f"<int:{name}>", str(big))
        for method in methods:
            answers[(method, path)] = client.open(path, method=method, json={}, headers=api.headers).status_code
    # 405 where the same path is routed for another method: Werkzeug compares the method before the id.
    assert {key: status for key, status in answers.items() if status not in (404, 405)} == {}
    assert 404 in answers.values()


def test_body_ids_and_amounts_beyond_their_bounds_are_422_per_field(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    body = {**NEED, "annual_cost_minor": MAX_AMOUNT_MINOR + 1, "one_off_cost_minor": 2**63}
    errors = field_errors(api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", body))
    assert set(errors) == {"annual_cost_minor", "one_off_cost_minor"}
    assert count_rows(app, Need) == 0
    contracts = f"/api/v1/tenants/{tenant_a.tenant_id}/contracts"
    for amount in (MAX_AMOUNT_MINOR + 1, 2**63, 2**64):
        assert set(field_errors(api.post(contracts, _contract_body(annual_value_minor=amount)))) == {
            "annual_value_minor"
        }
    created = api.post(contracts, _contract_body(annual_value_minor=MAX_AMOUNT_MINOR))
    assert created.status_code == 201, created.get_data(as_text=True)
    need = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", NEED).get_json()
    for region_id in (0, 2**31, 2**63):
        submission = {"region_ids": [region_id]}
        assert "region_ids" in field_errors(api.post(f"/api/v1/needs/{need['id']}/submission", submission))


@pytest.mark.parametrize("basis_points", [2.5e-42, 0.5, 4999.5, "NaN"])
def test_a_fraction_is_refused_where_a_whole_number_belongs(client, tenant_a, basis_points):
    api = signed_in(client, tenant_a.people["coordinator"])
    shares = [
        {"tenant_id": tenant_a.tenant_id, "basis_points": basis_points},
        {"tenant_id": tenant_a.other_tenant_id, "basis_points": 10000},
    ]
    body = {"cost_method": "fixed", "approval_rule": "all", "fixed_shares": shares}
    response = api.client.put(f"/api/v1/regions/{tenant_a.region_id}/cost-sharing", json=body, headers=api.headers)
    assert "fixed_shares" in field_errors(response)


def test_a_decimal_with_more_places_than_allowed_is_refused_not_rounded(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    need = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", NEED).get_json()
    line = {"description": "Færre timer", "benefit_type": "time_saved", "baseline_value": "12.345"}
    assert set(field_errors(api.post(f"/api/v1/needs/{need['id']}/benefit-plan/lines", line))) == {"baseline_value"}


def test_json_nested_without_end_is_422_not_a_recursion_error(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    for depth in (33, 100_000):
        nested = "[" * depth + "]" * depth
        body = '{"title": "Dypt", "cpv_codes": ' + nested + "}"
        response = api.client.post(
            f"/api/v1/tenants/{tenant_a.tenant_id}/needs",
            data=body,
            content_type="application/json",
            headers=api.headers,
        )
        assert "_schema" in field_errors(response)
    assert count_rows(app, Need) == 0


def test_nan_and_infinity_are_not_json(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    body = json.dumps({**NEED, "annual_cost_minor": float("inf")})
    response = api.client.post(
        f"/api/v1/tenants/{tenant_a.tenant_id}/needs", data=body, content_type="application/json", headers=api.headers
    )
    assert list(field_errors(response)) == ["_schema"]


def test_a_nul_character_is_refused_in_bodies_queries_and_forms(app, client, tenant_a):
    client.set_cookie(LANG_COOKIE, "en")  # the messages below are the English ones
    api = signed_in(client, tenant_a.people["it"])
    needs = f"/api/v1/tenants/{tenant_a.tenant_id}/needs"
    assert set(field_errors(api.post(needs, {**NEED, "title": "Sak\x00arkiv"}))) == {"title"}
    assert set(field_errors(api.post(needs, {**NEED, "cpv_codes": ["48311100\x00"]}))) == {"cpv_codes"}
    query = assert_error_shape(api.get("/api/v1/cpv?q=arkiv%00"), 422)
    assert set(query["errors"]["query"]) == {"q"}
    contracts = f"/api/v1/tenants/{tenant_a.tenant_id}/contracts"
    assert set(field_errors(api.post(contracts, _contract_body(supplier_name="Visma\x00")))) == {"supplier_name"}
    token = csrf_from(client, f"/tenants/{tenant_a.tenant_id}/needs/new")
    form = {**{k: v for k, v in NEED.items() if isinstance(v, str)}, "title": "Sak\x00arkiv", "csrf_token": token}
    page = client.post(f"/tenants/{tenant_a.tenant_id}/needs", data=form)
    assert page.status_code == 422
    assert "Remove the NUL character" in page.get_data(as_text=True)
    assert count_rows(app, Need) == 0


def test_a_line_break_in_a_title_is_refused(client, tenant_a):
    client.set_cookie(LANG_COOKIE, "en")
    api = signed_in(client, tenant_a.people["it"])
    contracts = f"/api/v1/tenants/{tenant_a.tenant_id}/contracts"
    for title in ("Ekonomi\nsystem", "Ekonomi\r\nBcc: x@evil.example", "Ekonomi\u2028system"):
        assert field_errors(api.post(contracts, _contract_body(title=title)))["title"] == [
            "Write this on one line, without line breaks."
        ]
        assert "title" in field_errors(
            api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", {**NEED, "title": title})
        )
