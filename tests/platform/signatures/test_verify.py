"""``samverka signatures verify``: passes on signed agreements, and fails naming the failure when one byte of an
evidence record, a seal or the signed PDF is changed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from samverka.platform import app as app_module
from samverka.platform.cli import main
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.storage import document_store
from samverka.platform.signatures.models import DpaSignature
from tests.platform.signatures.factories import contract_signed, draw_up
from tests.platform.signatures.support import sign
from tests.support.login import sign_in

HIGH = "idporten-loa-high"


@pytest.fixture
def signed(app, client, tenant_a, monkeypatch) -> int:
    """A DPA signed by Kongsberg's chief executive (Flesberg's signature still awaited)."""
    monkeypatch.setattr(app_module, "create_app", lambda: app)  # the command's app is the test's
    made = contract_signed(app, tenant_a)
    _, version, sha256 = draw_up(app, tenant_a, made.procurement_id)
    chief = tenant_a.people["chief"]
    sign_in(client, chief)
    answer = sign(
        client, chief, made.procurement_id, tenant_id=tenant_a.tenant_id, version=version, sha256=sha256, acr=HIGH
    )
    assert answer.status_code == 302
    return made.procurement_id


def _verify(procurement_id: int):
    return CliRunner().invoke(main, ["signatures", "verify", "--procurement", str(procurement_id)])


def _tamper(app, sql: str, **params) -> None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: tamper with the evidence"))
        db.session.execute(text(sql), params)
        db.session.commit()


def _signature(app) -> DpaSignature:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: read the signature"))
        found = db.session.scalars(select(DpaSignature)).one()
        db.session.expunge(found)
        return found


def test_verify_passes_on_a_signed_agreement(app, signed):
    result = _verify(signed)
    assert result.exit_code == 0, result.output
    assert "all signatures verified: 1 signed DPA versions, 1 signatures" in result.output
    assert "1 PAdES signatures" in result.output


def test_one_changed_byte_of_an_evidence_record_fails(app, signed):
    found = _signature(app)
    changed = found.evidence.replace('"acr":"idporten-loa-high"', '"acr":"idporten-loa-hig!"')
    assert changed != found.evidence and len(changed) == len(found.evidence)
    _tamper(app, "UPDATE dpa_signatures SET evidence = :e WHERE id = :id", e=changed, id=found.id)
    result = _verify(signed)
    assert result.exit_code == 1
    assert "the evidence record's seal does not verify" in result.output


def test_an_altered_seal_fails(app, signed):
    found = _signature(app)
    seal = ("A" if found.seal[0] != "A" else "B") + found.seal[1:]
    _tamper(app, "UPDATE dpa_signatures SET seal = :s WHERE id = :id", s=seal, id=found.id)
    result = _verify(signed)
    assert result.exit_code == 1
    assert "seal does not verify" in result.output


def test_an_altered_signed_pdf_fails(app, signed):
    found = _signature(app)
    with app.app_context():
        store = document_store()
        content = bytearray(store.get(found.signed_pdf_key))
        at = content.index(b"/Reason")  # inside the signed range of the signature's revision
        content[at + 10] ^= 0x01
        store.put(found.signed_pdf_key, bytes(content), "application/pdf")
    result = _verify(signed)
    assert result.exit_code == 1
    assert "the PDF this signature made no longer hashes to its recorded SHA-256" in result.output
    assert "does not validate" in result.output or "cannot be read" in result.output


def test_an_evidence_record_moved_to_another_hash_fails(app, signed):
    found = _signature(app)
    _tamper(app, "UPDATE dpa_signatures SET evidence_sha256 = :h WHERE id = :id", h="0" * 64, id=found.id)
    result = _verify(signed)
    assert result.exit_code == 1
    assert "does not hash to the recorded evidence SHA-256" in result.output
    assert "does not carry its evidence hash" in result.output
