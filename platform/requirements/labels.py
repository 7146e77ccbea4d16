"""What the team's roles, statuses, aspects and kinds of requirement are called on the pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.procurements.gates import ROLE_LABELS as GATE_ROLE_LABELS
from samverka.tenants.roles import TEAM_ROLE_NAMES

# The team's roles by the names the gates use for them (procurements.gates).
ROLE_LABELS = {role: GATE_ROLE_LABELS[role] for role in TEAM_ROLE_NAMES}
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
