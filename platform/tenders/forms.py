"""The evaluation's HTML forms: rows of fields the page shows, turned into the API's shape for the schemas.

A form field per row (``name_0``, ``weight_0``; ``met_<requirement id>``, ``score_<criterion id>``), so that
each message sits next to the field it is about, and the same schemas as the API check the result.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.core.forms import HtmlForm
from samverka.platform.tenders.labels import CRITERIA_ROWS, SUB_PROCESSOR_ROWS
from samverka.platform.tenders.models import AwardCriterion, MandatoryRequirement, Tender
from samverka.platform.tenders.schemas import SubProcessorSchema

TENDER_FORM = {
    "supplier_name": _l("Enter the supplier's name, 2 to 200 characters."),
    "supplier_country": _l("Choose the supplier's country."),
    "supplier_orgnr": _l("Enter a valid organisation number for the supplier's country, e.g. 974760673."),
    "received_on": _l("Enter the date the tender was received, e.g. 2027-03-01."),
    **{f"sub_name_{i}": _l("Enter the sub-processor's name, 2 to 200 characters.") for i in range(SUB_PROCESSOR_ROWS)},
    **{f"sub_country_{i}": _l("Choose the country the sub-processor works from.") for i in range(SUB_PROCESSOR_ROWS)},
    **{f"sub_service_{i}": _l("Describe the service in at most 500 characters.") for i in range(SUB_PROCESSOR_ROWS)},
    "third_country_transfers": _l("Describe the transfers in at most 4,000 characters."),
}
# A sub-processor row's form fields, by the schema's field they carry.
_SUB_FIELDS = {"name": "sub_name_{}", "country": "sub_country_{}", "service": "sub_service_{}"}
CRITERIA_FORM = {
    "criteria": _l("Give each criterion a name (2 to 200 characters) and a weight from 1 to 100 per cent."),
    **{f"name_{i}": _l("Enter the criterion's name, 2 to 200 characters.") for i in range(CRITERIA_ROWS)},
    **{f"weight_{i}": _l("Enter a weight from 1 to 100.") for i in range(CRITERIA_ROWS)},
}
REQUIREMENTS_FORM = {
    "requirements": _l("Write one requirement per line, each 2 to 2000 characters."),
}
MET_CHOICE = _l("Choose yes or no.")
SCORE = _l("Enter a score from 0 to 10.")
COMMENT = _l("Write at most 2000 characters.")


def criteria_form(criteria: list[AwardCriterion]) -> HtmlForm:
    values = {}
    for i, criterion in enumerate(criteria[:CRITERIA_ROWS]):
        values[f"name_{i}"], values[f"weight_{i}"] = criterion.name, str(criterion.weight)
    return HtmlForm(CRITERIA_FORM, values)


def criteria_payload(form: HtmlForm) -> dict:
    """The rows filled in (either field typed), in order; an empty row is no criterion."""
    rows = []
    for i in range(CRITERIA_ROWS):
        name, weight = form.value(f"name_{i}"), form.value(f"weight_{i}")
        if name or weight:
            rows.append({"name": name, "weight": weight})
    return {"criteria": rows}


def tender_payload(form: HtmlForm) -> dict:
    """The tender as the API takes it: the rows of sub-processors filled in, in order; a blank row is none.

    Each row is checked here, so that a message sits beside the field of its row (the schema checks them again).
    """
    payload = {name: form.value(name) for name in form.messages if not name.startswith("sub_")}
    payload["sub_processors"] = []
    for i in range(SUB_PROCESSOR_ROWS):
        row = {field: form.value(name.format(i)) for field, name in _SUB_FIELDS.items()}
        if not any(row.values()):
            continue
        for field in SubProcessorSchema().validate(row):
            form.fail(_SUB_FIELDS[field].format(i), form.messages[_SUB_FIELDS[field].format(i)])
        payload["sub_processors"].append(row)
    return payload


def requirements_form(requirements: list[MandatoryRequirement]) -> HtmlForm:
    return HtmlForm(REQUIREMENTS_FORM, {"requirements": "\n".join(r.text for r in requirements)})


def requirements_payload(form: HtmlForm) -> dict:
    lines = [line.strip() for line in form.value("requirements").splitlines()]
    return {"requirements": [{"text": line} for line in lines if line]}


def evaluation_messages(requirements: list[MandatoryRequirement], criteria: list[AwardCriterion]) -> dict:
    messages = {}
    for requirement in requirements:
        messages[f"met_{requirement.id}"] = MET_CHOICE
        messages[f"comment_{requirement.id}"] = COMMENT
    for criterion in criteria:
        messages[f"score_{criterion.id}"] = SCORE
    return messages


def evaluation_form(
    tender: Tender, requirements: list[MandatoryRequirement], criteria: list[AwardCriterion]
) -> HtmlForm:
    values = {}
    for answer in tender.answers:
        values[f"met_{answer.requirement_id}"] = "yes" if answer.met else "no"
        values[f"comment_{answer.requirement_id}"] = answer.comment
    for score in tender.scores:
        values[f"score_{score.criterion_id}"] = str(score.score)
    return HtmlForm(evaluation_messages(requirements, criteria), values)


def evaluation_payload(
    form: HtmlForm, requirements: list[MandatoryRequirement], criteria: list[AwardCriterion]
) -> dict:
    """What was answered so far: an evaluation may be recorded in steps; a field left empty is not sent."""
    answers, scores = [], []
    for requirement in requirements:
        met = form.value(f"met_{requirement.id}")
        if met in ("yes", "no"):
            comment = form.value(f"comment_{requirement.id}")
            answers.append({"requirement_id": requirement.id, "met": met == "yes", "comment": comment})
        elif met:
            form.fail(f"met_{requirement.id}", MET_CHOICE)
    for criterion in criteria:
        if typed := form.value(f"score_{criterion.id}"):
            scores.append({"criterion_id": criterion.id, "score": typed})
    return {"answers": answers, "scores": scores}
