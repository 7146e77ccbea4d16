"""The award page's forms: what to enter in each field, and the contract form's first values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.core.forms import HtmlForm

QUALITY_FORM = {
    "outcome": _l("Choose whether the recommendation is approved or returned."),
    "comment": _l("Write at most 2000 characters; a returned recommendation needs a comment."),
}
APPROVAL_FORM = {
    "tenant_id": _l("Choose the municipality you decide for."),
    "decision": _l("Choose whether you approve the award or withdraw the municipality."),
    "reason": _l("Write at most 2000 characters; a withdrawal needs a reason."),
}
CONTRACT_FORM = {
    "starts_on": _l("Enter the start date, e.g. 01.01.2028."),
    "ends_on": _l("Enter the end date, on or after the start date, e.g. 31.12.2031."),
    "extension_options": _l("Enter at most 200 characters, e.g. 1+1 years, or leave it empty."),
    "extendable_to": _l("Enter the last date the contract can be extended to, or leave it empty."),
    "annual_value": _l("Enter an amount of 0 or more with at most two decimals, e.g. 1 250 000."),
    "kraljic": _l("Choose a Kraljic class."),
    "processes_personal_data": _l("Tick the box if the supplier processes personal data."),
}
# The service's field names that the contract form shows under another name.
CONTRACT_SHOWN_AS = {"annual_value_minor": "annual_value"}


def contract_form(personal_data: bool) -> HtmlForm:
    """The contract form, ticked for personal data when any participant's need processes it."""
    return HtmlForm(CONTRACT_FORM, {"processes_personal_data": "yes" if personal_data else ""})


def contract_payload(form: HtmlForm) -> dict:
    """The schema's input: the typed text, the checkbox as a boolean, empty optional fields left out."""
    payload = {name: form.value(name) for name in CONTRACT_FORM if form.value(name)}
    payload["processes_personal_data"] = bool(form.value("processes_personal_data"))
    return payload


def approval_payload(form: HtmlForm) -> dict:
    payload = {name: form.value(name) for name in ("decision", "reason") if form.value(name)}
    if form.value("tenant_id"):
        payload["tenant_id"] = form.value("tenant_id")
    return payload
