"""PAdES signatures of the DPA's PDF: one per signing event, added incrementally, and their validation.

Each is made with the platform's certificate on the signatory's behalf: the signature names the signatory
(``/Name``) and says for which municipality, at which e-ID level and on which sealed evidence it rests
(``/Reason``), so any PDF reader lists who signed what. Validation (offline, no fetching) checks that each
signature is intact, valid and chains to the trust root.
"""

from __future__ import annotations

import asyncio
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

with warnings.catch_warnings():  # pyHanko still imports DSA support, which cryptography deprecates
    warnings.simplefilter("ignore")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.registry import SimpleCertificateStore

from samverka.platform.signatures.certificates import SigningMaterial


@dataclass(frozen=True)
class PadesCheck:
    """One embedded signature as a verifier sees it."""

    field_name: str
    name: str
    reason: str
    intact: bool
    valid: bool
    trusted: bool

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted


def _outside_event_loop(func, *args, **kwargs):
    """pyHanko's blocking calls run ``asyncio.run``: in a thread of their own when this one runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args, **kwargs).result()


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _signer(material: SigningMaterial) -> signers.SimpleSigner:
    key = material.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return signers.SimpleSigner(
        signing_cert=_asn1(material.cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(key),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(material.ca)]),
    )


def add_signature(pdf: bytes, *, field_name: str, name: str, reason: str, material: SigningMaterial) -> bytes:
    """``pdf`` with one more PAdES signature, appended as an incremental update (earlier ones stay valid)."""
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=name,
        reason=reason,
        md_algorithm="sha256",
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    return _outside_event_loop(signers.sign_pdf, writer, metadata, signer=_signer(material)).getvalue()


def check_signatures(pdf: bytes, trust_root: x509.Certificate) -> list[PadesCheck]:
    """Every embedded signature, in the order they were made."""
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    found = []
    for embedded in reader.embedded_signatures:
        context = ValidationContext(trust_roots=[_asn1(trust_root)], allow_fetching=False)
        status = _outside_event_loop(validate_pdf_signature, embedded, context)
        found.append(
            PadesCheck(
                field_name=embedded.field_name,
                name=str(embedded.sig_object.get("/Name", "")),
                reason=str(embedded.sig_object.get("/Reason", "")),
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
            )
        )
    return found
