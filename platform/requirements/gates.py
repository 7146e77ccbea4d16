"""The gates into competition that the team's work decides (issue 11, item 5).

Each check has the ``GateCheck`` shape, ``(session, procurement) -> list[Missing]``, and answers for many
procurements at once too (``check.for_many(session, procurements) -> {id: [Missing]}``, a constant number of
queries, for the overview). It is registered
for the target stage "competition" by the app factory. It runs in the session of whoever moves the
procurement (the region's purchaser or coordinator, who read the needs) and says, per role, exactly
what is missing; an empty list lets the procurement through.

``Missing`` has the same shape as the one in ``platform/procurements/gates.py`` (stages); it is defined
here because that module is written at the same time. Once both are merged, import that one instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.procurements.gates import Missing
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.stages import COMPETITION
from samverka.platform.requirements.models import ProcurementRequirement, RequirementSection, Risk, RiskAssessment
from samverka.platform.requirements.services.classification import classify_many
from samverka.platform.requirements.services.drawing import applies
from samverka.platform.requirements.services.library import current_language, current_library
from samverka.tenants.roles import TeamRole

HIGH_CONFIDENTIALITY = 3


_SECTION_NOT_DONE = {
    TeamRole.USER_REPRESENTATIVE: _l("The user representatives' section is not done."),
    TeamRole.IT_ARCHITECTURE: _l("The IT architecture section is not done."),
    TeamRole.DATA_PROTECTION_OFFICER: _l("The data protection officer's section is not done."),
}
Procurements = Sequence[JointProcurement]
Answers = dict[int, list[Missing]]


def _gate(many: Callable[[Session, Procurements], Answers]):
    """The check for one procurement, with ``for_many`` answering for a page of them."""

    def check(session: Session, procurement: JointProcurement) -> list[Missing]:
        return many(session, [procurement])[procurement.id]

    check.for_many = many
    check.__name__, check.__doc__ = many.__name__, many.__doc__
    return check


def _sections_not_done(session: Session, procurements: Procurements, roles) -> Answers:
    ids = [p.id for p in procurements]
    stmt = select(RequirementSection.procurement_id, RequirementSection.role).where(
        RequirementSection.procurement_id.in_(ids), RequirementSection.status == "done"
    )
    done = {tuple(row) for row in session.execute(stmt)}
    return {
        p.id: [Missing(role.value, str(_SECTION_NOT_DONE[role])) for role in roles if (p.id, role.value) not in done]
        for p in procurements
    }


@_gate
def team_sections_done(session: Session, procurements: Procurements) -> Answers:
    """The user representatives and IT architecture have written their sections."""
    return _sections_not_done(session, procurements, (TeamRole.USER_REPRESENTATIVE, TeamRole.IT_ARCHITECTURE))


@_gate
def security_requirements_drawn(session: Session, procurements: Procurements) -> Answers:
    """Every requirement the classification asks for today is among the procurement's requirements."""
    ids = [p.id for p in procurements]
    libraries = {region_id: current_library(session, region_id) for region_id in {p.region_id for p in procurements}}
    drawn = set(
        session.execute(
            select(ProcurementRequirement.procurement_id, ProcurementRequirement.key).where(
                ProcurementRequirement.procurement_id.in_(ids)
            )
        )
    )
    classifications = classify_many(session, ids)
    answers = {}
    for p in procurements:
        library = libraries[p.region_id]
        if not any(row.kind == "security" for row in library):
            answers[p.id] = [
                Missing("purchaser", str(_l("The region's requirement library holds no security requirements.")))
            ]
            continue
        needed = [row for row in library if applies(row, classifications[p.id]) and (p.id, row.key) not in drawn]
        answers[p.id] = [
            Missing(
                "purchaser",
                str(_l("Requirement not drawn from the library: %(title)s.", title=row.title(current_language()))),
            )
            for row in needed
        ]
    return answers


@_gate
def risk_assessment_done(session: Session, procurements: Procurements) -> Answers:
    """The risk assessment is marked done and holds at least one risk."""
    ids = [p.id for p in procurements]
    done = set(
        session.scalars(
            select(RiskAssessment.procurement_id).where(
                RiskAssessment.procurement_id.in_(ids), RiskAssessment.status == "done"
            )
        )
    )
    with_risks = set(session.scalars(select(Risk.procurement_id).where(Risk.procurement_id.in_(ids)).distinct()))
    # Translated only when something is missing: a step outside a request (a job, the demo data) has no locale.
    missing = lambda: [Missing(TeamRole.IT_ARCHITECTURE.value, str(_l("The risk assessment is not done.")))]  # noqa: E731
    return {p.id: [] if p.id in done and p.id in with_risks else missing() for p in procurements}


@_gate
def privacy_section_done(session: Session, procurements: Procurements) -> Answers:
    """The data protection officer's section, when personal data is processed or confidentiality is 3 or 4."""
    classifications = classify_many(session, [p.id for p in procurements])
    concerned = [
        p
        for p in procurements
        if classifications[p.id].personal_data or classifications[p.id].level("confidentiality") >= HIGH_CONFIDENTIALITY
    ]
    answers = {p.id: [] for p in procurements}
    answers.update(_sections_not_done(session, concerned, (TeamRole.DATA_PROTECTION_OFFICER,)) if concerned else {})
    return answers


# For the target stage "competition", in the order the page lists them.
COMPETITION_GATES = (team_sections_done, security_requirements_drawn, risk_assessment_done, privacy_section_done)
CHECKS = {COMPETITION: COMPETITION_GATES}  # what the app factory registers with the procurement's stages


def missing_for_competition(session: Session, procurement: JointProcurement) -> list[Missing]:
    return [missing for gate in COMPETITION_GATES for missing in gate(session, procurement)]
