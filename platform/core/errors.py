"""One error shape for the API, friendly pages for the browser.

API errors are ``{"code": 404, "status": "Not Found", "message": "...", "errors": {...}}``
(flask-smorest's shape, used for every error under ``/api/``).
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import Forbidden, HTTPException, InternalServerError, NotFound

from samverka.tenants.scoping import ScopeViolation
from samverka.tenants.services.directory import NotFoundError, PermissionDenied

log = logging.getLogger("samverka.errors")


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(code: int, status: str, message: str, errors: dict | None = None) -> dict:
    body = {"code": code, "status": status, "message": message}
    if errors:
        body["errors"] = errors
    return body


def _http_error(exc: HTTPException):
    if _wants_json():
        data = getattr(exc, "data", None) or {}
        body = error_body(
            exc.code, exc.name, data.get("message") or _message(exc), data.get("errors") or data.get("messages")
        )
        return jsonify(body), exc.code
    return render_template("ui/error.html", code=exc.code, title=_page_title(exc.code)), exc.code


def _message(exc: HTTPException) -> str:
    if exc.code == 404:
        return "Not found."
    return exc.description or exc.name


def _page_title(code: int) -> str:
    titles = {
        400: _("The request could not be understood"),
        403: _("You do not have access to this"),
        404: _("Page not found"),
        413: _("The request is too large"),
        422: _("Please correct the form"),
    }
    return titles.get(code, _("Something went wrong"))


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    # Services speak in domain exceptions; here, once for every page and endpoint, they become
    # HTTP: missing or another tenant's is a 404, visible but not allowed for the role a 403.
    app.register_error_handler(ScopeViolation, lambda exc: _http_error(NotFound()))
    app.register_error_handler(NotFoundError, lambda exc: _http_error(NotFound()))
    app.register_error_handler(
        PermissionDenied, lambda exc: _http_error(Forbidden(_("Your role does not allow this.")))
    )
    app.register_error_handler(CSRFError, _csrf_error)

    @app.errorhandler(Exception)
    def _unexpected(exc):  # pragma: no cover - exercised only by bugs
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _http_error(InternalServerError())


def _csrf_error(exc: CSRFError):
    if _wants_json():
        return jsonify(error_body(400, "Bad Request", "CSRF token missing or invalid.")), 400
    return render_template(
        "ui/error.html",
        code=400,
        title=_("Your form expired or was forged"),
        detail=_("Reload the page and try again."),
    ), 400
