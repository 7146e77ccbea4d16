"""What a contract must say, checked the same way for the API, the forms and each line of a CSV file.

``check_contract`` takes typed values (dates, integers, booleans) and returns them
cleaned, or raises ``Refused`` naming each field and the value that is wrong.
``parse_text`` first turns typed text (a form, a CSV line) into those values.
Messages are lazy: a job or a request renders them in its own language.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from stdnum.exceptions import ValidationError as StdnumError

from samverka.platform.contracts.models import DPA_STATUSES, KRALJIC_CLASSES, SUPPLIER_COUNTRIES
from samverka.platform.core.catalogue import CATEGORIES
from samverka.platform.core.money import MAX_AMOUNT_MINOR, KronerField
from samverka.platform.core.schemas import ORGNR_VALIDATORS, line_problem
from samverka.platform.core.time import parse_typed_date
from samverka.platform.cpv import services as cpv
from samverka.platform.needs.services.access import Refused

TEXT_FIELDS = {"title": 200, "supplier_name": 200, "extension_options": 200}
_ORGNR_MESSAGES = {
    "NO": _l("%(value)s is not a valid Norwegian organisation number."),
    "SE": _l("%(value)s is not a valid Swedish organisation number."),
}
_KRONER = KronerField()  # the needs form's reading of an amount
YES = {"yes", "ja", "y", "true", "1"}
NO = {"no", "nei", "nej", "n", "false", "0", ""}


def _choice(errors: dict, values: dict, name: str, choices) -> None:
    if values.get(name) not in choices:
        errors[name] = [
            _l(
                "%(value)s is not allowed here; use one of: %(choices)s.",
                value=values.get(name) or "—",
                choices=", ".join(choices),
            )
        ]


def _texts(errors: dict, values: dict) -> None:
    for name, limit in TEXT_FIELDS.items():
        text = (values.get(name) or "").strip()
        values[name] = text
        required = name != "extension_options"
        problem = line_problem(text)
        if problem is not None:
            errors[name] = [problem]
        elif (required and len(text) < 2) or len(text) > limit:
            errors[name] = [
                _l("Enter 2 to %(limit)s characters.", limit=limit)
                if required
                else _l("Enter at most %(limit)s characters.", limit=limit)
            ]


def _supplier(errors: dict, values: dict) -> None:
    country = values.get("supplier_country")
    if country not in SUPPLIER_COUNTRIES:
        _choice(errors, values, "supplier_country", SUPPLIER_COUNTRIES)
        return
    typed = str(values.get("supplier_organisation_number") or "")
    module = ORGNR_VALIDATORS[country]
    try:
        values["supplier_organisation_number"] = module.compact(module.validate(typed))
    except StdnumError:
        errors["supplier_organisation_number"] = [_ORGNR_MESSAGES[country] % {"value": typed or "—"}]


def _dates(errors: dict, values: dict) -> None:
    starts, ends, extendable = values.get("starts_on"), values.get("ends_on"), values.get("extendable_to")
    for name in ("starts_on", "ends_on"):
        if not isinstance(values.get(name), date) and name not in errors:
            errors[name] = [_l("Enter a date, e.g. 2027-06-30.")]
    if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
        errors["ends_on"] = [
            _l(
                "The end date %(end)s is before the start date %(start)s.",
                end=ends.isoformat(),
                start=starts.isoformat(),
            )
        ]
    if isinstance(ends, date) and isinstance(extendable, date) and extendable < ends:
        errors["extendable_to"] = [
            _l(
                "The extension date %(extension)s is before the end date %(end)s.",
                extension=extendable.isoformat(),
                end=ends.isoformat(),
            )
        ]


def _personal_data(errors: dict, values: dict) -> None:
    personal = bool(values.get("processes_personal_data"))
    status = values.get("dpa_status") or ("not_required" if not personal else None)
    values["processes_personal_data"], values["dpa_status"] = personal, status
    if status is not None and status not in DPA_STATUSES:
        _choice(errors, values, "dpa_status", DPA_STATUSES)
    elif personal and status in (None, "not_required"):
        errors["dpa_status"] = [
            _l(
                "Personal data is processed: give the status of the data processing "
                "agreement (missing, in_progress or signed)."
            )
        ]
    elif not personal and status != "not_required":
        errors["dpa_status"] = [
            _l("No personal data is processed, so no data processing agreement is required: use not_required.")
        ]


def _codes(errors: dict, values: dict) -> None:
    codes = []
    for typed in values.get("cpv_codes") or []:
        try:
            codes.append(cpv.parse(typed))
        except cpv.InvalidCpvCode:
            errors["cpv_codes"] = [_l("%(value)s is not a CPV 2008 code.", value=typed)]
            return
    values["cpv_codes"] = list(dict.fromkeys(codes))


def _documents(errors: dict, values: dict) -> None:
    for document in values.get("documents") or []:
        url = document.get("url") or ""
        if not re.match(r"^https?://[^\s/]+\.[^\s]+$", url) or len(url) > 2000:
            errors["documents"] = [
                _l("%(value)s is not a web address starting with https:// or http://.", value=url or "—")
            ]
            return
        document["title"] = (document.get("title") or url)[:200]


def check_contract(values: dict) -> dict:
    """The values cleaned, or ``Refused`` with a message per wrong field. ``values`` is changed."""
    errors: dict[str, list] = dict(values.pop("_errors", {}))
    _texts(errors, values)
    _supplier(errors, values)
    _choice(errors, values, "category", CATEGORIES)
    _choice(errors, values, "kraljic", KRALJIC_CLASSES)
    _dates(errors, values)
    _personal_data(errors, values)
    _codes(errors, values)
    _documents(errors, values)
    value = values.get("annual_value_minor")
    if value is not None and (not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT_MINOR):
        errors.setdefault("annual_value_minor", [_l("Enter an amount of 0 or more.")])
    if errors:
        raise Refused(errors)
    return values


# A text column (CSV, form) -> the field it fills, where the names differ.
TEXT_TO_FIELD = {
    "annual_value": "annual_value_minor",
    "personal_data": "processes_personal_data",
    "document_url": "documents",
}
FIELD_TO_TEXT = {field: column for column, field in TEXT_TO_FIELD.items()}
COLUMNS = (
    "title",
    "supplier_name",
    "supplier_organisation_number",
    "supplier_country",
    "category",
    "cpv_codes",
    "starts_on",
    "ends_on",
    "extension_options",
    "extendable_to",
    "annual_value",
    "kraljic",
    "personal_data",
    "dpa_status",
    "document_url",
)
REQUIRED_COLUMNS = (
    "title",
    "supplier_name",
    "supplier_organisation_number",
    "supplier_country",
    "category",
    "starts_on",
    "ends_on",
    "kraljic",
)


def _amount(text: str) -> int:
    """Minor units of an amount typed as on every form: "1 250 000,50"."""
    try:
        return _KRONER.deserialize(text)
    except ValidationError:
        raise ValueError(text) from None


def _bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in YES | NO:
        raise ValueError(text)
    return lowered in YES


def _date(text: str) -> date:
    """A date as registers and forms write it: 2027-06-30, 30.06.2027 or 30/06/2027 (``core.time``)."""
    found = parse_typed_date(text)
    if found is None:
        raise ValueError(text)
    return found


def parse_text(row: dict[str, str]) -> dict:
    """Typed values from text as people write it: ISO dates, "1 250 000,50", ja/nei/nej/yes/no.

    Text that cannot be read is reported under ``_errors`` for ``check_contract``.
    """
    text = {name: (row.get(name) or "").strip() for name in COLUMNS}
    values = {
        name: text[name] for name in ("title", "supplier_name", "supplier_organisation_number", "extension_options")
    }
    values["supplier_country"] = text["supplier_country"].upper()
    values["category"], values["kraljic"] = text["category"], text["kraljic"]
    values["dpa_status"] = text["dpa_status"] or None
    values["cpv_codes"] = text["cpv_codes"].replace(",", " ").split()
    values["documents"] = [{"title": "", "url": text["document_url"]}] if text["document_url"] else []
    errors = {}
    not_a_date = _l("%(value)s is not a date; write it as 30.06.2027 or 2027-06-30.")
    readers = (
        ("starts_on", _date, "starts_on", not_a_date),
        ("ends_on", _date, "ends_on", not_a_date),
        ("extendable_to", _date, "extendable_to", not_a_date),
        (
            "annual_value",
            _amount,
            "annual_value_minor",
            _l("%(value)s is not an amount; write it as 1250000 or 1 250 000,50."),
        ),
        ("personal_data", _bool, "processes_personal_data", _l("%(value)s is not yes or no.")),
    )
    for column, read, field, message in readers:
        values[field] = None
        if text[column] or column == "personal_data":
            try:
                values[field] = read(text[column])
            except ValueError:
                errors[field] = [message % {"value": text[column]}]
    values["_errors"] = errors
    return values
