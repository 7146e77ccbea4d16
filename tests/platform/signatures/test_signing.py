"""The DPA signed by every participant's chief executive through e-ID, with Norway's and Sweden's level names:
each signature bound to the version's SHA-256, sealed, a PAdES signature each, verified offline; then completion."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from samverka.devtools.eid_provider import Client, ProviderConfig, serve_in_thread
from samverka.platform.auth.eid import OidcEIdProvider
from samverka.platform.auth.identity import identity_hash
from samverka.platform.contracts.models import Contract
from samverka.platform.core.config import ClaimMapping
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.documents.storage import document_store
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.signatures import completion
from samverka.platform.signatures.certificates import load_trust_root
from samverka.platform.signatures.models import DpaSignature
from samverka.platform.signatures.services import evidence, pades
from samverka.platform.signatures.services.verify import run_verification
from tests.platform.signatures.factories import add_flesberg_chief, contract_signed, draw_up
from tests.platform.signatures.support import sign
from tests.support.fixtures import TEST_CLIENT_CALLBACK
from tests.support.login import sign_in
from tests.support.world import add_person

SE_LOA = "http://id.elegnamnden.se/loa/1.0/"


@dataclass(frozen=True)
class Country:
    login: str
    high: str
    chiefs: dict  # tenant id -> person


@pytest.fixture(params=["norway", "sweden"])
def country(request, app, tenant_a, monkeypatch) -> Country:
    """The chief executives and the level names: ID-porten's, or a Swedish broker's (its own provider)."""
    if request.param == "norway":
        flesberg = add_flesberg_chief(app, tenant_a)
        chiefs = {tenant_a.tenant_id: tenant_a.people["chief"], tenant_a.other_tenant_id: flesberg}
        yield Country("idporten-loa-substantial", "idporten-loa-high", chiefs)
        return
    client = Client("samverka-test", "test-secret-not-used-elsewhere", redirect_uris=(TEST_CLIENT_CALLBACK,))
    running = serve_in_thread(ProviderConfig(issuer="", clients=(client,), claim_profile="se_broker"))
    monkeypatch.setitem(app.config, "OIDC_ACR_ORDER", (f"{SE_LOA}loa2", f"{SE_LOA}loa3", f"{SE_LOA}loa4"))
    monkeypatch.setitem(app.config, "OIDC_LOGIN_ACR", f"{SE_LOA}loa3")
    monkeypatch.setitem(app.config, "OIDC_CLAIMS", ClaimMapping(("personalIdentityNumber",)))
    discovery = f"{running.url}/.well-known/openid-configuration"
    monkeypatch.setitem(
        app.extensions, "samverka.eid", OidcEIdProvider(discovery, "samverka-test", "test-secret-not-used-elsewhere")
    )
    with app.app_context():
        bind_principal(db.session, Principal.system("test: Swedish chief executives"))
        chiefs = {
            tenant_a.tenant_id: add_person(
                app, "kd_a", "197502023456", "chief_executive", tenant_id=tenant_a.tenant_id
            ),
            tenant_a.other_tenant_id: add_person(
                app, "kd_b", "198001019876", "chief_executive", tenant_id=tenant_a.other_tenant_id
            ),
        }
        db.session.commit()
    yield Country(f"{SE_LOA}loa3", f"{SE_LOA}loa4", chiefs)
    running.shutdown()


@pytest.fixture
def hook_calls(app) -> list:
    """A test hook registered as the app factory registers the delivery area's, to see completion run it."""
    calls: list = []
    completion.init_app(
        app, on_dpa_signed=(lambda session, procurement: calls.append((procurement.id, procurement.status)),)
    )
    yield calls
    completion.init_app(app, on_dpa_signed=())


def _state(app, procurement_id: int) -> dict:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: read back"))
        contract = db.session.scalar(select(Contract).where(Contract.procurement_id == procurement_id))
        documents = db.session.scalars(
            select(ProcurementDocument).where(ProcurementDocument.procurement_id == procurement_id)
        ).all()
        signatures = db.session.scalars(
            select(DpaSignature).where(DpaSignature.procurement_id == procurement_id).order_by(DpaSignature.sequence)
        ).all()
        dpa = [d for d in documents if d.kind == "dpa"]
        return {
            "stage": db.session.get(JointProcurement, procurement_id).status,
            "dpa_status": contract.dpa_status,
            "signatures": [(s.tenant_id, s.acr, s.evidence_sha256, s.evidence) for s in signatures],
            "dpa_document": document_store().get(dpa[0].storage_key) if dpa else None,
            "report": run_verification(db.session, procurement_id),
        }


def test_every_chief_executive_signs_and_the_agreement_comes_into_force(app, client, tenant_a, country, hook_calls):
    signed = contract_signed(app, tenant_a)
    _, version, sha256 = draw_up(app, tenant_a, signed.procurement_id)
    order = [tenant_a.tenant_id, tenant_a.other_tenant_id]
    for number, tenant_id in enumerate(order, start=1):
        chief = country.chiefs[tenant_id]
        sign_in(client, chief, acr=country.login)
        page = client.get(f"/procurements/{signed.procurement_id}/dpa").get_data(as_text=True)
        assert sha256 in page and f"/procurements/{signed.procurement_id}/dpa/sign" in page  # the hash, the button
        answer = sign(
            client, chief, signed.procurement_id, tenant_id=tenant_id, version=version, sha256=sha256, acr=country.high
        )
        assert answer.status_code == 302, answer.get_data(as_text=True)[:400]
        state = _state(app, signed.procurement_id)
        assert [s[0] for s in state["signatures"]] == order[:number]
        assert state["signatures"][-1][1] == country.high
        client.post("/logout")
    state = _state(app, signed.procurement_id)
    assert state["stage"] == "dpa_signed" and state["dpa_status"] == "signed"
    assert hook_calls == [(signed.procurement_id, "dpa_signed")]
    assert state["report"].ok, state["report"].failures
    assert (state["report"].signatures, state["report"].pades) == (2, 2)
    with app.app_context():
        checks = pades.check_signatures(state["dpa_document"], load_trust_root(app.config))
    assert [c.ok for c in checks] == [True, True]
    assert [s[2] in c.reason for s, c in zip(state["signatures"], checks, strict=True)] == [True, True]


def test_the_evidence_keeps_the_token_encrypted_and_the_identity_hashed(app, client, tenant_a):
    signed = contract_signed(app, tenant_a)
    _, version, sha256 = draw_up(app, tenant_a, signed.procurement_id)
    chief = tenant_a.people["chief"]
    sign_in(client, chief)
    answer = sign(
        client,
        chief,
        signed.procurement_id,
        tenant_id=tenant_a.tenant_id,
        version=version,
        sha256=sha256,
        acr="idporten-loa-high",
    )
    assert answer.status_code == 302
    record_text = _state(app, signed.procurement_id)["signatures"][0][3]
    assert chief.pid not in record_text  # the identity number is nowhere in clear
    record = json.loads(record_text)
    assert record["document_sha256"] == sha256 and record["acr"] == "idporten-loa-high"
    assert record["claims"]["pid"] == f"identity-hash:{identity_hash(chief.pid, app.config['IDENTITY_HASH_KEY'])}"
    assert record["jwk"]["kty"] == "RSA" and record["issuer"]
    with app.app_context():
        from samverka.platform.signatures.certificates import signing_material

        token = evidence.decrypt_token(
            signing_material().evidence_key, record["id_token"], evidence.token_aad(sha256, tenant_a.tenant_id)
        )
    assert token.count(".") == 2  # the ID token as received
    assert hashlib.sha256(record_text.encode()).hexdigest() == _state(app, signed.procurement_id)["signatures"][0][2]
