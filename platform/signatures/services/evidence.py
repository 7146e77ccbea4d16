"""The evidence of one signing event, sealed with the platform's own key.

The record keeps what a court or a data protection officer would ask for: the ID token as the provider
sent it (encrypted with AES-GCM under ``SIGNATURE_EVIDENCE_KEY``: it carries the national identity number),
its claims with every identity claim replaced by the identity hash (``auth.identity``), the e-ID level, the
time, the document version's SHA-256, the nonce and the salt that bind the sign-in to that hash, the
issuer and the public key (JWK) that verified the token. It is serialised canonically (sorted keys, no
spaces, UTF-8) and sealed: the platform's signature over exactly those bytes, so one changed byte shows.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from datetime import datetime

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from samverka.platform.auth.ceremony import CeremonyResult
from samverka.platform.auth.identity import identity_hash
from samverka.platform.core.config import ClaimMapping
from samverka.platform.signatures.certificates import SigningMaterial
from samverka.platform.signatures.models import DpaDocument

RECORD_FORMAT = "samverka-dpa-evidence/1"
TOKEN_CIPHER = "A256GCM"


def canonical(record: dict) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def token_aad(document_sha256: str, tenant_id: int) -> bytes:
    """What the encrypted token is bound to: it cannot be moved to another document or municipality's record."""
    return f"dpa-evidence:{document_sha256}:{tenant_id}".encode()


def encrypt_token(key: bytes, id_token: str, aad: bytes) -> dict:
    iv = secrets.token_bytes(12)
    ciphertext = AESGCM(key).encrypt(iv, id_token.encode(), aad)
    return {"alg": TOKEN_CIPHER, "iv": _b64(iv), "ciphertext": _b64(ciphertext)}


def decrypt_token(key: bytes, sealed: dict, aad: bytes) -> str:
    """The ID token; raises ``cryptography.exceptions.InvalidTag`` if the key, the data or the binding differ."""
    return AESGCM(key).decrypt(base64.b64decode(sealed["iv"]), base64.b64decode(sealed["ciphertext"]), aad).decode()


def masked_claims(claims: dict, mapping: ClaimMapping, key: str) -> dict:
    """The claims with each identity number replaced by its identity hash."""
    masked = dict(claims)
    for claim in mapping.identity_claims:
        if masked.get(claim):
            digits = "".join(ch for ch in str(masked[claim]) if ch.isdigit())
            masked[claim] = f"identity-hash:{identity_hash(digits, key)}"
    return masked


def build_record(
    *,
    result: CeremonyResult,
    document: DpaDocument,
    tenant: dict,
    signatory_name: str,
    signed_at: datetime,
    material: SigningMaterial,
    mapping: ClaimMapping,
    identity_key: str,
) -> dict:
    return {
        "format": RECORD_FORMAT,
        "procurement_id": document.procurement_id,
        "document_id": document.id,
        "document_version": document.version,
        "document_sha256": document.sha256,
        "municipality": tenant,
        "signatory": {"user_id": result.user_id, "name": signatory_name},
        "acr": result.login.acr,
        "signed_at": signed_at.isoformat(timespec="seconds") + "Z",
        "nonce": result.nonce,
        "salt": result.salt,
        "issuer": result.login.issuer,
        "jwk": result.login.jwk,
        "claims": masked_claims(result.login.claims, mapping, identity_key),
        "id_token": encrypt_token(
            material.evidence_key, result.login.id_token, token_aad(document.sha256, tenant["id"])
        ),
    }


def seal(record: dict, material: SigningMaterial) -> tuple[str, str, str]:
    """The record's canonical text, its SHA-256 (hex) and the platform's seal over it (base64)."""
    data = canonical(record)
    return data.decode("utf-8"), hashlib.sha256(data).hexdigest(), _b64(material.seal(data))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
