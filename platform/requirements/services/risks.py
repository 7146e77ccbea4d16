"""The risk assessment, recorded by the security and privacy roles (IT architecture, data protection officer)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import NotFound, Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.requirements.models import SECTION_STATUSES, Risk, RiskAssessment
from samverka.platform.requirements.services.team import access_team_procurement
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on

SCORES = range(1, 5)


def assessment_of(session: Session, procurement: JointProcurement) -> RiskAssessment | None:
    return session.scalar(select(RiskAssessment).where(RiskAssessment.procurement_id == procurement.id))


def risks_of(session: Session, procurement: JointProcurement) -> list[Risk]:
    """The highest risk (likelihood × consequence) first."""
    stmt = select(Risk).where(Risk.procurement_id == procurement.id)
    return sorted(session.scalars(stmt), key=lambda risk: (-risk.score, risk.id))


def _writable(session: Session, principal: Principal, procurement_id: int) -> JointProcurement:
    procurement = access_team_procurement(session, principal, procurement_id)
    require_on(principal, procurement, perm.PROCUREMENT_RISKS_WRITE)
    return procurement


def _region_of_record(principal: Principal, procurement: JointProcurement) -> int | None:
    return procurement.region_id if principal.holds(perm.REGION_READ, procurement.region_id) else None


def add_risk(
    session: Session, principal: Principal, procurement_id: int, *, description: str, likelihood, consequence, measure
) -> Risk:
    procurement = _writable(session, principal, procurement_id)
    errors = {}
    if not description.strip() or len(description) > 2000:
        errors["description"] = [_l("Describe the risk in 1 to 2,000 characters.")]
    for name, value in (("likelihood", likelihood), ("consequence", consequence)):
        if value not in SCORES:
            errors[name] = [_l("Choose a level from 1 (low) to 4 (very high).")]
    if len(measure) > 2000:
        errors["measure"] = [_l("Write at most 2,000 characters.")]
    if errors:
        raise Refused(errors)
    risk = Risk(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        description=description.strip(),
        likelihood=likelihood,
        consequence=consequence,
        measure=measure.strip(),
        created_by_id=principal.user_id,
    )
    session.add(risk)
    record(session, principal, "risk.add", risk, region_id=_region_of_record(principal, procurement))
    return risk


def remove_risk(session: Session, principal: Principal, procurement_id: int, risk_id: int) -> None:
    procurement = _writable(session, principal, procurement_id)
    risk = session.get(Risk, risk_id)
    if risk is None or risk.procurement_id != procurement.id:
        raise NotFound()
    record(session, principal, "risk.remove", risk, region_id=_region_of_record(principal, procurement))
    session.delete(risk)


def save_assessment(
    session: Session, principal: Principal, procurement_id: int, *, status: str, dpia_required: bool
) -> RiskAssessment:
    """The assessment's status; done only with at least one risk recorded."""
    procurement = _writable(session, principal, procurement_id)
    if status not in SECTION_STATUSES:
        raise Refused.field("status", _l("Choose not started, in progress or done."))
    if status == "done" and not risks_of(session, procurement):
        raise Refused.field("status", _l("Record at least one risk before marking the assessment done."))
    assessment = assessment_of(session, procurement) or RiskAssessment(
        procurement_id=procurement.id, region_id=procurement.region_id
    )
    assessment.status, assessment.dpia_required = status, dpia_required
    assessment.updated_by_id, assessment.updated_at = principal.user_id, utcnow()
    session.add(assessment)
    summary = {"status": status, "dpia_required": dpia_required}
    record(
        session,
        principal,
        "risk.assessment",
        assessment,
        region_id=_region_of_record(principal, procurement),
        summary=summary,
    )
    return assessment
