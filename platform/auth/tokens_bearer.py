"""``Authorization: Bearer <token>`` on the API: a partner's read-only principal in its region.

A request that carries a bearer token is judged by the token alone, before anything else runs (the CSRF
check included: a token request has no session and no cookie, and a write is refused as a write, 403, not
as a missing CSRF token). The token must be known, unrevoked and unexpired, and its creator still the
partner's reader; otherwise 401 with ``WWW-Authenticate: Bearer error="invalid_token"``. It then reads, by
GET or HEAD, only the endpoints the app names as a partner's reading (``init_app``): anything else is 403.
The principal it builds holds the partner reader's reading in the token's region and nothing more, so
another region's pipeline is the same 404 as for the partner's people. Each use is counted against the
token's own limit (``API_TOKEN_RATE_LIMIT``) and logged with the token's id and the route, never the
secret or a person; ``tokens.mark_used`` keeps the last use and an audit event at most once an hour.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import Flask, current_app, g, jsonify, request
from flask_babel import gettext as _

from samverka.platform.auth import tokens_openapi
from samverka.platform.auth.tokens import find_by_secret, mark_used
from samverka.platform.auth.tokens_models import ApiToken
from samverka.platform.core import limits
from samverka.platform.core.extensions import api, db
from samverka.platform.core.http_errors import error_body
from samverka.platform.core.tenancy.guard import acting_as, bind_principal
from samverka.platform.core.tenancy.principal import Grant, Principal
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
from samverka.tenants.roles import Role
from samverka.tenants.services.principals import load_principal

READ_METHODS = frozenset({"GET", "HEAD"})
_READABLE = "samverka.token_readable"
_OWN_BEARER = "samverka.own_bearer"
log = logging.getLogger("samverka.auth.tokens")


def bearer_secret() -> str | None:
    """The token of this request's ``Authorization: Bearer`` header ("" when the header names no token)."""
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


def is_token_request() -> bool:
    return bearer_secret() is not None


def token_principal(token: ApiToken) -> Principal:
    """The partner reader's reading in the token's region, as the token's creator: the region, its
    procurements and the partner itself; never a write, the plan, the contracts or the signed papers."""
    grant = Grant(Role.PARTNER_READER.value, region_id=token.region_id, partner_id=token.partner_id)
    held = {
        perm.REGION_READ: frozenset({token.region_id}),
        perm.REGION_PROCUREMENTS_READ: frozenset({token.region_id}),
        perm.PARTNER_READ: frozenset({token.partner_id}),
    }
    return Principal(user_id=token.user_id, grants=frozenset({grant}), held=held)


def _problem(code: int, message: str, error: str):
    status = {401: "Unauthorized", 403: "Forbidden"}[code]
    # The (translated) sentence goes in the body only: an error_description must be ASCII (RFC 6750).
    return jsonify(error_body(code, status, message)), code, {"WWW-Authenticate": f'Bearer error="{error}"'}


def _still_the_partners(token: ApiToken) -> bool:
    """Whether the token's creator is active and still one of the partner's readers (else the token is dead)."""
    if token.user_id is None:
        return False
    creator = load_principal(db.session, token.user_id)
    return creator is not None and creator.holds(perm.PARTNER_TOKENS_WRITE, token.partner_id)


def _usable(secret: str) -> ApiToken | str:
    """The token, or why it cannot be used (a sentence for the caller)."""
    token = find_by_secret(db.session, secret) if secret else None
    if token is None:
        return _("The API token is not valid.")
    status = token.status(utcnow())
    if status == "revoked":
        return _("The API token has been revoked.")
    if status == "expired":
        return _("The API token has expired.")
    with acting_as(db.session, Principal.system("API token owner check")):
        alive = _still_the_partners(token)
    return token if alive else _("The API token's owner no longer has access.")


def _refusal(token: ApiToken):
    """Why this request may not be made with a token, or None: a write, or an endpoint it may not read."""
    if request.method not in READ_METHODS:
        return _problem(403, _("An API token reads only; it cannot change anything."), "insufficient_scope")
    readable = current_app.extensions[_READABLE]
    if request.endpoint is not None and request.endpoint not in readable:
        return _problem(403, _("An API token cannot read this; sign in instead."), "insufficient_scope")
    return None


def _use(token_id: int) -> None:
    """Mark and log the use; committed now, since the API rolls back whatever a read did."""
    if mark_used(db.session, token_id, utcnow()):
        db.session.commit()
    route = request.url_rule.rule if request.url_rule else request.path
    fields = {"token_id": token_id, "route": route, "method": request.method}
    log.info("api token used: token_id=%(token_id)s method=%(method)s route=%(route)s", fields, extra=fields)


def authenticate():
    """The before-request step of a bearer request: the token's principal bound, or the answer refusing it."""
    secret = bearer_secret()
    if secret is None or request.endpoint in current_app.extensions[_OWN_BEARER]:
        return None
    g.principal = Principal.anonymous()
    bind_principal(db.session, g.principal)
    found = _usable(secret)
    if isinstance(found, str):
        return _problem(401, found, "invalid_token")
    refused = _refusal(found)
    if refused is not None:
        return refused
    token_id, principal = found.id, token_principal(found)  # read before the commit expires the row
    retry_after = limits.hit("API_TOKEN_RATE_LIMIT", "api-token", str(token_id))
    if retry_after is not None:
        return limits.too_many_requests_answer(retry_after)
    _use(token_id)
    g.principal = principal
    bind_principal(db.session, principal)
    return None


def init_app(app: Flask, readable: Iterable[str], own_bearer: Iterable[str] = ()) -> None:
    """``readable``: the endpoints a token may read (a partner reader's reading, and the public data);
    ``own_bearer``: endpoints that check a bearer token of their own (``/metrics``), not an API token.

    Runs first of all the before-request steps, so a token request meets neither the session nor CSRF.
    """
    app.extensions[_READABLE] = frozenset(readable)
    app.extensions[_OWN_BEARER] = frozenset(own_bearer)
    tokens_openapi.declare(app, api.spec, app.extensions[_READABLE])
    app.before_request_funcs.setdefault(None, []).insert(0, authenticate)
