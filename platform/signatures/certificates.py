"""The platform's own signing certificate and key, the trust root, and the key that encrypts ID tokens.

In production an organisation certificate (an electronic seal) is configured by path:
``SIGNING_CERT_PATH`` (PEM certificate), ``SIGNING_KEY_PATH`` (PEM private key, ``SIGNING_KEY_PASSWORD``
if it is encrypted), ``SIGNING_CA_PATH`` (PEM, the root a verifier trusts), and
``SIGNATURE_EVIDENCE_KEY`` (32 random bytes, base64) encrypts each ID token kept as evidence. None of them
is in the repository. In development and tests, when no path is set, a development certificate authority,
a signing certificate and an evidence key are made once in ``SIGNING_DEV_DIR`` (default
``instance/signing``), as ``samverka signatures dev-ca DIR`` makes them.
"""

from __future__ import annotations

import base64
import datetime
import os
import secrets
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from flask import Flask, current_app

DEV_FILES = {"cert": "signing.pem", "key": "signing-key.pem", "ca": "ca.pem", "evidence_key": "evidence.key"}
_EXTENSION = "samverka.signing"


class SigningNotConfigured(RuntimeError):
    """Production without the organisation certificate's paths or the evidence key: nothing is signed."""


@dataclass(frozen=True)
class SigningMaterial:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    ca: x509.Certificate
    evidence_key: bytes

    def seal(self, data: bytes) -> bytes:
        """The platform's signature over ``data`` (RSA PKCS#1 v1.5, SHA-256): what seals an evidence record."""
        return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    @cached_property
    def signer_name(self) -> str:
        return self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


def check_seal(cert: x509.Certificate, data: bytes, seal: bytes) -> bool:
    try:
        cert.public_key().verify(seal, data, padding.PKCS1v15(), hashes.SHA256())
    except Exception:
        return False
    return True


def init_app(app: Flask) -> None:
    env = os.environ.get
    for key in ("SIGNING_CERT_PATH", "SIGNING_KEY_PATH", "SIGNING_CA_PATH", "SIGNING_KEY_PASSWORD"):
        app.config.setdefault(key, env(key) or None)
    app.config.setdefault("SIGNATURE_EVIDENCE_KEY", env("SIGNATURE_EVIDENCE_KEY") or None)
    app.config.setdefault("SIGNING_DEV_DIR", env("SIGNING_DEV_DIR") or os.path.join(app.instance_path, "signing"))


def signing_material() -> SigningMaterial:
    """Loaded once per application; made in the development folder when nothing is configured."""
    material = current_app.extensions.get(_EXTENSION)
    if material is None:
        material = _load(current_app.config)
        current_app.extensions[_EXTENSION] = material
    return material


def _load(config) -> SigningMaterial:
    paths = (config["SIGNING_CERT_PATH"], config["SIGNING_KEY_PATH"], config["SIGNING_CA_PATH"])
    evidence_key = config["SIGNATURE_EVIDENCE_KEY"]
    if not all(paths) or not evidence_key:
        if config["SAMVERKA_ENV"] == "production":
            raise SigningNotConfigured(
                "set SIGNING_CERT_PATH, SIGNING_KEY_PATH, SIGNING_CA_PATH and SIGNATURE_EVIDENCE_KEY in production"
            )
        folder = Path(config["SIGNING_DEV_DIR"])
        if not (folder / DEV_FILES["cert"]).exists():
            make_dev_ca(folder)
        paths = tuple(str(folder / DEV_FILES[name]) for name in ("cert", "key", "ca"))
        evidence_key = (folder / DEV_FILES["evidence_key"]).read_text().strip()
    return load_material(*paths, evidence_key, config.get("SIGNING_KEY_PASSWORD"))


def load_material(cert_path: str, key_path: str, ca_path: str, evidence_key: str, password=None) -> SigningMaterial:
    key = serialization.load_pem_private_key(
        Path(key_path).read_bytes(), password=password.encode() if password else None
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SigningNotConfigured("the signing key must be an RSA key")
    raw = base64.b64decode(evidence_key)
    if len(raw) != 32:
        raise SigningNotConfigured("SIGNATURE_EVIDENCE_KEY must be 32 bytes, base64-encoded")
    return SigningMaterial(
        cert=x509.load_pem_x509_certificate(Path(cert_path).read_bytes()),
        key=key,
        ca=x509.load_pem_x509_certificate(Path(ca_path).read_bytes()),
        evidence_key=raw,
    )


def load_trust_root(config) -> x509.Certificate:
    """The root a verifier trusts: the configured one, or the development one."""
    path = config["SIGNING_CA_PATH"] or str(Path(config["SIGNING_DEV_DIR"]) / DEV_FILES["ca"])
    return x509.load_pem_x509_certificate(Path(path).read_bytes())


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Samverka (development)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, sign_certs: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not sign_certs,
        content_commitment=not sign_certs,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=sign_certs,
        crl_sign=sign_certs,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(subject, issuer, public_key, issuer_key, *, ca: bool, days: int) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(_usage(sign_certs=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    return builder.sign(issuer_key, hashes.SHA256())


def make_dev_ca(folder: Path) -> None:
    """A development CA, a signing certificate it issued, and an evidence key: never for production."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ca_name = _name("Samverka development CA")
    ca = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True, days=3650)
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    cert = _certificate(_name("Samverka signing (development)"), ca_name, key.public_key(), ca_key, ca=False, days=1825)
    pem = serialization.Encoding.PEM
    private = {"encoding": pem, "format": serialization.PrivateFormat.PKCS8}
    _write(folder / "ca-key.pem", ca_key.private_bytes(**private, encryption_algorithm=serialization.NoEncryption()))
    _write(folder / DEV_FILES["key"], key.private_bytes(**private, encryption_algorithm=serialization.NoEncryption()))
    _write(folder / DEV_FILES["ca"], ca.public_bytes(pem))
    _write(folder / DEV_FILES["evidence_key"], base64.b64encode(secrets.token_bytes(32)) + b"\n")
    _write(folder / DEV_FILES["cert"], cert.public_bytes(pem))  # last: its presence says the folder is whole


def _write(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    path.chmod(0o600)
