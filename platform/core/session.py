"""Binding the signed-in user's principal to each request's database session."""

from __future__ import annotations

from flask import Flask, g, request
from flask_login import AnonymousUserMixin, current_user

from samverka.platform.core.extensions import db, login_manager
from samverka.tenants.principal import Principal
from samverka.tenants.scoping import bind_principal
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


@login_manager.user_loader
def _load_user(user_id: str):
    if not user_id.isdigit():
        return None
    principal = load_principal(db.session, int(user_id))
    if principal is None:
        return None
    from samverka.tenants.models import User

    return SignedInUser(db.session.get(User, int(user_id)), principal)


def current_principal() -> Principal:
    return g.get("principal") or Principal.anonymous()


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
