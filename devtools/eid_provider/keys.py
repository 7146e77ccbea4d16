"""The provider's RSA signing key, its public JWKS, and secrets derived from it.

Deriving the other secrets (pairwise ``sub``, log hashes) from the signing key
means a provider restarted with the same ``--key-file`` gives every person the
same ``sub`` as before, so an app's stored users survive a provider restart.
"""

from __future__ import annotations

import hashlib
import hmac

from joserfc.jwk import KeySet, RSAKey

ALGORITHM = "RS256"


class SigningKey:
    """An RS256 key with a ``kid`` (its RFC 7638 thumbprint) published in /jwks."""

    def __init__(self, private_pem: str | None = None) -> None:
        parameters = {"use": "sig", "alg": ALGORITHM}
        if private_pem is None:
            self.key = RSAKey.generate_key(2048, parameters=parameters, private=True)
        else:
            self.key = RSAKey.import_key(private_pem, parameters)
        if not self.key.is_private:
            raise ValueError("signing_key_pem must be an RSA private key")
        self.key.ensure_kid()

    @property
    def kid(self) -> str:
        """The key id put in every token header, so clients can pick the key from /jwks."""
        return self.key.kid

    def public_jwks(self) -> dict:
        """The JWKS document served at /jwks: public parts only."""
        return KeySet([self.key]).as_dict(private=False)

    def public_key_set(self) -> KeySet:
        """Public keys for checking our own ID tokens (e.g. an ``id_token_hint``)."""
        return KeySet.import_key_set(self.public_jwks())

    def derive_secret(self, purpose: str) -> bytes:
        """A secret bound to this key, distinct per purpose so one leak does not reveal another."""
        private_pem = self.key.as_pem(private=True)
        return hmac.new(private_pem, purpose.encode(), hashlib.sha256).digest()
