"""The HTML forms of the needs pages: what to enter in each field, and how typed text becomes data.

The rules are the API schemas'; the form schemas only read text as people type it:
amounts in kroner/kronor with up to two decimals ("12 500,50"), several CPV codes on
one line, decimal commas, and empty fields as "not given".
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, pre_load

from samverka.platform.core.forms import FORM_ERROR, HtmlForm
from samverka.platform.core.schemas import TypedDate
from samverka.platform.core.time import typed_date_text
from samverka.platform.cpv import services as cpv
from samverka.platform.needs.models.need import SECURITY_AREAS
from samverka.platform.needs.schemas import BenefitLineSchema, NeedSchema

_AMOUNT = re.compile(r"^\d{1,13}(\.\d{1,2})?$")
SPACES = re.compile(r"[\s\u00a0\u202f]")
_LEVEL_MESSAGE = _l("Choose a consequence level, or leave the area unclassified.")

NEED_FORM = {
    "title": _l("Enter a short title, 2 to 200 characters."),
    "description": _l("Describe what is needed and why."),
    "kind": _l("Choose what kind of need this is."),
    "category": _l("Choose the category the need belongs to."),
    "cpv_codes": _l(
        "Enter one or more codes from the CPV list, e.g. 48000000-8, separated by commas. "
        "Codes with a wrong check digit or not in the list are refused."
    ),
    "current_solution": _l("Enter at most 200 characters, or leave it empty."),
    "current_supplier": _l("Enter at most 200 characters, or leave it empty."),
    "contract_end": _l("Enter the date the current contract ends, e.g. 30/06/2027, or leave it empty."),
    "contract_extendable_to": _l(
        "Enter a date on or after the contract's end date, e.g. 30/06/2029, or leave it empty."
    ),
    "desired_start": _l("Enter a quarter, e.g. 2027-Q1, or leave it empty."),
    "one_off_cost": _l("Enter an amount of 0 or more with at most two decimals, e.g. 1 500 000 or 12 500,50."),
    "annual_cost": _l("Enter an amount of 0 or more with at most two decimals, e.g. 1 500 000 or 12 500,50."),
    "processes_personal_data": _l("Tick the box if personal data will be processed."),
    "personal_data_purpose": _l("Describe the purpose in at most 2,000 characters."),
    "personal_data_categories": _l("Choose only categories from the list."),
    "data_subjects": _l("Choose only groups from the list."),
    **dict.fromkeys(SECURITY_AREAS, _LEVEL_MESSAGE),
}
# The need form's groups of checkboxes: each is a list of the codes ticked.
NEED_FORM_LISTS = ("personal_data_categories", "data_subjects")
SUBMISSION_FORM = {
    "region_ids": _l("Choose one or more of the municipality's regions."),
    "comment": _l("Enter at most 2,000 characters, or leave it empty."),
}
TRANSITION_FORM = {
    "transition": _l("This step is not possible for the need as it stands now."),
    "comment": _l("Enter at most 2,000 characters, or leave it empty."),
}
LINE_FORM = {
    "description": _l("Describe the benefit, at most 500 characters."),
    "benefit_type": _l("Choose a type of benefit the region's template has."),
    "indicator": _l("Enter the indicator, at most 200 characters."),
    "unit": _l("Enter the unit, at most 50 characters."),
    "baseline_value": _l("Enter a number, e.g. 120 or 12,5."),
    "baseline_date": _l("Enter the baseline date, e.g. 01/01/2026."),
    "target_value": _l("Enter a number, e.g. 40 or 12,5."),
    "target_date": _l("Enter a target date on or after the baseline date, e.g. 01/01/2028."),
    "owner": _l("Enter who owns the benefit, at most 120 characters."),
    "measurement": _l("Describe how the benefit is measured, at most 500 characters."),
}
TEMPLATE_FORM = {
    "benefit_types": _l("Choose at least one type of benefit."),
    "required_fields": _l("Choose only fields from the list."),
}


class KronerField(fields.Field):
    """An amount typed in kroner/kronor, e.g. "12 500,50", loaded as minor units (øre/öre)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = SPACES.sub("", str(value)).replace(",", ".")
        if not _AMOUNT.match(text):
            raise ValidationError("An amount of 0 or more with at most two decimals.")
        return int(Decimal(text) * 100)


class CpvLineField(fields.String):
    """Several CPV codes typed on one line; each must be in the list."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            codes = cpv.parse_many(super()._deserialize(value, attr, data, **kwargs))
        except cpv.InvalidCpvCode as exc:
            raise ValidationError(f"{exc.typed} is not a CPV 2008 code.") from exc
        if not codes:
            raise ValidationError("At least one CPV code.")
        return codes


def _blank_is_none(data: dict) -> dict:
    return {name: (None if value == "" else value) for name, value in data.items()}


class NeedFormSchema(NeedSchema):
    cpv_codes = CpvLineField(required=True)
    contract_end = TypedDate(load_default=None, allow_none=True)
    contract_extendable_to = TypedDate(load_default=None, allow_none=True)
    one_off_cost_minor = KronerField(data_key="one_off_cost", load_default=None, allow_none=True)
    annual_cost_minor = KronerField(data_key="annual_cost", load_default=None, allow_none=True)

    @pre_load
    def _typed(self, data, **kwargs):
        typed = _blank_is_none(data)
        if typed.get("personal_data_purpose") is None:
            typed.pop("personal_data_purpose", None)  # left empty: no purpose given yet
        return typed


class LineFormSchema(BenefitLineSchema):
    baseline_date = TypedDate(load_default=None, allow_none=True)
    target_date = TypedDate(load_default=None, allow_none=True)

    @pre_load
    def _typed(self, data, **kwargs):
        data = _blank_is_none(data)
        for name in ("baseline_value", "target_value"):
            if data.get(name) is not None:
                data[name] = SPACES.sub("", data[name]).replace(",", ".")
        return data


def need_form_values(need) -> dict:
    """What the need form shows for an existing need: amounts in kroner, codes with check digits."""
    values = {name: getattr(need, name) for name in NEED_FORM if hasattr(need, name) and name != "cpv_codes"}
    values["cpv_codes"] = ", ".join(cpv.display(code) for code in need.cpv_codes)
    values["one_off_cost"] = kroner_text(need.one_off_cost_minor)
    values["annual_cost"] = kroner_text(need.annual_cost_minor)
    values["processes_personal_data"] = "yes" if need.processes_personal_data else ""
    for name in ("contract_end", "contract_extendable_to"):
        values[name] = typed_date_text(getattr(need, name), str(get_locale()))
    return {name: "" if value is None else value for name, value in values.items()}


def with_cpv_code(typed: str, code: str) -> str:
    """The CPV field's text with one more listed code, unless it already holds it; what was typed stays as typed."""
    try:
        present = cpv.parse_many(typed)
    except cpv.InvalidCpvCode:
        present = []  # a typo elsewhere in the field is the form's to point out when saving
    return typed if code in present else ", ".join(filter(None, (typed.rstrip(", "), cpv.display(code))))


def kroner_text(minor: int | None) -> str:
    """An amount in minor units as a form shows it for editing: kroner/kronor, decimals only when any."""
    return "" if minor is None else format_decimal(Decimal(minor) / 100, format="0.##")


def submitted_with_errors(form: HtmlForm, errors: dict) -> HtmlForm:
    """Put a service's field messages (a ``Refused``) next to the form's fields."""
    for field, messages in errors.items():
        form.fail(field if field in form.messages else FORM_ERROR, str(messages[0]))
    return form
