"""One error shape for the API, friendly pages for the browser.

API errors are ``{"code": 404, "status": "Not Found", "message": "...", "errors": {...}}``
(flask-smorest's shape, used for every error under ``/api/``). Services speak in the domain
errors of ``core.errors``; here, once for every page and endpoint, they become HTTP.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from samverka.platform.core.errors import Conflict, DomainError, Forbidden, NotFound, Refused

log = logging.getLogger("samverka.errors")
STATUS_NAMES = {403: "Forbidden", 404: "Not Found", 409: "Conflict", 422: "Unprocessable Entity"}


def _wants_json() -> bool:
    # The API, and the public open contracting data's packages (``/ocds/...json``): a program reads both.
    return request.path.startswith("/api/") or (request.path.startswith("/ocds/") and request.path.endswith(".json"))


def error_body(code: int, status: str, message: str, errors: dict | None = None) -> dict:
    body = {"code": code, "status": status, "message": message}
    if errors:
        body["errors"] = errors
    return body


def _http_error(exc: HTTPException):
    # Werkzeug's own headers of the error (``Allow`` on a 405), never its HTML content type.
    headers = [(name, value) for name, value in exc.get_headers() if name.lower() != "content-type"]
    if _wants_json():
        data = getattr(exc, "data", None) or {}
        body = error_body(
            exc.code, exc.name, data.get("message") or _message(exc), data.get("errors") or data.get("messages")
        )
        return jsonify(body), exc.code, headers
    return render_template("ui/error.html", code=exc.code, title=_page_title(exc.code)), exc.code, headers


def _message(exc: HTTPException) -> str:
    """The API's sentence for an HTTP error, in the request's language like the field messages next to it."""
    if exc.code == 404:
        return "Not found."
    if exc.description and exc.description != type(exc).description:
        return str(exc.description)  # said by the code that raised it, already translated
    messages = {
        400: _("The request could not be understood"),
        405: _("This method is not allowed here; the Allow header lists those that are."),
        413: _("The request is too large"),
        422: _("The request cannot be carried out as it stands."),
    }
    message = messages.get(exc.code)
    return str(message) if message is not None else _("Something went wrong")


def _page_title(code: int) -> str:
    titles = {
        400: _("The request could not be understood"),
        403: _("You do not have access to this"),
        404: _("Page not found"),
        409: _("This has changed in the meantime"),
        413: _("The request is too large"),
        422: _("Please correct the form"),
    }
    return titles.get(code, _("Something went wrong"))


def _domain_message(exc: DomainError) -> str:
    if isinstance(exc, NotFound):
        return "Not found."
    if isinstance(exc, Forbidden):
        return str(exc.message) if exc.message is not None else _("Your role does not allow this.")
    if isinstance(exc, Refused):
        return exc.first_message() if exc.message is not None else _("The request cannot be carried out as it stands.")
    if isinstance(exc, Conflict) and exc.message is not None:
        return str(exc.message)
    return _("This has changed in the meantime.")


def domain_error_response(exc: DomainError):
    """A domain error as the API's JSON error, or as the error page."""
    if not _wants_json():
        detail = str(exc.message) if isinstance(exc, Conflict) and exc.message is not None else None
        page = render_template("ui/error.html", code=exc.status, title=_page_title(exc.status), detail=detail)
        return page, exc.status
    errors = {"json": exc.messages()} if isinstance(exc, Refused) else None
    body = error_body(exc.status, STATUS_NAMES[exc.status], _domain_message(exc), errors)
    return jsonify(body), exc.status


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DomainError, domain_error_response)
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
