"""The provider's HTTP endpoints: discovery, JWKS, login page, token, userinfo, logout.

Protocol decisions are left to Authlib (see server.py); this module handles
what a browser sees: the login page, its CSRF protection, and error pages for
requests that must not be redirected back to an unverified address.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time

from authlib.oauth2 import OAuth2Error
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, session

from .claims import claims_supported
from .config import PID_LENGTH
from .identity import Identity, Login, LoginFormError, resolve_identity, resolve_level
from .keys import ALGORITHM
from .levels import Level, acr_values, levels_at_least, requested_level
from .server import CLIENT_AUTH_METHODS, SCOPES, CodeGrant, EidAuthorizationServer, ProviderState

SERVER_EXTENSION = "samverka_eid_provider"
CSRF_FIELD = "csrf_token"

log = logging.getLogger("samverka.devtools.eid_provider")
bp = Blueprint("eid_provider", __name__)


def _server() -> EidAuthorizationServer:
    return current_app.extensions[SERVER_EXTENSION]


def _state() -> ProviderState:
    return _server().state


@bp.after_request
def _protect_pages(response: Response) -> Response:
    # Nothing here is worth caching, the login page must not be framed
    # (clickjacking), and its URL, which carries state and nonce, should not
    # leak to other sites through the Referer header.
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/.well-known/openid-configuration")
def discovery() -> Response:
    return jsonify(discovery_document(_state()))


@bp.get("/jwks")
def jwks() -> Response:
    return jsonify(_state().signing_key.public_jwks())


@bp.get("/authorize")
def authorize_page() -> str:
    """Show the login page; there is no single sign-on, so it is shown on every request."""
    return _render_login(_consent_grant())


@bp.post("/authorize")
def authorize_submit() -> Response | tuple[str, int]:
    """Log the chosen person in and send the client a code."""
    _check_csrf()
    grant = _consent_grant()  # re-validated: the query string may have been altered
    state = _state()
    try:
        identity = resolve_identity(
            state.config.personas,
            state.config.claim_profile,
            request.form.get("persona", ""),
            request.form.get("pid", ""),
        )
        level = resolve_level(request.form.get("acr", ""), state.config.claim_profile)
    except LoginFormError as error:
        return _render_login(grant, error=str(error)), 400
    login = _start_session(identity, level, grant.client.get_client_id())
    return _server().create_authorization_response(grant=grant, grant_user=login)


@bp.post("/token")
def token() -> Response:
    return _server().create_token_response()


@bp.route("/userinfo", methods=["GET", "POST"])
def userinfo() -> Response:
    return _server().create_endpoint_response("userinfo")


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response | tuple[str, int] | str:
    """End the provider session; redirect only to a URI registered for the hinted client."""
    server = _server()
    try:
        end_request = server.validate_endpoint_request("end_session")
    except OAuth2Error as error:
        return _error_page(error.get_error_description() or error.error), 400
    response = server.create_endpoint_response("end_session", end_request)
    if response is not None:
        return response
    asked_for_redirect = bool(request.values.get("post_logout_redirect_uri"))
    return render_template("eid_provider/logged_out.html", redirect_refused=asked_for_redirect)


def discovery_document(state: ProviderState) -> dict:
    """OpenID Provider Metadata, limited to what this provider really enforces."""
    issuer = state.config.issuer
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks",
        "userinfo_endpoint": f"{issuer}/userinfo",
        "end_session_endpoint": f"{issuer}/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["pairwise"],
        "code_challenge_methods_supported": ["S256"],
        "id_token_signing_alg_values_supported": [ALGORITHM],
        "acr_values_supported": list(acr_values(state.config.claim_profile)),
        "token_endpoint_auth_methods_supported": list(CLIENT_AUTH_METHODS),
        "scopes_supported": list(SCOPES),
        "claims_supported": claims_supported(state.config.claim_profile),
    }


def _consent_grant() -> CodeGrant:
    """Validate the authorization request, or abort with the right kind of error response."""
    try:
        return _server().get_consent_grant(end_user=None)
    except OAuth2Error as error:
        abort(_authorization_error(error))


def _authorization_error(error: OAuth2Error) -> Response:
    # Authlib only sets redirect_uri once the client and the URI have been
    # verified; anything else must stay here, or the provider is an open redirector.
    if error.redirect_uri:
        return _server().handle_error_response(None, error)
    return Response(_error_page(error.get_error_description() or error.error), status=400)


def _error_page(description: str) -> str:
    return render_template("eid_provider/error.html", description=description)


def _csrf_token() -> str:
    token = session.get(CSRF_FIELD)
    if token is None:
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


def _check_csrf() -> None:
    """Only a form served by this provider, in this browser session, may log someone in."""
    expected = session.get(CSRF_FIELD, "")
    sent = request.form.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        message = "The login form has expired or did not come from this page. Start again."
        abort(Response(_error_page(message), status=400))


def _render_login(grant: CodeGrant, error: str | None = None) -> str:
    state = _state()
    profile = state.config.claim_profile
    minimum = requested_level(grant.request.payload.data.get("acr_values"), profile)
    offered = levels_at_least(minimum, profile)
    return render_template(
        "eid_provider/login.html",
        client_id=grant.client.get_client_id(),
        minimum=minimum,
        levels=offered,
        default_acr=offered[0].acr,  # the lowest level that satisfies the request
        personas=state.config.personas,
        pid_digits=PID_LENGTH[state.config.claim_profile],
        csrf_token=_csrf_token(),
        action=request.full_path,
        error=error,
    )


def _start_session(identity: Identity, level: Level, client_id: str) -> Login:
    """Start a provider session (replacing any earlier one in this browser) for logout."""
    state = _state()
    previous = session.get("sid")
    if previous:
        state.store.end_session(previous)
    sid = secrets.token_urlsafe(24)
    pid_ref = state.pid_ref(identity.pid)
    state.store.start_session(sid, pid_ref)
    session["sid"] = sid
    log.info("login person=%s method=%s client=%s", pid_ref, level.method, client_id)
    return Login(identity=identity, client_id=client_id, level=level, auth_time=int(time.time()), sid=sid)
