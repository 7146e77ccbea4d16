"""From provider-specific claims to one internal identity, without keeping the number.

ID-porten sends the Norwegian national identity number as ``pid``; Swedish brokers
send ``personalIdentityNumber`` or ``ssn``. Which claims to read is configuration.
We keep only an HMAC of the number under a server key: enough to recognise the
person at the next login, useless to anyone who steals the database alone.
"""

from __future__ import annotations

from samverka.platform.auth.eid import EIdError
from samverka.platform.core.config import ClaimMapping
from samverka.platform.core.identity import identity_hash

__all__ = ["acr_satisfies", "identity_hash", "identity_number", "logout_token"]


def identity_number(claims: dict, mapping: ClaimMapping) -> str:
    """The identity number's digits from the first configured claim present."""
    for claim in mapping.identity_claims:
        value = claims.get(claim)
        if value:
            digits = "".join(ch for ch in str(value) if ch.isdigit())
            if len(digits) in (11, 12):
                return digits
            raise EIdError(f"claim {claim} does not hold an identity number")
    raise EIdError("the ID token carries none of the configured identity claims")


def logout_token(id_token: str, claims: dict, mapping: ClaimMapping) -> str | None:
    """The ID token, to send back to the provider at sign-out, if it holds no identity number.

    ID-porten's and the Swedish brokers' tokens do (``pid``, ``personalIdentityNumber``), and we
    keep no identity number in a session: sign-out then names our client instead (OpenID Connect
    RP-Initiated Logout allows ``client_id`` with a registered ``post_logout_redirect_uri``).
    """
    return None if any(claims.get(claim) for claim in mapping.identity_claims) else id_token


def acr_satisfies(actual: str, required: str, order: tuple[str, ...]) -> bool:
    """True when ``actual`` is at least as strong as ``required`` in the configured order."""
    if actual not in order or required not in order:
        return False
    return order.index(actual) >= order.index(required)
