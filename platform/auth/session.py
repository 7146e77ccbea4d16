"""Binding the signed-in user's principal to each request's database session."""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from flask_login import AnonymousUserMixin, current_user, login_user, logout_user

from samverka.platform.auth import server_session
from samverka.platform.auth.identity import acr_satisfies
from samverka.platform.auth.services import LoginOutcome, resolve_login
from samverka.platform.auth.tokens_bearer import is_token_request
from samverka.platform.core.extensions import db, login_manager
from samverka.platform.core.tenancy.guard import acting_as, bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import User
from samverka.tenants.services.principal_cache import GENERATION_KEY, UNREAD, signed_in
from samverka.tenants.services.principals import load_principal


class SignedInUser:
    """What Flask-Login keeps for a request: the user's id, name, locale and principal."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user_id: int, name: str, locale: str | None, principal: Principal):
        self.id = user_id
        self.name = name
        self.locale = locale
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


def begin_session(
    eid_hash: str, acr: str, *, logout_token: str | None = None, invitation_token: str | None = None
) -> LoginOutcome:
    """What follows the e-ID provider's word on who this is: the account (or no access), then this
    browser signed in as that person at level ``acr``, in a session with a new id.

    Nothing of the session before (its id, a pending login, an invitation) carries over, so an id
    planted or seen before the sign-in opens nothing. ``logout_token`` is the ID token for the
    provider's sign-out, kept only when it holds no identity number (see ``identity.logout_token``).
    Tests that are not about e-ID sign in here, without the provider.
    """
    outcome = resolve_login(db.session, eid_hash, invitation_token)
    if outcome.user_id is None:
        return outcome
    principal = load_principal(db.session, outcome.user_id)
    with acting_as(db.session, Principal.system("sign-in")):
        user = db.session.get(User, outcome.user_id)
    session.clear()
    session.rotate()
    login_user(SignedInUser(user.id, user.name, user.locale, principal))
    session["acr"] = acr
    if logout_token:
        session["id_token"] = logout_token
    return outcome


def end_session() -> str | None:
    """Sign out: the session's record is deleted on the server; returns the ID token kept for the provider."""
    id_token = session.get("id_token")
    logout_user()
    session.clear()
    session.rotate()
    return id_token


@login_manager.user_loader
def _load_user(user_id: str):
    if not user_id.isdigit():
        return None
    generation = getattr(session, "along", {}).get(GENERATION_KEY, UNREAD)
    user = signed_in(db.session, int(user_id), stepped_up=session_stepped_up(), generation=generation)
    if user is None:
        return None
    return SignedInUser(int(user_id), user.name, user.locale, user.principal)


def init_app(app: Flask) -> None:
    server_session.init_app(app, read_along=(GENERATION_KEY,))
    login_manager.anonymous_user = AnonymousUser
    login_manager.login_view = "auth.sign_in"

    @app.before_request
    def _bind():
        if (request.endpoint or "").endswith("static"):
            return  # a stylesheet reads no tenant data: no user, role or membership queries for it
        if is_token_request():
            return  # the API token's principal, bound by ``tokens_bearer`` (no session, no sign-in)
        principal = current_user.principal
        g.principal = principal
        bind_principal(db.session, principal)
