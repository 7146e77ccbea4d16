"""Driving the JSON API as a client would: signed in over e-ID, with the session's CSRF token."""

from __future__ import annotations

from flask import session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select
from werkzeug.http import HTTP_STATUS_CODES

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from tests.support.login import LOGIN_LEVEL, sign_in

ERROR_KEYS = {"code", "status", "message", "errors"}


class ApiClient:
    """A test client signed in as one person, sending the CSRF header on every write."""

    def __init__(self, client, csrf_token: str):
        self.client = client
        self.headers = {"X-CSRFToken": csrf_token}

    def get(self, path: str):
        return self.client.get(path)

    def post(self, path: str, body=None, **kwargs):
        return self.client.post(path, json=body, headers=self.headers, **kwargs)

    def put(self, path: str, body=None):
        return self.client.put(path, json=body, headers=self.headers)

    def delete(self, path: str, body=None):
        return self.client.delete(path, json=body, headers=self.headers)


def signed_in(client, person, *, acr: str = LOGIN_LEVEL) -> ApiClient:
    """Signed in with e-ID at ``acr`` (the step-up level for what asks for it: the operator's changes, votes)."""
    sign_in(client, person, acr=acr)
    answer = client.get("/api/v1/csrf-token")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return ApiClient(client, answer.get_json()["csrf_token"])


def anonymous_csrf_token(app, client) -> str:
    """A valid CSRF token for the client's anonymous session, so that a write reaches the sign-in check."""
    field = app.config["WTF_CSRF_FIELD_NAME"]
    with app.test_request_context():
        token = generate_csrf()
        raw = session[field]
    with client.session_transaction() as client_session:
        client_session[field] = raw
    return token


def count_rows(app, model) -> int:
    """Rows of ``model`` in the database, seen by the system (no tenancy filter)."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test: counting rows"))
        return db.session.scalar(select(func.count()).select_from(model))


def assert_error_shape(response, code: int) -> dict:
    """The one API error shape; returns the body for further checks."""
    assert response.status_code == code, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) <= ERROR_KEYS, body
    assert body["code"] == code
    assert body["status"] == HTTP_STATUS_CODES[code]
    assert isinstance(body["message"], str) and body["message"]
    return body


def field_errors(response) -> dict:
    """The per-field messages of a 422 answer."""
    return assert_error_shape(response, 422)["errors"]["json"]
