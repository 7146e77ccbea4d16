"""Sign-in with e-ID, sign-out, the "no access yet" page and invitation links."""

from __future__ import annotations

import logging
from dataclasses import asdict

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from samverka.platform.auth import account, ceremony
from samverka.platform.auth.eid import EIdError, LoginRequest, ProviderUnreachable
from samverka.platform.auth.identity import acr_satisfies, identity_hash, identity_number, logout_token
from samverka.platform.auth.provider import eid_provider
from samverka.platform.auth.services import same_person
from samverka.platform.auth.session import begin_session, end_session
from samverka.platform.core import kept_forms
from samverka.platform.core.errors import NotFound
from samverka.platform.core.extensions import db
from samverka.platform.core.redirects import safe_next
from samverka.platform.core.request import current_principal
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.services.invitations import check_usable, find_invitation

bp = Blueprint("auth", __name__, template_folder="templates")
log = logging.getLogger("samverka.auth")
_PENDING = "oidc_pending"
_INVITATION = "invitation_token"


@bp.get("/login")
def sign_in():
    return render_template("auth/sign_in.html", next=safe_next(request.args.get("next")))


@bp.get("/login/start")
def start():
    """Send the browser to the e-ID provider; ``acr`` asks for a stronger level (step-up)."""
    acr = request.args.get("acr") or current_app.config["OIDC_LOGIN_ACR"]
    if acr not in current_app.config["OIDC_ACR_ORDER"]:
        abort(400)
    try:
        pending = eid_provider().begin(url_for("auth.callback", _external=True), acr, prompt_login=True)
    except ProviderUnreachable as exc:
        return _unreachable(exc)
    session[_PENDING] = {
        **asdict(pending),
        "acr": acr,
        "next": safe_next(request.args.get("next")),
        "step_up_of": _step_up_of(acr),
    }
    return redirect(pending.url)


def _step_up_of(acr: str) -> int | None:
    """Who must come back from e-ID: the signed-in person, when this asks for more than the sign-in level.

    A plain sign-in while signed in may change who is signed in (a shared computer); a step-up may not.
    """
    if current_user.is_authenticated and acr != current_app.config["OIDC_LOGIN_ACR"]:
        return current_user.id
    return None


@bp.get("/auth/callback")
def callback():
    if ceremony.owns(request.args.get("state")):  # an e-ID ceremony's answer (a signature), not a sign-in
        return ceremony.complete(request.args.get("code"))
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
        number = identity_number(login.claims, _claims())
    except ProviderUnreachable as exc:
        return _unreachable(exc)
    except EIdError as exc:
        log.warning("e-ID login refused: %s", exc)
        return render_template("auth/problem.html", problem="untrusted"), 400
    return _finish(login, identity_hash(number, current_app.config["IDENTITY_HASH_KEY"]), pending)


def _unreachable(exc: ProviderUnreachable):
    log.warning("e-ID provider unreachable: %s", exc)
    return render_template("auth/problem.html", problem="provider_unreachable"), 503


def _finish(login, eid_hash: str, pending: dict):
    stepping_up = pending.get("step_up_of")
    if stepping_up is not None and not same_person(db.session, stepping_up, eid_hash):
        # A step-up that came back as someone else: refused, and the session stays as it was.
        log.warning("step-up refused: the e-ID provider returned another person than the signed-in one")
        return render_template("auth/problem.html", problem="other_person"), 403
    kept = kept_forms.pending() if stepping_up is not None else None  # the same person, checked above
    outcome = begin_session(
        eid_hash,
        login.acr,
        logout_token=logout_token(login.id_token, login.claims, _claims()),
        invitation_token=session.pop(_INVITATION, None),
    )
    if outcome.user_id is None:
        return redirect(url_for("auth.no_access", reason=outcome.problem))
    if stepping_up is not None:
        kept_forms.carry(kept)
        flash(_stepped_up_message(kept))
    return redirect(safe_next(pending["next"]))


def _stepped_up_message(kept: dict | None) -> str:
    if kept:
        return _("You signed in with e-ID at level high. Check what you entered and send it.")
    return _("You signed in with e-ID at level high.")


def _claims():
    return current_app.config["OIDC_CLAIMS"]


@bp.post("/logout")
def logout():
    id_token = end_session()
    try:
        url = eid_provider().end_session_url(id_token, url_for("auth.signed_out", _external=True))
    except ProviderUnreachable as exc:
        log.warning("e-ID provider unreachable at sign-out: %s", exc)
        url = None
    return redirect(url or url_for("auth.signed_out"))


@bp.get("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html")


@bp.get("/no-access")
def no_access():
    reason = request.args.get("reason", "no_access")
    known = {"no_access", "invitation_unknown", "invitation_used", "invitation_expired", "invitation_other_person"}
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
    return redirect(url_for("auth.start", next=url_for("tenants.invitation_accepted", token=token)))


@bp.get("/account/sessions")
@login_required
def sessions():
    found = account.sessions_of(_store(), current_principal(), _current_handle())
    return render_template("auth/sessions.html", sessions=found)


@bp.post("/account/sessions/<handle>/end")
@login_required
def end_other(handle: str):
    account.end_session_of(_store(), current_principal(), handle)
    flash(_("The session was ended."), "success")
    return redirect(url_for("auth.sessions"))


def _store():
    return current_app.session_interface.store


def _current_handle() -> str | None:
    return session.stored.handle if session.stored else None
