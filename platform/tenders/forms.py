"""The evaluation's HTML forms: rows of fields the page shows, turned into the API's shape for the schemas.

A form field per row (``name_0``, ``weight_0``; ``met_<requirement id>``, ``score_<criterion id>``), so that
each message sits next to the field it is about, and the same schemas as the API check the result.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.core.forms import HtmlForm
from samverka.platform.tenders.labels import CRITERIA_ROWS
from samverka.platform.tenders.models import AwardCriterion, MandatoryRequirement, Tender

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
