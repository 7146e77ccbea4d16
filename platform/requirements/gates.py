"""The gates into competition that the team's work decides (issue 11, item 5).

The four gates (the team's sections, the security requirements drawn, the risk assessment, the privacy
section) are one check of the ``GateCheck`` shape, ``(session, procurement) -> list[Missing]``, that answers
for many procurements at once too: a ``ColumnCheck``, its facts sub-selects of the gates' one statement, and
each region's library one query more for a page of them (the overview's). It is registered for the target
stage "competition" by the app factory. It runs in the session of whoever moves the procurement (the
region's purchaser or coordinator, who read the needs) and says, per role, exactly what is missing; an empty
list lets the procurement through.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.portable import listed
from samverka.platform.procurements.gates import Missing, decided
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.stages import COMPETITION
from samverka.platform.requirements.models import ProcurementRequirement, RequirementSection, Risk, RiskAssessment
from samverka.platform.requirements.services.classification import (
    OF_PROCUREMENT,
    UNCLASSIFIED,
    Classification,
    classification_in,
)
from samverka.platform.requirements.services.drawing import applies
from samverka.platform.requirements.services.library import current_language, current_library
from samverka.tenants.roles import TeamRole

HIGH_CONFIDENTIALITY = 3


_SECTION_NOT_DONE = {
    TeamRole.USER_REPRESENTATIVE: _l("The user representatives' section is not done."),
    TeamRole.IT_ARCHITECTURE: _l("The IT architecture section is not done."),
    TeamRole.DATA_PROTECTION_OFFICER: _l("The data protection officer's section is not done."),
}


@dataclass(frozen=True)
class TeamWork:
    """What the gates read of one procurement's team work."""

    done_roles: frozenset[str] = frozenset()  # the roles whose section is marked done
    drawn: frozenset[str] = frozenset()  # the keys of the requirements drawn into it
    risks_assessed: bool = False  # the risk assessment is marked done and holds at least one risk


def _team_work_columns() -> tuple:
    """The team's work (a sub-select per fact) and the classification's aggregates, as sub-selects of the
    gates' one statement over the procurements."""
    owner = JointProcurement.id
    roles = select(listed(RequirementSection.role)).where(
        RequirementSection.procurement_id == owner, RequirementSection.status == "done"
    )
    keys = select(listed(ProcurementRequirement.key)).where(ProcurementRequirement.procurement_id == owner)
    assessed = select(RiskAssessment.procurement_id).where(
        RiskAssessment.procurement_id == owner, RiskAssessment.status == "done"
    )
    has_risk = select(Risk.id).where(Risk.procurement_id == owner)
    return roles.scalar_subquery(), keys.scalar_subquery(), assessed.exists() & has_risk.exists(), OF_PROCUREMENT


def _read(values: tuple) -> tuple[TeamWork, Classification]:
    roles, keys, assessed, classified = values
    work = TeamWork(frozenset(roles or ()), frozenset(keys or ()), bool(assessed))
    return work, classification_in(classified) if classified is not None else UNCLASSIFIED


def _sections_not_done(work: TeamWork, roles) -> list[Missing]:
    return [Missing(role.value, str(_SECTION_NOT_DONE[role])) for role in roles if role.value not in work.done_roles]


def _security_requirements_drawn(library: list, work: TeamWork, classification: Classification) -> list[Missing]:
    """Every requirement the classification asks for today is among the procurement's requirements."""
    if not any(row.kind == "security" for row in library):
        return [Missing("purchaser", str(_l("The region's requirement library holds no security requirements.")))]
    needed = [row for row in library if applies(row, classification) and row.key not in work.drawn]
    return [
        Missing(
            "purchaser",
            str(_l("Requirement not drawn from the library: %(title)s.", title=row.title(current_language()))),
        )
        for row in needed
    ]


def _risk_assessment_done(work: TeamWork) -> list[Missing]:
    # Translated only when something is missing: a step outside a request (a job, the demo data) has no locale.
    done = work.risks_assessed
    return [] if done else [Missing(TeamRole.IT_ARCHITECTURE.value, str(_l("The risk assessment is not done.")))]


def _privacy_section_done(work: TeamWork, classification: Classification) -> list[Missing]:
    """The data protection officer's section, when personal data is processed or confidentiality is 3 or 4."""
    if classification.personal_data or classification.level("confidentiality") >= HIGH_CONFIDENTIALITY:
        return _sections_not_done(work, (TeamRole.DATA_PROTECTION_OFFICER,))
    return []


def _competition_decided(
    session: Session, procurements: Sequence[JointProcurement], values: Mapping[int, tuple]
) -> dict[int, list[Missing]]:
    """The user representatives' and IT architecture's sections, the security requirements, the risk
    assessment and the privacy section, in this order: from the team's work and the classification read with
    the other gates' facts, and each region's library read once for all."""
    libraries = {region_id: current_library(session, region_id) for region_id in {p.region_id for p in procurements}}
    answers = {}
    for p in procurements:
        done, classification = _read(values[p.id])
        answers[p.id] = [
            *_sections_not_done(done, (TeamRole.USER_REPRESENTATIVE, TeamRole.IT_ARCHITECTURE)),
            *_security_requirements_drawn(libraries[p.region_id], done, classification),
            *_risk_assessment_done(done),
            *_privacy_section_done(done, classification),
        ]
    return answers


def competition_gates(session: Session, procurement: JointProcurement) -> list[Missing]:
    return decided(session, competition_gates, [procurement])[procurement.id]


# A column check (``procurements.gates.ColumnCheck``): its facts are read with the other gates' in one statement.
competition_gates.columns = _team_work_columns()
competition_gates.decide = _competition_decided
COMPETITION_GATES = (competition_gates,)
CHECKS = {COMPETITION: COMPETITION_GATES}  # what the app factory registers with the procurement's stages


def missing_for_competition(session: Session, procurement: JointProcurement) -> list[Missing]:
    return competition_gates(session, procurement)
