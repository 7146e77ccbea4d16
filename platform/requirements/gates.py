"""The gates into competition that the team's work decides (issue 11, item 5).

Each check has the ``GateCheck`` shape, ``(session, procurement) -> list[Missing]``, and is registered
for the target stage "competition" by the app factory. It runs in the session of whoever moves the
procurement (the region's purchaser or coordinator, who read the needs) and says, per role, exactly
what is missing; an empty list lets the procurement through.

``Missing`` has the same shape as the one in ``platform/procurements/gates.py`` (stages); it is defined
here because that module is written at the same time. Once both are merged, import that one instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from samverka.platform.procurements.models import JointProcurement
from samverka.platform.requirements.services.classification import classify
from samverka.platform.requirements.services.drawing import drawn_requirements, required_from_library
from samverka.platform.requirements.services.library import current_language, current_library
from samverka.platform.requirements.services.risks import assessment_of, risks_of
from samverka.platform.requirements.services.sections import section_status, sections_of
from samverka.tenants.roles import TeamRole

HIGH_CONFIDENTIALITY = 3


@dataclass(frozen=True)
class Missing:
    """What a role still has to do before the procurement may move on."""

    role: str
    text: str


_SECTION_NOT_DONE = {
    TeamRole.USER_REPRESENTATIVE: _l("The user representatives' section is not done."),
    TeamRole.IT_ARCHITECTURE: _l("The IT architecture section is not done."),
    TeamRole.DATA_PROTECTION_OFFICER: _l("The data protection officer's section is not done."),
}


def _sections_done(session: Session, procurement: JointProcurement, roles: tuple[TeamRole, ...]) -> list[Missing]:
    sections = sections_of(session, procurement)
    return [
        Missing(role.value, str(_SECTION_NOT_DONE[role])) for role in roles if section_status(sections[role]) != "done"
    ]


def team_sections_done(session: Session, procurement: JointProcurement) -> list[Missing]:
    """The user representatives and IT architecture have written their sections."""
    return _sections_done(session, procurement, (TeamRole.USER_REPRESENTATIVE, TeamRole.IT_ARCHITECTURE))


def security_requirements_drawn(session: Session, procurement: JointProcurement) -> list[Missing]:
    """Every requirement the classification asks for today is among the procurement's requirements."""
    if not any(row.kind == "security" for row in current_library(session, procurement.region_id)):
        return [Missing("purchaser", str(_l("The region's requirement library holds no security requirements.")))]
    held = {row.key for row in drawn_requirements(session, procurement)}
    return [
        Missing(
            "purchaser",
            str(_l("Requirement not drawn from the library: %(title)s.", title=row.title(current_language()))),
        )
        for row in required_from_library(session, procurement)
        if row.key not in held
    ]


def risk_assessment_done(session: Session, procurement: JointProcurement) -> list[Missing]:
    assessment = assessment_of(session, procurement)
    if assessment is not None and assessment.status == "done" and risks_of(session, procurement):
        return []
    return [Missing(TeamRole.IT_ARCHITECTURE.value, str(_l("The risk assessment is not done.")))]


def privacy_section_done(session: Session, procurement: JointProcurement) -> list[Missing]:
    """The data protection officer's section, when personal data is processed or confidentiality is 3 or 4."""
    classification = classify(session, procurement)
    if not classification.personal_data and classification.level("confidentiality") < HIGH_CONFIDENTIALITY:
        return []
    return _sections_done(session, procurement, (TeamRole.DATA_PROTECTION_OFFICER,))


# For the target stage "competition", in the order the page lists them.
COMPETITION_GATES = (team_sections_done, security_requirements_drawn, risk_assessment_done, privacy_section_done)


def missing_for_competition(session: Session, procurement: JointProcurement) -> list[Missing]:
    return [missing for gate in COMPETITION_GATES for missing in gate(session, procurement)]
