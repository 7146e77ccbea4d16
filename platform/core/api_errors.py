"""Keeping every JSON API blueprint on the one error shape rendered by ``errors.py``.

Services speak in domain exceptions; here they become HTTP errors: ``NotFoundError``
(missing, or another tenant's) is a 404 and ``PermissionDenied`` a 403. Malformed
JSON is bad input like any other field error, so it is a 422 too, not webargs' 400.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, abort
from werkzeug.exceptions import Forbidden, HTTPException, NotFound

from samverka.tenants.services.directory import NotFoundError, PermissionDenied


class ApiParser(FlaskParser):
    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(422, exc=error, messages={"json": {"_schema": [_("The request body is not valid JSON.")]}})


def _render(error: HTTPException):
    # An error handler cannot raise another error to be handled; it asks the
    # application's HTTPException handler (errors.py) for the response instead.
    return current_app.handle_http_exception(error)


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint whose bad input and refused service calls use the one error shape."""

    ARGUMENTS_PARSER = ApiParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register_error_handler(NotFoundError, lambda exc: _render(NotFound()))
        self.register_error_handler(
            PermissionDenied, lambda exc: _render(Forbidden(_("Your role does not allow this.")))
        )
