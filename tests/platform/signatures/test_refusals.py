"""Bad input around the DPA, each a clear error that changes nothing: a voided version, too low a level, another
person coming back, a municipality one does not lead, signing twice, a forged callback, drawing up too early,
another region's procurement."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from samverka.platform.procurements.stages import CONTRACT_SIGNED
from tests.platform.signatures.factories import add_flesberg_chief, contract_signed, draw_up
from tests.platform.signatures.support import come_back, sign, signature_count, start_signing
from tests.support.forms import csrf_from
from tests.support.login import sign_in

HIGH, SUBSTANTIAL = "idporten-loa-high", "idporten-loa-substantial"


@pytest.fixture
def drawn(app, tenant_a):
    made = contract_signed(app, tenant_a)
    _, version, sha256 = draw_up(app, tenant_a, made.procurement_id)
    return made.procurement_id, version, sha256


def test_signing_a_voided_version_is_a_conflict(app, client, tenant_a, drawn):
    procurement_id, version, sha256 = drawn
    draw_up(app, tenant_a, procurement_id, replaces_version=version)
    sign_in(client, tenant_a.people["chief"])
    answer = start_signing(client, procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256)
    assert answer.status_code == 409
    assert signature_count(app, procurement_id) == 0
    page = client.get(f"/procurements/{procurement_id}/dpa").get_data(as_text=True)
    assert "Version 1 was replaced by version 2" in page or "Versjon 1" in page


def test_a_version_voided_during_the_e_id_sign_in_is_not_signed(app, client, tenant_a, drawn):
    procurement_id, version, sha256 = drawn
    chief = tenant_a.people["chief"]
    sign_in(client, chief)
    started = start_signing(client, procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256)
    draw_up(app, tenant_a, procurement_id, replaces_version=version)  # meanwhile, the coordinator draws up v2
    answer = come_back(client, started.headers["Location"], chief.pid, HIGH)
    assert answer.status_code == 409
    assert signature_count(app, procurement_id) == 0


def test_too_low_a_level_is_refused(app, client, tenant_a, drawn):
    procurement_id, version, sha256 = drawn
    chief = tenant_a.people["chief"]
    sign_in(client, chief)
    answer = sign(
        client, chief, procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256, acr=SUBSTANTIAL
    )
    assert answer.status_code == 400
    assert signature_count(app, procurement_id) == 0


def test_the_e_id_returning_another_person_is_refused(app, client, tenant_a, drawn):
    procurement_id, version, sha256 = drawn
    chief = tenant_a.people["chief"]
    sign_in(client, chief)
    other = tenant_a.people["coordinator"].pid
    answer = sign(
        client, chief, procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256, acr=HIGH, pid=other
    )
    assert answer.status_code == 403
    assert signature_count(app, procurement_id) == 0


def test_signing_for_a_municipality_one_does_not_lead_is_not_found(app, client, tenant_a, drawn):
    procurement_id, version, sha256 = drawn
    add_flesberg_chief(app, tenant_a)
    sign_in(client, tenant_a.people["chief"])  # Kongsberg's chief executive, for Flesberg
    answer = start_signing(client, procurement_id, tenant_id=tenant_a.other_tenant_id, version=version, sha256=sha256)
    assert answer.status_code == 404
    assert signature_count(app, procurement_id) == 0


def test_signing_twice_is_a_conflict(app, client, tenant_a, drawn):
    procurement_id, version, sha256 = drawn
    chief = tenant_a.people["chief"]
    sign_in(client, chief)
    first = sign(client, chief, procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256, acr=HIGH)
    assert first.status_code == 302
    again = start_signing(client, procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256)
    assert again.status_code == 409
    assert signature_count(app, procurement_id) == 1


def test_a_forged_callback_is_refused(app, client, tenant_a, drawn):
    procurement_id, version, sha256 = drawn
    chief = tenant_a.people["chief"]
    sign_in(client, chief)
    started = start_signing(client, procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256)
    state = parse_qs(urlparse(started.headers["Location"]).query)["state"][0]
    assert client.get(f"/auth/callback?state=forged-{state}&code=anything").status_code == 400
    # The right state with a nonce that does not commit to the hash the ceremony was for: refused.
    with client.session_transaction() as stored:
        pending = dict(stored["eid_ceremony"])
        pending["binding"] = "0" * 64
        stored["eid_ceremony"] = pending
    answer = come_back(client, started.headers["Location"], chief.pid, HIGH)
    assert answer.status_code == 400
    assert signature_count(app, procurement_id) == 0


def test_drawing_up_before_the_contract_is_signed_is_a_conflict(app, client, tenant_a):
    made = contract_signed(app, tenant_a, stage="standstill")
    sign_in(client, tenant_a.people["coordinator"])
    path = f"/procurements/{made.procurement_id}/dpa/versions"
    answer = client.post(path, data={"csrf_token": csrf_from(client, "/"), "replaces_version": ""})
    assert answer.status_code == 409
    api = client.post(
        f"/api/v1{path[: -len('/versions')]}/versions",
        json={"replaces_version": None},
        headers={"X-CSRFToken": client.get("/api/v1/csrf-token").get_json()["csrf_token"]},
    )
    assert api.status_code == 409
    assert client.get(f"/api/v1/procurements/{made.procurement_id}/dpa").get_json()["current"] is None


def test_a_contract_without_personal_data_needs_no_agreement(app, client, tenant_a):
    made = contract_signed(app, tenant_a, personal_data=False)
    sign_in(client, tenant_a.people["coordinator"])
    answer = client.post(
        f"/procurements/{made.procurement_id}/dpa/versions",
        data={"csrf_token": csrf_from(client, "/"), "replaces_version": ""},
    )
    assert answer.status_code == 409
    dpa = client.get(f"/api/v1/procurements/{made.procurement_id}/dpa").get_json()
    assert (dpa["stage"], dpa["current"]) == (CONTRACT_SIGNED, None)


@pytest.mark.parametrize("who", ["coordinator", "chief", "partner"])
def test_another_regions_procurement_is_not_found_on_every_route(app, client, tenant_a, tenant_b, drawn, who):
    procurement_id, version, sha256 = drawn
    sign_in(client, tenant_b.people[who])
    token = client.get("/api/v1/csrf-token").get_json()["csrf_token"]
    sign_data = {"tenant_id": tenant_a.tenant_id, "version": version, "sha256": sha256}
    for method, path, body in (
        ("GET", f"/procurements/{procurement_id}/dpa", None),
        ("POST", f"/procurements/{procurement_id}/dpa/versions", {"replaces_version": str(version)}),
        ("POST", f"/procurements/{procurement_id}/dpa/sign", sign_data),
        ("GET", f"/api/v1/procurements/{procurement_id}/dpa", None),
        ("POST", f"/api/v1/procurements/{procurement_id}/dpa/versions", {"replaces_version": version}),
        ("POST", f"/api/v1/procurements/{procurement_id}/dpa/signatures", sign_data),
        ("GET", f"/regions/{tenant_a.region_id}/dpa-template", None),
        ("GET", f"/api/v1/regions/{tenant_a.region_id}/dpa-template", None),
    ):
        kwargs = {}
        if method == "POST" and path.startswith("/api/"):
            kwargs = {"json": body, "headers": {"X-CSRFToken": token}}
        elif method == "POST":
            kwargs = {"data": {**body, "csrf_token": token}}
        answer = client.open(path, method=method, **kwargs)
        assert answer.status_code == 404, f"{who}: {method} {path} gave {answer.status_code}"
        assert "Kongsberg" not in answer.get_data(as_text=True)
    assert signature_count(app, procurement_id) == 0
