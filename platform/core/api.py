"""The JSON API's blueprint: signed-in callers only, path ids found first, one commit point, one error shape.

Errors are rendered by ``http_errors`` (the domain errors included). Malformed JSON is bad
input like any other field error, so it is a 422 too, not webargs' 400.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import g, request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy.exc import IntegrityError
from webargs.flaskparser import FlaskParser, abort
from werkzeug.exceptions import Unauthorized

from samverka.platform.core.errors import Conflict, NotFound
from samverka.platform.core.extensions import db
from samverka.platform.core.http_errors import domain_error_response
from samverka.platform.core.pagination import MAX_SIZE, Page, PageRequest, page_request
from samverka.platform.core.request import current_principal

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PageArgs(Schema):
    """A list is read a page at a time: ``size`` rows (default 50), then the page the ``Link: <...>;
    rel="next"`` header of the answer names (``after``), until an answer has no such header."""

    after = fields.String(metadata={"description": "The cursor of the page to read, from a Link header."})
    size = fields.Integer(validate=validate.Range(min=1, max=MAX_SIZE), metadata={"description": "Rows per page."})


def page_of(args: dict) -> PageRequest:
    """The page a list endpoint's query arguments ask for."""
    return page_request({key: str(value) for key, value in args.items() if key in ("after", "size")})


def paged(page: Page) -> list:
    """The page's rows as the answer's body; the next page's address goes in the ``Link`` header."""
    g.next_page = page.next_after
    return page.items


class ApiParser(FlaskParser):
    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(422, exc=error, messages={"json": {"_schema": [_("The request body is not valid JSON.")]}})


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint whose every endpoint needs a signed-in principal.

    ``path_models`` name the path arguments that identify scoped rows (``{"need_id": Need}``).
    Each is looked up through the tenancy guard before the body is read: a row out of reach is
    a 404 whatever the body says, so a 422 never confirms that it exists. Where an object is
    reached by id only through its ``access_*`` function (a threshold: the operator's to change),
    that function stands in for the model. Permissions are the handlers' and services' business.

    Handlers never commit: after a write that succeeded (status below 400) the blueprint
    commits once; otherwise the request's transaction is rolled back.
    """

    ARGUMENTS_PARSER = ApiParser()

    def __init__(self, *args, path_models: Mapping[str, type | Callable] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._path_models = dict(path_models or {})
        self.before_request(self._signed_in_and_in_scope)
        self.after_request(self._commit_or_roll_back)
        self.after_request(self._link_next_page)

    @staticmethod
    def _link_next_page(response):
        after = g.pop("next_page", None)
        if after is not None and response.status_code == 200:
            args = {**request.args.to_dict(), **(request.view_args or {}), "after": after}
            response.headers["Link"] = f'<{url_for(request.endpoint, **args)}>; rel="next"'
        return response

    def _signed_in_and_in_scope(self) -> None:
        if not current_principal().is_authenticated:
            raise Unauthorized(_("Sign in with e-ID first."))
        for name, value in (request.view_args or {}).items():
            found = self._path_models.get(name)
            if isinstance(found, type):
                if db.session.get(found, value) is None:
                    raise NotFound()
            elif found is not None:
                found(db.session, current_principal(), value)

    @staticmethod
    def _commit_or_roll_back(response):
        if request.method in SAFE_METHODS or response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return domain_error_response(Conflict("conflict", _("The change collides with another one; try again.")))
        return response
