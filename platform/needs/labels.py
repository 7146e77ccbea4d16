"""Translated names for the codes the needs pages show: kinds, categories, statuses, levels, benefits."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from flask_babel import lazy_gettext as _l

from samverka.platform.needs.personal_data import DATA_CATEGORY_LABELS, DATA_SUBJECT_LABELS, SPECIAL_CATEGORIES

KIND_LABELS = {
    "new_solution": _l("New solution"),
    "replacement": _l("Replacement of a solution"),
    "major_upgrade": _l("Major upgrade"),
    "initiative": _l("Initiative, reported for information"),
}
# Seed 003, section 4.2.
CATEGORY_LABELS = {
    "software_licences": _l("Software and licences"),
    "business_systems": _l("Business systems"),
    "it_hardware": _l("IT hardware"),
    "welfare_technology": _l("Welfare technology"),
    "it_as_a_service": _l("IT as a service"),
    "it_consultants": _l("IT consultants"),
    "telecom": _l("Telecommunications"),
    "other_it": _l("Other IT"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "under_consideration": _l("Under consideration"),
    "joined": _l("Joined to a joint procurement"),
    "own_procurement": _l("Own procurement"),
    "withdrawn": _l("Withdrawn"),
    "reported": _l("Reported"),
    "closed": _l("Closed"),
}
# Seed 003, section 10.4.4.1: four areas and four consequence levels.
SECURITY_AREA_LABELS = {
    "confidentiality": _l("Confidentiality"),
    "integrity": _l("Integrity"),
    "availability": _l("Availability"),
    "traceability": _l("Traceability"),
}
LEVEL_LABELS = {
    "negligible": _l("No or negligible harm"),
    "moderate": _l("Moderate harm"),
    "significant": _l("Significant harm"),
    "severe": _l("Serious to catastrophic harm"),
}
BENEFIT_TYPE_LABELS = {
    "cost_saved": _l("Cost saved"),
    "cost_avoided": _l("Cost avoided"),
    "time_saved": _l("Time saved"),
    "quality": _l("Better quality"),
    "risk_reduced": _l("Risk reduced"),
}
LINE_FIELD_LABELS = {
    "description": _l("Benefit"),
    "benefit_type": _l("Type of benefit"),
    "indicator": _l("Indicator"),
    "unit": _l("Unit"),
    "baseline_value": _l("Baseline value"),
    "baseline_date": _l("Baseline date"),
    "target_value": _l("Target value"),
    "target_date": _l("Target date"),
    "owner": _l("Benefit owner"),
    "measurement": _l("How it is measured"),
}
# What the button for each step says.
TRANSITION_LABELS = {
    "consider": _l("Take under consideration"),
    "join": _l("Mark as joined to a joint procurement"),
    "own_procurement": _l("Procure on our own"),
    "withdraw": _l("Withdraw the need"),
    "close": _l("Close the initiative"),
}
# How each step reads in the history.
EVENT_LABELS = {
    "create": _l("Registered"),
    "update": _l("Changed"),
    "submit": _l("Submitted"),
    "report": _l("Reported"),
    "consider": _l("Taken under consideration"),
    "join": _l("Joined to a joint procurement"),
    "own_procurement": _l("Procured on its own"),
    "withdraw": _l("Withdrawn"),
    "close": _l("Closed"),
}


class Translated(Mapping):
    """Labels for one page, each translated when first shown and kept for the page: a list names the same few
    kinds, categories and statuses on every row, and each lazy label would otherwise be translated every time."""

    def __init__(self, labels: Mapping[str, object]) -> None:
        self._labels = labels
        self._texts: dict[str, str] = {}

    def __getitem__(self, code: str) -> str:
        text = self._texts.get(code)
        if text is None:
            text = self._texts[code] = str(self._labels[code])
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


def template_context() -> dict:
    """The labels for one page (a template context is built for each), in the page's language."""
    labels = {
        "kind_labels": KIND_LABELS,
        "category_labels": CATEGORY_LABELS,
        "status_labels": STATUS_LABELS,
        "security_area_labels": SECURITY_AREA_LABELS,
        "level_labels": LEVEL_LABELS,
        "benefit_type_labels": BENEFIT_TYPE_LABELS,
        "line_field_labels": LINE_FIELD_LABELS,
        "transition_labels": TRANSITION_LABELS,
        "event_labels": EVENT_LABELS,
        "data_category_labels": DATA_CATEGORY_LABELS,
        "data_subject_labels": DATA_SUBJECT_LABELS,
    }
    return {**{name: Translated(texts) for name, texts in labels.items()}, "special_categories": SPECIAL_CATEGORIES}
