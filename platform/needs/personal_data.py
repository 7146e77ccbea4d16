"""What a need says about the personal data its solution will process: the data processing agreement's facts.

GDPR art. 28(3) asks the agreement to name the subject matter and purpose of the processing, the type of
personal data and the categories of data subjects; the needs give them, each municipality for its own use,
and the region's agreement gathers them. The codes are stored; their names are translated when shown.
``SPECIAL_CATEGORIES`` are art. 9's and art. 10's, which a data protection officer looks for first.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

DATA_CATEGORY_LABELS = {
    "identification": _l("Identification (name, national identity number)"),
    "contact": _l("Contact details"),
    "case_records": _l("Case records and correspondence"),
    "financial": _l("Financial information"),
    "employment": _l("Employment and HR information"),
    "education": _l("Education and school records"),
    "location": _l("Location data"),
    "usage_logs": _l("Logs of use"),
    "health": _l("Health information (special category)"),
    "social_services": _l("Social services and child welfare information (special category)"),
    "criminal": _l("Criminal convictions and offences"),
}
DATA_CATEGORIES = tuple(DATA_CATEGORY_LABELS)
SPECIAL_CATEGORIES = frozenset({"health", "social_services", "criminal"})

DATA_SUBJECT_LABELS = {
    "residents": _l("Residents"),
    "employees": _l("Employees"),
    "pupils": _l("Pupils"),
    "children": _l("Children"),
    "care_recipients": _l("Recipients of health and care services"),
    "clients": _l("Clients of social services"),
    "elected_officials": _l("Elected officials"),
    "supplier_contacts": _l("Suppliers' contact persons"),
}
DATA_SUBJECTS = tuple(DATA_SUBJECT_LABELS)

# What a need that processes personal data must say before it is submitted; a draft may still lack them.
ANSWERS = ("personal_data_purpose", "personal_data_categories", "data_subjects")
MISSING_ANSWERS = _l(
    "The need processes personal data: give the purpose of the processing, at least one category of personal "
    "data and at least one group of data subjects before it is submitted."
)


def missing_answers(processes_personal_data: bool, answers: Mapping) -> list[str]:
    """The answers still missing (none when no personal data is processed), in the form's order."""
    if not processes_personal_data:
        return []
    return [name for name in ANSWERS if not answers.get(name)]


def without_answers(fields: dict) -> dict:
    """A need that processes no personal data keeps no answers about it (they were typed before unticking)."""
    if fields.get("processes_personal_data", True):
        return fields
    return {**fields, "personal_data_purpose": "", "personal_data_categories": [], "data_subjects": []}
