"""The contract form: what to enter in each field, and how its text becomes the service's values.

The form's fields are the CSV columns (see README, "Contract register CSV"), read
by the same ``parse_text``; documents are one per line, "title URL" or just the URL.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from samverka.platform.contracts.models import Contract
from samverka.platform.contracts.validation import FIELD_TO_TEXT, parse_text
from samverka.platform.core.forms import HtmlForm
from samverka.platform.core.money import kroner_text
from samverka.platform.core.time import typed_date_text
from samverka.platform.cpv import services as cpv

CONTRACT_FORM = {
    "title": _l("Enter a title, 2 to 200 characters."),
    "supplier_name": _l("Enter the supplier's name, 2 to 200 characters."),
    "supplier_organisation_number": _l("Enter the supplier's organisation number, valid for its country."),
    "supplier_country": _l("Choose Norway or Sweden."),
    "category": _l("Choose a category."),
    "cpv_codes": _l("Enter codes from the CPV list, e.g. 48443000-5, separated by spaces or commas."),
    "starts_on": _l("Enter the start date, e.g. 01.01.2022."),
    "ends_on": _l("Enter the end date, on or after the start date, e.g. 31.12.2026."),
    "extension_options": _l("Enter at most 200 characters, e.g. 1+1 years, or leave it empty."),
    "extendable_to": _l("Enter the last date the contract can be extended to, or leave it empty."),
    "annual_value": _l("Enter an amount of 0 or more with at most two decimals, e.g. 1 250 000."),
    "kraljic": _l("Choose a Kraljic class."),
    "personal_data": _l("Tick the box if the supplier processes personal data."),
    "dpa_status": _l("Choose the status of the data processing agreement."),
    "documents": _l("Enter one link per line, starting with https:// or http://."),
    "participant_ids": _l("Choose only member municipalities of the region."),
}
FORM_FIELDS = {**FIELD_TO_TEXT, "documents": "documents"}  # the form has a list of documents, not one URL


def form_values(form: HtmlForm) -> dict:
    """The service's values from the submitted text; unreadable text is left for the service to report."""
    row = {name: form.value(name) for name in CONTRACT_FORM if name not in ("documents", "participant_ids")}
    row["personal_data"] = "yes" if form.value("personal_data") else "no"
    values = parse_text(row)
    values["documents"] = [_document(line) for line in form.value("documents").splitlines() if line.strip()]
    values["participant_ids"] = [int(v) for v in form.chosen("participant_ids") if v.isdigit()]
    return values


def _document(line: str) -> dict:
    title, _space, url = line.strip().rpartition(" ")
    return {"title": title.strip(), "url": url}


def contract_form_values(contract: Contract) -> dict:
    values = {name: getattr(contract, name) for name in CONTRACT_FORM if hasattr(contract, name)}
    locale = str(get_locale())
    values.update(
        {name: typed_date_text(getattr(contract, name), locale) for name in ("starts_on", "ends_on", "extendable_to")},
        cpv_codes=" ".join(cpv.display(code) for code in contract.cpv_codes),
        annual_value=kroner_text(contract.annual_value_minor),
        personal_data="yes" if contract.processes_personal_data else "",
        documents="\n".join(f"{d.title} {d.url}" if d.title != d.url else d.url for d in contract.documents),
        participant_ids=[str(t) for t in contract.participant_tenant_ids],
    )
    return {name: "" if value is None else value for name, value in values.items()}
