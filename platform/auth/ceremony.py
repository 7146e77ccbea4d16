"""An e-ID ceremony: a fresh e-ID sign-in at a required level, bound to one thing, for one purpose.

Some acts are a person's declaration, not just an action of a signed-in user (signing a data processing
agreement): each asks for its own e-ID sign-in, whose ``nonce`` commits to what is declared
(``nonce = base64url(SHA-256(salt || binding))``, the salt kept with the pending request), so the ID token
the provider signs names it. The pending state carries a ``purpose`` and a ``payload``; the callback
verifies the token (signature, issuer, audience, nonce, expiry), the level, and that the person who came
back is the signed-in one, then hands the verified answer to the handler the app factory registered for
that purpose. Auth knows no purpose: the areas above it register theirs (``init_app``).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass

from flask import Flask, current_app, render_template, session
from flask.typing import ResponseReturnValue

from samverka.platform.auth.eid import EIdError, LoginRequest, ProviderUnreachable, VerifiedLogin
from samverka.platform.auth.identity import acr_satisfies, identity_hash, identity_number
from samverka.platform.auth.provider import callback_uri, eid_provider
from samverka.platform.auth.services import same_person
from samverka.platform.core.extensions import db

log = logging.getLogger("samverka.auth")
_PENDING = "eid_ceremony"
_HANDLERS = "samverka.ceremonies"


@dataclass(frozen=True)
class CeremonyResult:
    """A verified ceremony: the login, who it is (``eid_hash``, ``user_id``) and what it was bound to."""

    purpose: str
    payload: dict
    login: VerifiedLogin
    eid_hash: str
    user_id: int
    binding: str
    salt: str
    nonce: str
    required_acr: str


Handler = Callable[[CeremonyResult], ResponseReturnValue]


def init_app(app: Flask, handlers: Mapping[str, Handler]) -> None:
    """The handler of each purpose (``{"dpa_signature": handler}``): given by the app factory."""
    app.extensions[_HANDLERS] = dict(handlers)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def binding_nonce(salt: str, binding: str) -> str:
    """The nonce that commits to ``binding`` (e.g. a document's SHA-256 in hex) under ``salt`` (base64url)."""
    return b64url(hashlib.sha256(b64url_decode(salt) + binding.encode()).digest())


def begin(
    *,
    purpose: str,
    payload: dict,
    binding: str,
    acr: str,
    user_id: int,
) -> str:
    """Remember the pending ceremony in the browser's session; the provider's URL to send the browser to."""
    if purpose not in current_app.extensions.get(_HANDLERS, {}):
        raise ValueError(f"no e-ID ceremony handler for {purpose!r}")
    salt = b64url(secrets.token_bytes(32))
    nonce = binding_nonce(salt, binding)
    request = eid_provider().begin(callback_uri(), acr, prompt_login=True, nonce=nonce)
    session[_PENDING] = {
        **asdict(request),
        "purpose": purpose,
        "payload": payload,
        "binding": binding,
        "salt": salt,
        "acr": acr,
        "user_id": user_id,
    }
    return request.url


def owns(state: str | None) -> bool:
    """Whether the callback's ``state`` is a pending ceremony's (rather than a sign-in's)."""
    pending = session.get(_PENDING)
    return bool(state) and pending is not None and secrets.compare_digest(str(pending["state"]), state)


def complete(code: str | None) -> ResponseReturnValue:
    """The callback of a ceremony ``owns`` recognised: verified, then the purpose's handler answers."""
    pending = session.pop(_PENDING)
    if not code:
        return _problem("cancelled", 400)
    try:
        result = _verified(code, pending)
    except ProviderUnreachable as exc:
        log.warning("e-ID provider unreachable in a ceremony: %s", exc)
        return _problem("provider_unreachable", 503)
    except EIdError as exc:
        log.warning("e-ID ceremony refused: %s", exc)
        return _problem("untrusted", 400)
    if result is None:
        log.warning("e-ID ceremony refused: the e-ID provider returned another person than the signed-in one")
        return _problem("other_person", 403)
    return current_app.extensions[_HANDLERS][result.purpose](result)


def verified_answer(code: str) -> CeremonyResult | None:
    """The pending ceremony's answer verified as ``complete`` does, for a caller that records it itself (the
    demo loader, which signs through the services rather than the purpose's page)."""
    return _verified(code, session.pop(_PENDING))


def _verified(code: str, pending: dict) -> CeremonyResult | None:
    """The checked answer; None when it is another person than the one who started the ceremony."""
    request = LoginRequest(**{k: pending[k] for k in ("url", "state", "nonce", "code_verifier")})
    if binding_nonce(pending["salt"], pending["binding"]) != request.nonce:
        raise EIdError("the ceremony's nonce does not commit to its binding")
    login = eid_provider().complete(code, callback_uri(), request)
    config = current_app.config
    if not acr_satisfies(login.acr, pending["acr"], config["OIDC_ACR_ORDER"]):
        raise EIdError("assurance level too low")
    eid_hash = identity_hash(identity_number(login.claims, config["OIDC_CLAIMS"]), config["IDENTITY_HASH_KEY"])
    if not same_person(db.session, pending["user_id"], eid_hash):
        return None
    return CeremonyResult(
        purpose=pending["purpose"],
        payload=pending["payload"],
        login=login,
        eid_hash=eid_hash,
        user_id=pending["user_id"],
        binding=pending["binding"],
        salt=pending["salt"],
        nonce=request.nonce,
        required_acr=pending["acr"],
    )


def _problem(problem: str, status: int) -> ResponseReturnValue:
    return render_template("auth/problem.html", problem=problem), status
