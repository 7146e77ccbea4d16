"""The identity claims put in ID tokens and returned from /userinfo, per claim profile.

"idporten" mimics ID-porten (``pid``); "se_broker" mimics a Swedish OIDC
broker in front of BankID/Freja (``personalIdentityNumber`` and name parts).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from authlib.oauth2.rfc6749 import scope_to_list

from .identity import Login, person_name

_COMMON_CLAIMS = (
    "iss",
    "aud",
    "sub",
    "iat",
    "exp",
    "auth_time",
    "nonce",
    "acr",
    "amr",
    "sid",
    "locale",
)
_PROFILE_CLAIMS = {
    "idporten": ("pid", "name"),
    "se_broker": ("personalIdentityNumber", "given_name", "family_name", "name"),
}


def claims_supported(claim_profile: str) -> list[str]:
    """The claim names advertised in discovery for this profile."""
    return [*_COMMON_CLAIMS, *_PROFILE_CLAIMS[claim_profile]]


class ClaimBuilder:
    """Builds the identity claims; holds the secret that makes ``sub`` pairwise."""

    def __init__(self, claim_profile: str, sub_secret: bytes) -> None:
        self.claim_profile = claim_profile
        self._sub_secret = sub_secret

    def pairwise_sub(self, client_id: str, pid: str) -> str:
        """Like ID-porten: stable for one person at one client, unlinkable across clients."""
        message = f"{client_id}|{pid}".encode()  # separator keeps ("ab","c") != ("a","bc")
        digest = hmac.new(self._sub_secret, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def identity_claims(self, login: Login, scope: str) -> dict[str, str]:
        """Claims describing the person; the same set for the ID token and /userinfo."""
        identity = login.identity
        claims = {
            "sub": self.pairwise_sub(login.client_id, identity.pid),
            "locale": identity.locale,
        }
        if self.claim_profile == "se_broker":
            return claims | self._swedish_claims(login)
        claims["pid"] = identity.pid
        # ID-porten only hands out the name to clients that asked for "profile".
        if "profile" in (scope_to_list(scope) or []):
            claims["name"] = person_name(identity.name)[0]
        return claims

    @staticmethod
    def _swedish_claims(login: Login) -> dict[str, str]:
        full, given, family = person_name(login.identity.name)
        return {
            "personalIdentityNumber": login.identity.pid,
            "given_name": given,
            "family_name": family,
            "name": full,
        }
