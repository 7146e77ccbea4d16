"""The region's DPA template (versions, nb and sv, the coordinator writes, staff and members read), the DPA page
and its API twin, the contract shown as not in force for personal data, and the chief executive's attention item."""

from __future__ import annotations

from samverka.platform.signatures.services.templates import default_text
from tests.platform.signatures.factories import contract_signed, draw_up
from tests.platform.signatures.support import sign
from tests.support.api import signed_in
from tests.support.forms import csrf_from
from tests.support.login import HIGH_LEVEL, sign_in


def _save(client, region_id: int, nb: str, sv: str):
    data = {"csrf_token": csrf_from(client, "/"), "text_nb": nb, "text_sv": sv}
    return client.post(f"/regions/{region_id}/dpa-template", data=data)


def test_each_save_of_the_template_is_a_new_version(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    assert _save(client, tenant_a.region_id, "## 1. Partene\nTekst", "## 1. Parter\nText").status_code == 302
    assert _save(client, tenant_a.region_id, "## 1. Partene\nNy tekst", "## 1. Parter\nNy text").status_code == 302
    current = client.get(f"/api/v1/regions/{tenant_a.region_id}/dpa-template").get_json()
    assert (current["version"], current["text_nb"]) == (2, "## 1. Partene\nNy tekst")
    page = client.get(f"/regions/{tenant_a.region_id}/dpa-template").get_data(as_text=True)
    assert "Version 1" in page or "Versjon 1" in page


def test_an_empty_text_is_refused_and_saves_nothing(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    assert _save(client, tenant_a.region_id, "", "Text").status_code == 422
    assert client.get(f"/api/v1/regions/{tenant_a.region_id}/dpa-template").get_json()["version"] == 0


def test_members_read_the_default_template_and_may_not_save(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["chief"])
    shown = api.client.get(f"/api/v1/regions/{tenant_a.region_id}/dpa-template").get_json()
    assert shown["version"] == 0 and shown["text_sv"] == default_text("sv")
    refused = api.client.post(
        f"/api/v1/regions/{tenant_a.region_id}/dpa-template",
        json={"text_nb": "x", "text_sv": "y"},
        headers=api.headers,
    )
    assert refused.status_code == 403


def test_the_api_saves_a_version_and_refuses_bad_input(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    path = f"/api/v1/regions/{tenant_a.region_id}/dpa-template"
    assert api.client.post(path, json={"text_nb": "A"}, headers=api.headers).status_code == 422
    saved = api.client.post(path, json={"text_nb": "A", "text_sv": "B"}, headers=api.headers)
    assert saved.status_code == 201 and saved.get_json()["version"] == 1


def test_the_dpa_page_shows_the_facts_and_a_new_version_voids_signatures(app, client, tenant_a):
    made = contract_signed(app, tenant_a)
    _, version, sha256 = draw_up(app, tenant_a, made.procurement_id)
    chief = tenant_a.people["chief"]
    sign_in(client, chief)
    answer = sign(
        client, chief, made.procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256, acr=HIGH_LEVEL
    )
    assert answer.status_code == 302
    draw_up(app, tenant_a, made.procurement_id, replaces_version=version)
    client.set_cookie("samverka_lang", "en")
    dpa = client.get(f"/api/v1/procurements/{made.procurement_id}/dpa").get_json()
    assert dpa["current"]["version"] == 2 and dpa["in_force_for_personal_data"] is False
    assert [c["name"] for c in dpa["current"]["facts"]["controllers"]] == ["Flesberg", "Kongsberg"]
    assert dpa["current"]["facts"]["processor"]["organisation_number"] == "974760673"
    assert "health" in dpa["current"]["facts"]["special_categories"]
    assert dpa["current"]["facts"]["sub_processors"][0]["name"] == "Azure Norge"
    assert [s["signature"] for s in dpa["signatories"]] == [None, None]  # version 1's signature no longer counts
    assert dpa["voided"][0]["voided_signatures"] == 1
    assert dpa["voided"][0]["message"].startswith("Version 1 was replaced by version 2 on")
    page = client.get(f"/procurements/{made.procurement_id}/dpa").get_data(as_text=True)
    assert "its 1 signature no longer counts" in page and "Not in force for personal data" in page


def test_the_contract_is_shown_not_in_force_for_personal_data_everywhere(app, client, tenant_a):
    made = contract_signed(app, tenant_a)
    sign_in(client, tenant_a.people["it"])
    client.set_cookie("samverka_lang", "en")
    for path in (
        f"/contracts/{made.contract_id}",
        f"/regions/{tenant_a.region_id}/contracts",
        f"/procurements/{made.procurement_id}",
    ):
        page = client.get(path).get_data(as_text=True)
        assert "Not in force for personal data" in page, path


def test_the_chief_executive_is_asked_to_sign(app, client, tenant_a):
    made = contract_signed(app, tenant_a)
    draw_up(app, tenant_a, made.procurement_id)
    client.set_cookie("samverka_lang", "en")
    api = signed_in(client, tenant_a.people["chief"])
    mine = [i for i in api.client.get("/api/v1/me/attention").get_json()["items"] if i["kind"] == "signatures.dpa"]
    assert len(mine) == 1 and mine[0]["title"].startswith("Sign the data processing agreement of")
    coordinator = signed_in(app.test_client(), tenant_a.people["coordinator"])
    others = coordinator.client.get("/api/v1/me/attention").get_json()["items"]
    assert not [i for i in others if i["kind"] == "signatures.dpa"]  # the item is the chief executive's
