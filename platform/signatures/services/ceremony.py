"""Signing the DPA: an e-ID ceremony at the step-up level bound to the SHA-256 of the exact version shown.

``signing_request`` checks before the person is sent to e-ID; ``record_signature`` checks everything again
when they come back (the version is still current and unchanged, not yet signed for that municipality,
the person may still sign for it, the level is high enough), then keeps the sealed evidence, adds the
PAdES signature and enqueues the completion, which moves the procurement on once every participant has
signed the current version. Each refusal changes nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.auth.ceremony import CeremonyResult
from samverka.platform.auth.identity import acr_satisfies
from samverka.platform.auth.session import stepup_acr
from samverka.platform.core.errors import Conflict, Forbidden, NotFound
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.documents.storage import document_store
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.running import actor_name
from samverka.platform.procurements.services import access_procurement, participant_ids
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.platform.signatures.certificates import signing_material
from samverka.platform.signatures.models import DpaDocument, DpaSignature
from samverka.platform.signatures.services import documents, evidence, pades
from samverka.tenants import permissions as perm
from samverka.tenants.models import Tenant

PURPOSE = "dpa_signature"
COMPLETE_JOB = job("samverka.platform.signatures.tasks.complete_dpa")
VOIDED = _l("This version of the agreement was replaced by a newer one: read and sign the current version.")
SIGNED_ALREADY = _l("The agreement's current version is already signed for this municipality.")
NOT_OPEN = _l("The agreement is not open for signing: the procurement is not at the signed contract's stage.")
LEVEL_TOO_LOW = _l("The e-ID sign-in did not reach the level a signature needs. Nothing was signed.")
TAKEN = _l("Another signature was recorded at the same moment. Sign again: nothing was recorded.")


@dataclass(frozen=True)
class SigningRequest:
    """What the ceremony is bound to and carries back: the version shown, its hash, the municipality."""

    procurement_id: int
    document_id: int
    version: int
    sha256: str
    tenant_id: int

    @property
    def payload(self) -> dict:
        return self.__dict__.copy()


def signable_tenants(session: Session, principal: Principal, procurement: JointProcurement) -> list[int]:
    """The participants the principal may sign for (their chief executive)."""
    return [t for t in participant_ids(session, procurement) if principal.holds(perm.TENANT_DPA_SIGN, t)]


def signing_request(
    session: Session, principal: Principal, procurement_id: int, *, tenant_id: int, version: int, sha256: str
) -> SigningRequest:
    procurement = access_procurement(session, principal, procurement_id)
    if principal.is_system or tenant_id not in signable_tenants(session, principal, procurement):
        raise NotFound()  # not a participant, or not theirs to sign for: as if it did not exist
    document = _current_and_same(session, procurement, version, sha256)
    if _signed_for(session, document, tenant_id):
        raise Conflict("dpa_signed_already", SIGNED_ALREADY)
    return SigningRequest(procurement.id, document.id, document.version, document.sha256, tenant_id)


def _current_and_same(session: Session, procurement: JointProcurement, version: int, sha256: str) -> DpaDocument:
    if procurement.status != CONTRACT_SIGNED:
        raise Conflict("dpa_not_open", NOT_OPEN)
    document = documents.current_document(session, procurement.id)
    if document is None:
        raise NotFound()
    if document.version != version or not secrets.compare_digest(document.sha256, sha256):
        raise Conflict("dpa_version_voided", VOIDED)
    return document


def _signed_for(session: Session, document: DpaDocument, tenant_id: int) -> bool:
    found = session.scalar(
        select(DpaSignature.id).where(DpaSignature.document_id == document.id, DpaSignature.tenant_id == tenant_id)
    )
    return found is not None


def record_signature(session: Session, principal: Principal, result: CeremonyResult) -> DpaSignature:
    """The verified ceremony becomes the municipality's signature, if every check still holds."""
    if result.purpose != PURPOSE or principal.user_id != result.user_id:
        raise Forbidden(perm.TENANT_DPA_SIGN)
    if not acr_satisfies(result.login.acr, stepup_acr(), current_app.config["OIDC_ACR_ORDER"]):
        raise Forbidden(perm.TENANT_DPA_SIGN, LEVEL_TOO_LOW)
    asked = result.payload
    request = signing_request(
        session,
        principal,
        asked["procurement_id"],
        tenant_id=asked["tenant_id"],
        version=asked["version"],
        sha256=result.binding,
    )
    if request.document_id != asked["document_id"] or request.sha256 != asked["sha256"]:
        raise Conflict("dpa_version_voided", VOIDED)
    document = session.get(DpaDocument, request.document_id)
    signature = _signature(session, principal, result, document, request.tenant_id)
    record(
        session,
        principal,
        "dpa.sign",
        signature,
        tenant_id=signature.tenant_id,
        region_id=signature.region_id,
        summary={"version": document.version, "sha256": document.sha256, "evidence_sha256": signature.evidence_sha256},
    )
    enqueue_after_commit(session, COMPLETE_JOB, document.procurement_id)
    return signature


def _tenant_facts(session: Session, tenant_id: int) -> dict:
    with acting_as(session, Principal.system("data processing agreement: the signing municipality")):
        tenant = session.get(Tenant, tenant_id)
        return {"id": tenant.id, "name": tenant.name, "organisation_number": tenant.organisation_number}


@dataclass(frozen=True)
class _Sealed:
    """A signing event's evidence record, sealed: its text, SHA-256 and seal, and whom it names."""

    text: str
    digest: str
    seal: str
    tenant: dict
    name: str
    signed_at: datetime


def _sealed_evidence(
    session: Session, principal: Principal, result: CeremonyResult, document: DpaDocument, tenant_id: int
) -> _Sealed:
    config = current_app.config
    tenant = _tenant_facts(session, tenant_id)
    name = str(result.login.claims.get(config["OIDC_CLAIMS"].name_claim) or actor_name(session, principal))
    signed_at = utcnow()
    sealed_record = evidence.build_record(
        result=result,
        document=document,
        tenant=tenant,
        signatory_name=name,
        signed_at=signed_at,
        material=signing_material(),
        mapping=config["OIDC_CLAIMS"],
        identity_key=config["IDENTITY_HASH_KEY"],
    )
    return _Sealed(*evidence.seal(sealed_record, signing_material()), tenant, name, signed_at)


def _pades(before: bytes, document: DpaDocument, sealed: _Sealed, acr: str) -> bytes:
    """The PDF with this event's PAdES signature, naming the signatory, level and evidence, in the DPA's language."""
    with force_locale(document.language):
        reason = _(
            "Signed for %(municipality)s as data controller by %(name)s, e-ID level %(acr)s, evidence SHA-256 %(hash)s",
            municipality=sealed.tenant["name"],
            name=sealed.name,
            acr=acr,
            hash=sealed.digest,
        )
    return pades.add_signature(
        before,
        field_name=f"DPA-v{document.version}-{sealed.tenant['organisation_number']}",
        name=sealed.name,
        reason=reason,
        material=signing_material(),
    )


def _signature(
    session: Session, principal: Principal, result: CeremonyResult, document: DpaDocument, tenant_id: int
) -> DpaSignature:
    sealed = _sealed_evidence(session, principal, result, document, tenant_id)
    earlier = documents.signatures_of(session, document)
    before = documents.signed_content(earlier[-1]) if earlier else documents.unsigned_content(document)
    signed = _pades(before, document, sealed, result.login.acr)
    signature = DpaSignature(
        document_id=document.id,
        procurement_id=document.procurement_id,
        region_id=document.region_id,
        tenant_id=tenant_id,
        sequence=len(earlier) + 1,
        signatory_user_id=principal.user_id,
        signatory_name=sealed.name[:200],
        acr=result.login.acr,
        signed_at=sealed.signed_at,
        evidence=sealed.text,
        evidence_sha256=sealed.digest,
        seal=sealed.seal,
        signed_pdf_key=f"dpa/{document.procurement_id}/{secrets.token_hex(16)}",
        signed_pdf_sha256=hashlib.sha256(signed).hexdigest(),
        signed_pdf_size=len(signed),
    )
    session.add(signature)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict("dpa_signature_taken", TAKEN) from exc
    document_store().put(signature.signed_pdf_key, signed, documents.PDF)
    return signature
