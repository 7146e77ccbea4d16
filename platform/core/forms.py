"""HTML forms: what was typed, what to fix next to each field, and the one way a page takes a form.

Validation is the marshmallow schemas' (the same as the JSON API's); ``HtmlForm`` only reads
the submitted fields and replaces marshmallow's English messages by a translated sentence per
field that says what to enter. ``submit_form`` is the flow every page follows:

    load the form → call the service → on refused input, show the form again (422, nothing
    changed) → commit → redirect with a message (post/redirect/get, so a reload repeats nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import flash, has_request_context, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError

from samverka.platform.core import kept_forms
from samverka.platform.core.errors import Conflict, Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.schemas import fields_with_nul

FORM_ERROR = "_form"  # an error about the whole form, shown only in the summary
CHECK_FORM = _l("Some of what was sent could not be accepted. Check the form and try again.")
# A form shown again with what to fix: the request was understood but cannot be carried out.
UNPROCESSABLE = 422


class HtmlForm:
    """The submitted values of one form and, after a failed ``load``, a message per field to fix."""

    def __init__(self, messages: Mapping[str, str], values: dict | None = None):
        self.messages = messages
        self.values = dict(values or {})
        if has_request_context() and request.method == "GET":
            # Back from an e-ID step-up that interrupted this form's post: what was typed, once.
            self.values.update(kept_forms.values_for(messages))
        self._errors: dict[str, str] = {}
        self.refusal: Refused | None = None  # the service's refusal this form is shown again with

    @classmethod
    def submitted(cls, messages: Mapping[str, str], *, lists: tuple[str, ...] = ()) -> HtmlForm:
        """Only the form's own fields: the CSRF token and anything added by hand are not data."""
        values = {}
        for name in messages:
            if name in lists:
                values[name] = request.form.getlist(name)
            elif name in request.form:
                values[name] = request.form[name].strip()
        form = cls(messages, values)
        for name, problems in fields_with_nul(values).items():
            form.fail(name, problems[0])  # PostgreSQL text cannot hold it: refused before any rule reads it
        return form

    def load(
        self, schema: Schema | None, payload: dict | None = None, *, shown_as: Mapping[str, str] | None = None
    ) -> dict | None:
        """Validate ``payload`` (default: the submitted values; without a schema, taken as they are);
        None when something must be fixed.

        ``shown_as`` names the form field that carries a schema field, when they differ.
        """
        if self._errors:
            return None
        if schema is None:
            return self.values
        try:
            return schema.load(self.values if payload is None else payload)
        except ValidationError as exc:
            for name in exc.messages:
                field = (shown_as or {}).get(name, name)
                if field in self.messages:
                    self.fail(field, self.messages[field])
                else:
                    self.fail(FORM_ERROR, CHECK_FORM)
            return None

    def fail(self, field: str, message: str) -> None:
        self._errors.setdefault(field, str(message))

    def refuse(self, refused: Refused, shown_as: Mapping[str, str] | None = None) -> HtmlForm:
        """Put a service's field messages next to the form's fields (the whole form's, for others).

        ``shown_as`` names the form field that carries a service's field, when they differ.
        """
        self.refusal = refused
        for name, messages in refused.messages().items():
            field = (shown_as or {}).get(name, name)
            first = messages[0]
            self.fail(field if field in self.messages else FORM_ERROR, first if isinstance(first, str) else CHECK_FORM)
        return self

    @property
    def errors(self) -> dict[str, str]:
        """In the order the fields appear on the page, so that the summary reads top to bottom."""
        order = (FORM_ERROR, *self.messages)
        return {name: self._errors[name] for name in order if name in self._errors}

    def value(self, name: str) -> str:
        return str(self.values.get(name, ""))

    def chosen(self, name: str) -> set[str]:
        """The values ticked in a group of checkboxes."""
        ticked = self.values.get(name, [])
        return {ticked} if isinstance(ticked, str) else {str(v) for v in ticked}


def commit_and_go(message: str, target: str, category: str = "success"):
    """Commit, confirm in the next page, and show ``target`` by GET so that a reload repeats nothing.

    ``category`` is the alert's severity in the layout: success (the change was made), info (it
    was accepted and will happen later), warning or danger (see README, "Pages")."""
    db.session.commit()
    flash(message, category)
    return redirect(target)


def commit_and_redirect(message: str, endpoint: str, category: str = "success", **values):
    """``commit_and_go`` to a page named by its endpoint."""
    return commit_and_go(message, url_for(endpoint, **values), category)


def submit_form(
    form: HtmlForm,
    *,
    change: Callable[[dict], Any],
    show: Callable[[HtmlForm], Any],
    done: Callable[[Any], tuple[str, str]],
    schema: Schema | None = None,
    payload: dict | None = None,
    shown_as: Mapping[str, str] | None = None,
):
    """Take a submitted form the one way every page does.

    ``schema`` validates the typed values (``payload`` when they need preparing first); ``change``
    calls the service with the loaded data; ``show`` renders the page with the form (it is
    answered 422); ``done`` turns the service's result into (message, URL to redirect to).
    ``shown_as`` names the form field that carries a schema's or service's field, when they differ.
    A ``Refused`` from the service rolls back, so nothing of a refused change is kept; a
    ``Conflict`` (the object changed meanwhile) shows the form again with its message, as 409.
    """
    data = form.load(schema, payload, shown_as=shown_as)
    if data is None:
        return show(form), UNPROCESSABLE
    try:
        result = change(data)
    except Refused as refused:
        db.session.rollback()
        return show(form.refuse(refused, shown_as)), UNPROCESSABLE
    except Conflict as conflict:
        db.session.rollback()
        form.fail(FORM_ERROR, conflict.message or CHECK_FORM)
        return show(form), conflict.status
    message, target = done(result)
    return commit_and_go(message, target)


def act(change: Callable[[], Any], *, done: Callable[[Any], tuple[str, str]], refused: Callable[[Refused], Any]):
    """A form with nothing to type (a button: submit, delete, accept): the same flow without a schema."""
    try:
        result = change()
    except Refused as exc:
        db.session.rollback()
        return refused(exc), UNPROCESSABLE
    message, target = done(result)
    return commit_and_go(message, target)
