"""The JSON API's blueprint: signed-in callers only, path ids found first, one commit point, one error shape.

Errors are rendered by ``http_errors`` (the domain errors included). Malformed JSON is bad
input like any other field error, so it is a 422 too, not webargs' 400; so is JSON nested
deeper than ``MAX_JSON_DEPTH`` (no write needs more than a few levels, and the parser would
recurse without end), ``NaN``/``Infinity`` (not JSON), and a NUL character in any text of the
body or query (PostgreSQL text cannot hold it). Bodies over ``MAX_CONTENT_LENGTH`` are a 413.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from flask import g, request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint
from flask_smorest.utils import resolve_schema_instance
from marshmallow import Schema, fields, validate
from sqlalchemy.exc import IntegrityError
from webargs import core
from webargs.flaskparser import FlaskParser, abort, is_json_request
from werkzeug.exceptions import Unauthorized

from samverka.platform.core import dumping, transactions
from samverka.platform.core.errors import Conflict, NotFound
from samverka.platform.core.extensions import db
from samverka.platform.core.http_errors import domain_error_response
from samverka.platform.core.pagination import MAX_SIZE, Page, PageRequest, page_request
from samverka.platform.core.request import current_principal
from samverka.platform.core.schemas import Whole, fields_with_nul

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


class PageArgs(Schema):
    """A list is read a page at a time: ``size`` rows (default 20), then the page the ``Link: <...>;
    rel="next"`` header of the answer names (``after``), until an answer has no such header."""

    after = fields.String(metadata={"description": "The cursor of the page to read, from a Link header."})
    size = Whole(validate=validate.Range(min=1, max=MAX_SIZE), metadata={"description": "Rows per page."})


def page_of(args: dict) -> PageRequest:
    """The page a list endpoint's query arguments ask for."""
    return page_request({key: str(value) for key, value in args.items() if key in ("after", "size")})


def paged(page: Page) -> list:
    """The page's rows as the answer's body; the next page's address goes in the ``Link`` header."""
    g.next_page = page.next_after
    return page.items


def nested_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text opens more than ``limit`` arrays or objects within each other (strings skipped)."""
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def _not_json(constant: str):
    raise json.JSONDecodeError(f"{constant} is not JSON", constant, 0)


class ApiParser(FlaskParser):
    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        text = req.get_data(cache=True).decode("utf-8")
        if nested_too_deep(text):
            message = _("The request body is nested more than %(limit)s levels deep.", limit=MAX_JSON_DEPTH)
            abort(422, messages={"json": {"_schema": [message]}})
        return json.loads(text, parse_constant=_not_json)

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(422, exc=error, messages={"json": {"_schema": [_("The request body is not valid JSON.")]}})

    def _load_location_data(self, *, schema, req, location):
        data = super()._load_location_data(schema=schema, req=req, location=location)
        problems = fields_with_nul(data) if data is not core.missing else {}
        if problems:
            abort(422, messages={location: {name: [str(m) for m in items] for name, items in problems.items()}})
        return data


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

    def response(self, status_code, schema=None, **kwargs):
        """flask-smorest's answer, dumped by its schema's plan (``dumping``): the same JSON, less CPU a row."""
        if schema is not None and not isinstance(schema, str | dict):
            schema = dumping.install(resolve_schema_instance(schema))
        return super().response(status_code, schema, **kwargs)

    def arguments(self, schema, *args, **kwargs):
        """The body as flask-smorest documents it, required only when its schema requires a field:
        the parser reads a missing body as an empty one, which a schema of optional fields accepts."""
        if kwargs.get("location", "json") == "json":
            fields_of = (schema() if isinstance(schema, type) else schema).fields.values()
            kwargs.setdefault("required", any(field.required for field in fields_of))
        return super().arguments(schema, *args, **kwargs)

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
        kept = []
        for name, value in (request.view_args or {}).items():
            found = self._path_models.get(name)
            if isinstance(found, type):
                kept.append(db.session.get(found, value))
                if kept[-1] is None:
                    raise NotFound()
            elif found is not None:
                found(db.session, current_principal(), value)
        # Held for the request: the session's identity map keeps rows only while something refers to them,
        # and the handler's own access check asks for the same rows (found there, not read again).
        g.path_rows = kept

    @staticmethod
    def _commit_or_roll_back(response):
        if response.status_code >= 400:
            db.session.rollback()
            return response
        if request.method in SAFE_METHODS:
            transactions.end_read(db.session())
            return response
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return domain_error_response(Conflict("conflict", _("The change collides with another one; try again.")))
        return response
