"""Contracts through the API and pages: each bad input named with nothing changed, and who sees what."""

from __future__ import annotations

import pytest

from samverka.platform.contracts.models import Contract
from tests.platform.contracts.support import ATEA_SE, EVRY, make_contract
from tests.support.api import count_rows, field_errors, signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in


def _body(**overrides) -> dict:
    base = {
        "title": "Ekonomisystem",
        "supplier_name": "Tietoevry Norway AS",
        "supplier_organisation_number": EVRY,
        "supplier_country": "NO",
        "category": "business_systems",
        "cpv_codes": ["48443000-5"],
        "starts_on": "2021-01-01",
        "ends_on": "2026-12-31",
        "extension_options": "1+1 år",
        "extendable_to": "2028-12-31",
        "annual_value_minor": 125_000_000,
        "kraljic": "strategic",
        "processes_personal_data": True,
        "dpa_status": "signed",
        "documents": [{"title": "Kontrakt", "url": "https://arkiv.kongsberg.kommune.no/123"}],
    }
    return {**base, **overrides}


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"ends_on": "2020-12-31"}, "ends_on", "2020-12-31"),
        ({"extendable_to": "2026-06-30"}, "extendable_to", "2026-06-30"),
        ({"supplier_organisation_number": "123456789"}, "supplier_organisation_number", "123456789"),
        ({"supplier_country": "SE"}, "supplier_organisation_number", "svensk"),
        ({"category": "furniture"}, "category", "furniture"),
        ({"kraljic": "important"}, "kraljic", "important"),
        ({"cpv_codes": ["48443000-1"]}, "cpv_codes", "48443000-1"),
        ({"dpa_status": None}, "dpa_status", "databehandleravtale"),
        ({"processes_personal_data": False}, "dpa_status", "not_required"),
        ({"documents": [{"title": "x", "url": "javascript:alert(1)"}]}, "documents", "javascript"),
        ({"title": "E"}, "title", "2"),
    ],
)
def test_each_bad_input_is_named_and_nothing_is_stored(app, client, tenant_a, overrides, field, words):
    api = signed_in(client, tenant_a.people["it"])
    answer = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/contracts", _body(**overrides))
    errors = field_errors(answer)
    assert field in errors and words in errors[field][0], errors
    assert count_rows(app, Contract) == 0


def test_norwegian_and_swedish_suppliers_are_normalised(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    spaced = f"{EVRY[:3]} {EVRY[3:6]} {EVRY[6:]}"
    norwegian = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/contracts", _body(supplier_organisation_number=spaced))
    assert norwegian.status_code == 201, norwegian.get_data(as_text=True)
    assert norwegian.get_json()["supplier_organisation_number"] == EVRY
    swedish = api.post(
        f"/api/v1/tenants/{tenant_a.tenant_id}/contracts",
        _body(
            title="Utskrift som tjänst",
            supplier_name="Atea Sverige AB",
            supplier_country="SE",
            supplier_organisation_number=f"{ATEA_SE[:6]}-{ATEA_SE[6:]}",
            category="it_as_a_service",
            processes_personal_data=False,
            dpa_status=None,
        ),
    )
    assert swedish.status_code == 201, swedish.get_data(as_text=True)
    body = swedish.get_json()
    assert (body["supplier_organisation_number"], body["dpa_status"], body["currency"]) == (
        ATEA_SE,
        "not_required",
        "NOK",
    )
    # it_as_a_service: 12 months before 2028-12-31; business systems: 24 months
    assert body["reprocurement_starts_on"] == "2027-12-31"
    assert norwegian.get_json()["reprocurement_starts_on"] == "2026-12-31"


def test_edit_and_delete_through_the_api(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    contract_id = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/contracts", _body()).get_json()["id"]
    refused = api.client.put(f"/api/v1/contracts/{contract_id}", json=_body(ends_on="2020-01-01"), headers=api.headers)
    assert "ends_on" in field_errors(refused)
    changed = api.client.put(f"/api/v1/contracts/{contract_id}", json=_body(extendable_to=None), headers=api.headers)
    assert changed.status_code == 200 and changed.get_json()["last_end"] == "2026-12-31"
    assert api.delete(f"/api/v1/contracts/{contract_id}").status_code == 204
    assert count_rows(app, Contract) == 0


def test_who_reads_and_writes_which_register(app, client, tenant_a):
    own = make_contract(app, tenant_id=tenant_a.tenant_id)
    joint = make_contract(app, region_id=tenant_a.region_id, title="Utskrift som tjeneste")
    chief = signed_in(app.test_client(), tenant_a.people["chief"])
    assert chief.get(f"/api/v1/contracts/{own}").status_code == 200
    assert chief.post(f"/api/v1/tenants/{tenant_a.tenant_id}/contracts", _body()).status_code == 403
    coordinator = signed_in(app.test_client(), tenant_a.people["coordinator"])
    assert coordinator.get(f"/api/v1/contracts/{own}").status_code == 404  # the municipality's own
    assert coordinator.get(f"/api/v1/tenants/{tenant_a.tenant_id}/contracts").status_code == 403
    assert (
        coordinator.post(
            f"/api/v1/regions/{tenant_a.region_id}/contracts",
            _body(participant_ids=[tenant_a.tenant_id, tenant_a.other_tenant_id]),
        ).status_code
        == 201
    )
    partner = signed_in(app.test_client(), tenant_a.people["partner"])
    assert partner.get(f"/api/v1/contracts/{joint}").status_code == 200
    assert partner.get(f"/api/v1/contracts/{own}").status_code == 404
    assert partner.post(f"/api/v1/regions/{tenant_a.region_id}/contracts", _body()).status_code == 403
    member = signed_in(client, tenant_a.people["it"])
    assert [c["id"] for c in member.get(f"/api/v1/regions/{tenant_a.region_id}/contracts").get_json()][0] == joint


def test_the_pages_register_show_and_refuse_bad_input(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    path = f"/tenants/{tenant_a.tenant_id}/contracts"
    token = csrf_from(client, f"{path}/new")
    form = {
        "csrf_token": token,
        "title": "e-arkiv",
        "supplier_name": "Tietoevry",
        "supplier_country": "NO",
        "supplier_organisation_number": EVRY,
        "category": "business_systems",
        "starts_on": "2022-01-01",
        "ends_on": "2021-12-31",
        "kraljic": "bottleneck",
        "annual_value": "450 000",
    }
    refused = client.post(path, data=form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "2021-12-31" in html and 'id="contract-ends_on-error"' in html
    assert count_rows(app, Contract) == 0
    created = client.post(path, data={**form, "ends_on": "30.06.2027"}, follow_redirects=True)  # as typed in Norway
    page = created.get_data(as_text=True)
    assert created.status_code == 200 and "Reanskaffelsen må starte senest 30. juni 2025." in page
    assert "Forsinket" in page  # 2025-06-30 has passed
    listing = client.get(f"{path}?sort=title").get_data(as_text=True)
    assert "e-arkiv" in listing and "<caption>" in listing


def test_lead_time_settings_are_the_coordinators(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    path = f"/regions/{tenant_a.region_id}/lead-times"
    token = csrf_from(client, path)
    fields = {
        "business_systems": "24",
        "software_licences": "12",
        "it_hardware": "18",
        "welfare_technology": "12",
        "it_as_a_service": "12",
        "it_consultants": "18",
        "telecom": "12",
        "other_it": "12",
    }
    refused = client.post(path, data={"csrf_token": token, **fields, "telecom": "121"})
    assert refused.status_code == 422
    saved = client.post(path, data={"csrf_token": token, **fields, "telecom": "15"}, follow_redirects=True)
    assert saved.status_code == 200 and 'value="15"' in saved.get_data(as_text=True)
    partner = signed_in(app.test_client(), tenant_a.people["partner"])
    assert partner.get(f"/api/v1/regions/{tenant_a.region_id}/lead-times").get_json()["months"]["telecom"] == 15
    refused_api = partner.client.put(
        f"/api/v1/regions/{tenant_a.region_id}/lead-times", json={"months": {"telecom": 3}}, headers=partner.headers
    )
    assert refused_api.status_code == 403


def test_the_api_lists_each_contracts_codes_documents_and_participants_in_order(app, client, tenant_a):
    documents = [
        {"title": "Kontrakt", "url": "https://arkiv.example.no/2"},
        {"title": "Bilag", "url": "https://a.example/1"},
    ]
    body = _body(cpv_codes=["72000000-5", "48443000-5"], documents=documents)
    coordinator = signed_in(client, tenant_a.people["coordinator"])
    members = sorted([tenant_a.tenant_id, tenant_a.other_tenant_id], reverse=True)
    joint = coordinator.post(f"/api/v1/regions/{tenant_a.region_id}/contracts", {**body, "participant_ids": members})
    expected = (["48443000-5", "72000000-5"], documents, sorted(members))
    listed = coordinator.get(f"/api/v1/regions/{tenant_a.region_id}/contracts").get_json()
    one = coordinator.get(f"/api/v1/contracts/{joint.get_json()['id']}").get_json()
    for found in (joint.get_json(), listed[0], one):
        assert (found["cpv_codes"], found["documents"], found["participant_ids"]) == expected
    it = signed_in(app.test_client(), tenant_a.people["it"])
    own = it.post(f"/api/v1/tenants/{tenant_a.tenant_id}/contracts", body).get_json()
    listed = it.get(f"/api/v1/tenants/{tenant_a.tenant_id}/contracts").get_json()
    for found in (own, listed[0]):
        assert (found["cpv_codes"], found["documents"], found["participant_ids"]) == (expected[0], documents, [])
