"""HTML forms of the tenancy pages: what was typed, and what to fix next to each field.

Validation is the marshmallow schemas' (the same as the JSON API's); this module
only reads the submitted fields and replaces marshmallow's English messages by a
translated sentence per field that says what to enter.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import request
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError

FORM_ERROR = "_form"  # an error about the whole form, shown only in the summary
CHECK_FORM = _l("Some of what was sent could not be accepted. Check the form and try again.")

REGION_FORM = {
    "name": _l("Enter the region's name, 2 to 120 characters."),
    "currency": _l("Choose NOK or SEK."),
}
TENANT_FORM = {
    "name": _l("Enter the municipality's name, 2 to 120 characters."),
    "country": _l("Choose Norway or Sweden."),
    "municipality_number": _l("Enter the municipality number: four digits, e.g. 3006."),
    "organisation_number": _l("Enter a valid organisation number for the chosen country."),
    "population": _l("Enter the population as a whole number, 0 or more."),
    "region_ids": _l("Choose only regions from the list."),
}
PARTNER_FORM = {
    "name": _l("Enter the organisation's name, 2 to 120 characters."),
    "kind": _l("Choose what kind of organisation this is."),
    "organisation_number": _l("Enter a valid Norwegian or Swedish organisation number, or leave it empty."),
}
INVITATION_FORM = {
    "name": _l("Enter the person's name, 2 to 120 characters."),
    "email": _l("Enter an e-mail address, e.g. name@kommune.no."),
    "appointment": _l("Choose a role and where it applies."),
}
COORDINATOR_FORM = {
    "name": INVITATION_FORM["name"],
    "email": INVITATION_FORM["email"],
}
ROLE_FORM = {
    "user_id": _l("Choose a person from the list."),
    "role": _l("Choose IT coordinator or chief executive."),
}


class HtmlForm:
    """The submitted values of one form and, after a failed ``load``, a message per field to fix."""

    def __init__(self, messages: Mapping[str, str], values: dict | None = None):
        self.messages = messages
        self.values = dict(values or {})
        self._errors: dict[str, str] = {}

    @classmethod
    def submitted(cls, messages: Mapping[str, str], *, lists: tuple[str, ...] = ()) -> HtmlForm:
        """Only the form's own fields: the CSRF token and anything added by hand are not data."""
        values = {}
        for name in messages:
            if name in lists:
                values[name] = request.form.getlist(name)
            elif name in request.form:
                values[name] = request.form[name].strip()
        return cls(messages, values)

    def load(
        self, schema: Schema, payload: dict | None = None, *, shown_as: Mapping[str, str] | None = None
    ) -> dict | None:
        """Validate ``payload`` (default: the submitted values); None when something must be fixed.

        ``shown_as`` names the form field that carries a schema field, when they differ.
        """
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

    @property
    def errors(self) -> dict[str, str]:
        """In the order the fields appear on the page, so that the summary reads top to bottom."""
        order = (FORM_ERROR, *self.messages)
        return {name: self._errors[name] for name in order if name in self._errors}

    def value(self, name: str) -> str:
        return str(self.values.get(name, ""))

    def chosen(self, name: str) -> set[str]:
        """The values ticked in a group of checkboxes."""
        return {str(v) for v in self.values.get(name, [])}
