"""Binding the signed-in user's principal to each request's database session."""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from flask_login import AnonymousUserMixin, current_user, login_user

from samverka.platform.auth.identity import acr_satisfies
from samverka.platform.auth.services import LoginOutcome, resolve_login
from samverka.platform.core.extensions import db, login_manager
from samverka.platform.core.tenancy.guard import acting_as, bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import User
from samverka.tenants.services.principals import load_principal


class SignedInUser:
    """What Flask-Login keeps for a request: the user's id, name, locale and principal."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user, principal: Principal):
        self.id = user.id
        self.name = user.name
        self.locale = user.locale
        self.principal = principal

    def get_id(self) -> str:
        return str(self.id)


class AnonymousUser(AnonymousUserMixin):
    name = ""
    locale = None
    principal = Principal.anonymous()


def stepup_acr() -> str:
    """The e-ID level a step-up asks for: configured, or the strongest level known."""
    return current_app.config["OIDC_STEPUP_ACR"] or current_app.config["OIDC_ACR_ORDER"][-1]


def session_stepped_up() -> bool:
    """Whether this browser session's e-ID sign-in reached the step-up level."""
    return acr_satisfies(session.get("acr", ""), stepup_acr(), current_app.config["OIDC_ACR_ORDER"])


def begin_signed_in_session(
    eid_hash: str, acr: str, *, id_token: str | None, invitation_token: str | None = None
) -> LoginOutcome:
    """What follows the e-ID provider's word on who this is: the account (or no access), then a fresh
    signed-in session at ``acr``. Tests that are not about e-ID sign in here, without the provider."""
    outcome = resolve_login(db.session, eid_hash, invitation_token)
    if outcome.user_id is None:
        return outcome
    principal = load_principal(db.session, outcome.user_id)
    user = db.session.get(User, outcome.user_id)
    session.clear()  # a fresh session at sign-in: no fixation of a pre-login cookie
    session.permanent = True
    login_user(SignedInUser(user, principal))
    session["id_token"] = id_token
    session["acr"] = acr
    return outcome


@login_manager.user_loader
def _load_user(user_id: str):
    if not user_id.isdigit():
        return None
    principal = load_principal(db.session, int(user_id), stepped_up=session_stepped_up())
    if principal is None:
        return None
    with acting_as(db.session, Principal.system("principal look-up")):
        user = db.session.get(User, int(user_id))
    return SignedInUser(user, principal)


def init_app(app: Flask) -> None:
    login_manager.anonymous_user = AnonymousUser
    login_manager.login_view = "auth.sign_in"

    @app.before_request
    def _bind():
        if (request.endpoint or "").endswith("static"):
            return  # a stylesheet reads no tenant data: no user, role or membership queries for it
        principal = current_user.principal
        g.principal = principal
        bind_principal(db.session, principal)
