"""The JSON API's blueprint: signed-in callers only, path ids resolved first, one error shape.

Errors are rendered by ``errors.py`` (domain exceptions included). Malformed JSON is
bad input like any other field error, so it is a 422 too, not webargs' 400.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import current_app, request
from flask_babel import gettext as _
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, abort
from werkzeug.exceptions import Unauthorized, UnprocessableEntity

from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.tenants.services.directory import FieldRefused

# A path argument's name -> the access helper that resolves it, e.g. "need_id": access_need.
Resolvers = Mapping[str, Callable]


class ApiParser(FlaskParser):
    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(422, exc=error, messages={"json": {"_schema": [_("The request body is not valid JSON.")]}})


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint whose every endpoint needs a signed-in principal.

    ``resolvers`` name the path arguments that identify tenant or region objects. They are
    resolved through the tenancy guard before the body is read: an object out of reach is
    a 404 whatever the body says, so a 422 never confirms that it exists.
    """

    ARGUMENTS_PARSER = ApiParser()

    def __init__(self, *args, resolvers: Resolvers | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._resolvers = dict(resolvers or {})
        self.before_request(self._signed_in_and_in_scope)
        self.refuse_with_422(FieldRefused, lambda exc: {exc.field: [str(exc.message)]}, lambda exc: exc.message)

    def _signed_in_and_in_scope(self) -> None:
        principal = current_principal()
        if not principal.is_authenticated:
            raise Unauthorized(_("Sign in with e-ID first."))
        for name, value in (request.view_args or {}).items():
            if name in self._resolvers:
                self._resolvers[name](db.session, principal, value)

    def refuse_with_422(
        self, exception: type[Exception], errors: Callable[[Exception], dict], message: Callable[[Exception], str]
    ) -> None:
        """Answer ``exception``, a service refusing bad input, with 422: ``message`` and the field ``errors``.

        Nothing was committed: the request's transaction is rolled back when the session ends.
        """

        def unprocessable(exc: Exception):
            error = UnprocessableEntity()
            error.data = {"message": str(message(exc)), "errors": {"json": errors(exc)}}
            return current_app.handle_http_exception(error)

        self.register_error_handler(exception, unprocessable)
