"""Sign-in with e-ID, sign-out, the "no access yet" page and invitation links."""

from __future__ import annotations

import logging
from dataclasses import asdict

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import logout_user

from samverka.platform.auth.eid import EIdError, LoginRequest, OidcEIdProvider
from samverka.platform.auth.identity import acr_satisfies, identity_hash, identity_number
from samverka.platform.auth.session import begin_signed_in_session
from samverka.platform.core.errors import NotFound
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.services.invitations import check_usable, find_invitation

bp = Blueprint("auth", __name__, template_folder="templates")
log = logging.getLogger("samverka.auth")
_PENDING = "oidc_pending"
_INVITATION = "invitation_token"


def eid_provider() -> OidcEIdProvider:
    provider = current_app.extensions.get("samverka.eid")
    if provider is None:
        cfg = current_app.config
        provider = OidcEIdProvider(cfg["OIDC_DISCOVERY_URL"], cfg["OIDC_CLIENT_ID"], cfg["OIDC_CLIENT_SECRET"])
        current_app.extensions["samverka.eid"] = provider
    return provider


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("ui.home")


@bp.get("/login")
def sign_in():
    return render_template("auth/sign_in.html", next=_safe_next(request.args.get("next")))


@bp.get("/login/start")
def start():
    """Send the browser to the e-ID provider; ``acr`` asks for a stronger level (step-up)."""
    acr = request.args.get("acr") or current_app.config["OIDC_LOGIN_ACR"]
    if acr not in current_app.config["OIDC_ACR_ORDER"]:
        abort(400)
    try:
        pending = eid_provider().begin(url_for("auth.callback", _external=True), acr, prompt_login=True)
    except OSError:
        log.warning("e-ID provider unreachable at sign-in")
        return render_template("auth/problem.html", problem="provider_unreachable"), 503
    session[_PENDING] = {**asdict(pending), "acr": acr, "next": _safe_next(request.args.get("next"))}
    return redirect(pending.url)


@bp.get("/auth/callback")
def callback():
    pending = session.pop(_PENDING, None)
    if pending is None or request.args.get("state") != pending["state"]:
        return render_template("auth/problem.html", problem="state"), 400
    if "error" in request.args or "code" not in request.args:
        return render_template("auth/problem.html", problem="cancelled"), 400
    try:
        login = eid_provider().complete(
            request.args["code"],
            url_for("auth.callback", _external=True),
            LoginRequest(**{k: pending[k] for k in ("url", "state", "nonce", "code_verifier")}),
        )
        if not acr_satisfies(login.acr, pending["acr"], current_app.config["OIDC_ACR_ORDER"]):
            raise EIdError("assurance level too low")
        number = identity_number(login.claims, current_app.config["OIDC_CLAIMS"])
    except EIdError as exc:
        log.warning("e-ID login refused: %s", exc)
        return render_template("auth/problem.html", problem="untrusted"), 400
    return _finish(login, identity_hash(number, current_app.config["IDENTITY_HASH_KEY"]), pending)


def _finish(login, eid_hash: str, pending: dict):
    outcome = begin_signed_in_session(
        eid_hash, login.acr, id_token=login.id_token, invitation_token=session.pop(_INVITATION, None)
    )
    if outcome.user_id is None:
        return redirect(url_for("auth.no_access", reason=outcome.problem))
    return redirect(pending["next"])


@bp.post("/logout")
def logout():
    id_token = session.get("id_token")
    logout_user()
    session.clear()
    if id_token:
        url = eid_provider().end_session_url(id_token, url_for("auth.signed_out", _external=True))
        if url:
            return redirect(url)
    return redirect(url_for("auth.signed_out"))


@bp.get("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html")


@bp.get("/no-access")
def no_access():
    reason = request.args.get("reason", "no_access")
    known = {"no_access", "invitation_unknown", "invitation_used", "invitation_expired"}
    return render_template("auth/no_access.html", reason=reason if reason in known else "no_access")


@bp.get("/invitations/<token>")
def invitation(token: str):
    with acting_as(db.session, Principal.system("invitation link")):
        try:
            found = check_usable(find_invitation(db.session, token))
        except NotFound as unusable:
            return render_template("auth/no_access.html", reason=unusable.reason), 404
        details = {"name": found.name, "role": found.role}
    return render_template("auth/invitation.html", token=token, invitation=details)


@bp.post("/invitations/<token>")
def accept(token: str):
    """Remember the link in the session; the e-ID callback accepts it once the person is known."""
    session[_INVITATION] = token
    return redirect(url_for("auth.start"))
