"""What the team's roles, statuses, aspects and kinds of requirement are called on the pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "user_representative": _l("User representative"),
    "it_architecture": _l("IT architecture"),
    "archive": _l("Archive"),
    "data_protection_officer": _l("Data protection officer"),
    "purchaser": _l("Purchaser"),
    "union_representative": _l("Union representative"),
}
SECTION_STATUS_LABELS = {"not_started": _l("Not started"), "in_progress": _l("In progress"), "done": _l("Done")}
# A section under way shows as "running" does (info); not started as neutral; done as success.
SECTION_STATUS_TAGS = {"not_started": "not_started", "in_progress": "running", "done": "done"}
ASPECT_LABELS = {
    "confidentiality": _l("Confidentiality"),
    "integrity": _l("Integrity"),
    "availability": _l("Availability"),
    "traceability": _l("Traceability"),
}
KIND_LABELS = {
    "security": _l("Information security"),
    "accessibility": _l("Accessibility"),
    "exit": _l("Exit strategy"),
    "crisis": _l("Crisis preparedness"),
}
SCORE_LABELS = {1: _l("1 – low"), 2: _l("2 – moderate"), 3: _l("3 – high"), 4: _l("4 – very high")}
