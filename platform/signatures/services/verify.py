"""Offline verification of every DPA signature (``samverka signatures verify``).

For each document version with signatures: the stored bytes still hash to the recorded SHA-256; for each
signature, its evidence record's seal holds and the record hashes to what the row says, it names that
version and hash, its ID token decrypts and verifies against the recorded JWK, and the token's nonce binds
the document's hash (``binding_nonce(salt, sha256)``); each PDF the signatures made still hashes to its
recorded value, and every PAdES signature of the last one is intact, valid and trusted (the configured or
development trust root) and carries its evidence hash. Nothing is fetched from the network.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field

from cryptography import x509
from flask import current_app
from joserfc import jwt
from joserfc.jwk import import_key
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.auth.ceremony import binding_nonce
from samverka.platform.auth.eid import ALGORITHMS
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.signatures.certificates import check_seal, load_trust_root, signing_material
from samverka.platform.signatures.models import DpaDocument, DpaSignature
from samverka.platform.signatures.services import documents, evidence, pades


@dataclass
class Report:
    documents: int = 0
    signatures: int = 0
    pades: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class Keys:
    seal_cert: x509.Certificate
    trust_root: x509.Certificate
    evidence_key: bytes


def run_verification(session: Session, procurement_id: int | None = None) -> Report:
    """With the configured (or development) seal certificate, trust root and evidence key, as the platform."""
    material = signing_material()
    keys = Keys(material.cert, load_trust_root(current_app.config), material.evidence_key)
    with acting_as(session, Principal.system("verify the data processing agreements' signatures")):
        return verify_all(session, keys, procurement_id)


def verify_all(session: Session, keys: Keys, procurement_id: int | None = None) -> Report:
    """Read as the platform (the caller binds the session to the system)."""
    report = Report()
    stmt = select(DpaDocument).order_by(DpaDocument.procurement_id, DpaDocument.version)
    if procurement_id is not None:
        stmt = stmt.where(DpaDocument.procurement_id == procurement_id)
    for document in session.scalars(stmt):
        signatures = documents.signatures_of(session, document)
        if signatures:
            report.documents += 1
            _verify_document(document, signatures, keys, report)
    return report


def _verify_document(document: DpaDocument, signatures: list[DpaSignature], keys: Keys, report: Report) -> None:
    where = f"procurement {document.procurement_id} DPA version {document.version}"
    if _sha256(documents.unsigned_content(document)) != document.sha256:
        report.failures.append(f"{where}: the stored document no longer hashes to {document.sha256}")
    for signature in signatures:
        report.signatures += 1
        for problem in _signature_problems(document, signature, keys):
            report.failures.append(
                f"{where}, signature {signature.sequence} (municipality {signature.tenant_id}): {problem}"
            )
    _verify_pades(document, signatures, keys, report, where)


def _signature_problems(document: DpaDocument, signature: DpaSignature, keys: Keys) -> list[str]:
    data = signature.evidence.encode("utf-8")
    if not check_seal(keys.seal_cert, data, _b64(signature.seal)):
        return ["the evidence record's seal does not verify (the record or the seal was altered)"]
    problems = []
    if _sha256(data) != signature.evidence_sha256:
        problems.append("the evidence record does not hash to the recorded evidence SHA-256")
    record = json.loads(data)
    if record.get("document_sha256") != document.sha256 or record.get("document_version") != document.version:
        problems.append("the evidence names another document version or hash")
    problems += _token_problems(record, document, signature, keys.evidence_key)
    if _sha256(documents.signed_content(signature)) != signature.signed_pdf_sha256:
        problems.append("the PDF this signature made no longer hashes to its recorded SHA-256")
    return problems


def _token_problems(record: dict, document: DpaDocument, signature: DpaSignature, key: bytes) -> list[str]:
    try:
        token = evidence.decrypt_token(
            key, record["id_token"], evidence.token_aad(document.sha256, signature.tenant_id)
        )
        claims = jwt.decode(token, import_key(record["jwk"]), algorithms=ALGORITHMS).claims
    except Exception as exc:
        return [f"the ID token does not decrypt or verify against the recorded key ({type(exc).__name__})"]
    problems = []
    if claims.get("nonce") != record["nonce"] or binding_nonce(record["salt"], document.sha256) != record["nonce"]:
        problems.append("the ID token's nonce does not bind the document's hash")
    if claims.get("acr") != record["acr"] or claims.get("iss") != record["issuer"]:
        problems.append("the ID token's level or issuer differs from the record's")
    return problems


def _verify_pades(document: DpaDocument, signatures: list[DpaSignature], keys: Keys, report: Report, where: str):
    try:
        checks = pades.check_signatures(documents.signed_content(signatures[-1]), keys.trust_root)
    except Exception as exc:
        report.failures.append(f"{where}: the signed PDF cannot be read ({type(exc).__name__})")
        return
    report.pades += len(checks)
    if len(checks) != len(signatures):
        report.failures.append(f"{where}: the signed PDF holds {len(checks)} signatures, not {len(signatures)}")
    for check, signature in zip(checks, signatures, strict=False):
        if not check.ok:
            state = f"intact={check.intact}, valid={check.valid}, trusted={check.trusted}"
            report.failures.append(f"{where}: PAdES signature {check.field_name} does not validate ({state})")
        if signature.evidence_sha256 not in check.reason:
            report.failures.append(f"{where}: PAdES signature {check.field_name} does not carry its evidence hash")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text)
    except ValueError:
        return b""
