"""Every participant's approval of the award: its chief executive approves, or withdraws the municipality.

A decision is made for one municipality where the person is chief executive (someone who is so in two
participants chooses); after the other checks it asks the step-up e-ID level. A withdrawal (with its
reason) removes the municipality's needs from the procurement, so it no longer takes part, and its share
of the cost falls to the others by the region's key; they are told their new share.

When every remaining participant has approved, the award is decided: the decision is recorded with the
standstill period's last day, and the procurement moves through ``award_decided`` to ``standstill``.
The decision and its count are one step the platform takes (a chief executive may neither write the
region's procurement nor read the other municipalities' needs), on the system's connection, with the
procurement's row locked: two chief executives approving at the same moment both count, in turn, and
the award is decided once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.awards import standstill
from samverka.platform.awards.models import APPROVE, WITHDRAW, AwardApproval, AwardDecision, AwardQualityCheck
from samverka.platform.awards.services import approved_check, participants
from samverka.platform.core.errors import Conflict, Forbidden, NotFound, Refused
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today, utcnow
from samverka.platform.procurements import running
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.services import access_procurement
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_step_up

APPROVAL = "approval"
WITHDRAWAL_MAIL_JOB = job("samverka.platform.awards.tasks.send_withdrawal_mail")
DECISION_MAIL_JOB = job("samverka.platform.awards.tasks.send_decision_mail")
NOT_IN_APPROVAL = _l("The award is not awaiting the participants' approval: it is at another stage.")
NOT_A_PARTICIPANT = _l("Only the chief executive of a participating municipality approves the award.")
CHOOSE_MUNICIPALITY = _l("You are chief executive of more than one participant: choose the municipality.")
REASON_REQUIRED = _l("Say why the municipality withdraws from the procurement.")


def deciding_tenants(session: Session, principal: Principal, procurement: JointProcurement) -> list[AwardApproval]:
    """The pending approvals the principal may give: their municipalities', where they are chief executive."""
    own = principal.ids(perm.TENANT_AWARD_APPROVE)
    check = approved_check(session, procurement)
    if not own or check is None or procurement.status != APPROVAL:
        return []
    stmt = select(AwardApproval).where(
        AwardApproval.procurement_id == procurement.id,
        AwardApproval.recommendation_id == check.recommendation_id,
        AwardApproval.tenant_id.in_(sorted(own)),
        AwardApproval.decision.is_(None),
    )
    return list(session.scalars(stmt.order_by(AwardApproval.tenant_name)))


def _tenant_for(session: Session, principal: Principal, procurement: JointProcurement, tenant_id: int | None) -> int:
    """The municipality decided for: the one named (another municipality's is a 404), or the only one held."""
    own = principal.ids(perm.TENANT_AWARD_APPROVE)
    if tenant_id is not None:
        if tenant_id not in own:
            raise NotFound()
        return tenant_id
    taking_part = {p.tenant_id for p in participants(session, procurement)} & own
    if len(taking_part) > 1:
        raise Refused.field("tenant_id", CHOOSE_MUNICIPALITY)
    if not taking_part:
        raise Forbidden(perm.TENANT_AWARD_APPROVE, NOT_A_PARTICIPANT)
    return next(iter(taking_part))


def decide(
    session: Session,
    principal: Principal,
    procurement_id: int,
    *,
    decision: str,
    reason: str = "",
    tenant_id: int | None = None,
    acr: str = "",
) -> AwardApproval:
    """Approve the award for one municipality, or withdraw it (``decision``: approved or withdrawn)."""
    procurement = access_procurement(session, principal, procurement_id)
    if not principal.ids(perm.TENANT_AWARD_APPROVE):
        raise Forbidden(perm.TENANT_AWARD_APPROVE, NOT_A_PARTICIPANT)
    chosen = _tenant_for(session, principal, procurement, tenant_id)
    if procurement.status != APPROVAL:
        raise Conflict("not_in_approval", NOT_IN_APPROVAL)
    reason = reason.strip()
    if decision == WITHDRAW and not reason:
        raise Refused.field("reason", REASON_REQUIRED)
    require_step_up(principal, perm.TENANT_AWARD_APPROVE)
    with acting_as(session, Principal.system("award: a participant's decision recorded and counted")):
        _lock(session, procurement)
        check = approved_check(session, procurement)
        approval = _pending(session, procurement, check, chosen)
        _record(session, principal, approval, decision, reason, acr)
        if decision == WITHDRAW:
            _withdraw(session, procurement, approval)
        _decide_when_all_approved(session, principal, procurement, check)
    return approval


def _record(session: Session, principal: Principal, approval: AwardApproval, decision: str, reason: str, acr: str):
    """The decision on the municipality's row, with who made it at which e-ID level, and its audit event."""
    approval.decision, approval.reason, approval.acr = decision, reason, acr
    approval.decided_by_id, approval.decided_at = principal.user_id, utcnow()
    approval.decided_by_name = running.actor_name(session, principal)
    session.flush()
    summary = {"procurement_id": approval.procurement_id, "decision": decision, "reason": reason, "acr": acr}
    record(
        session,
        principal,
        f"award.{decision}",
        approval,
        tenant_id=approval.tenant_id,
        region_id=approval.region_id,
        summary=summary,
    )


def _lock(session: Session, procurement: JointProcurement) -> None:
    """The procurement's row, locked until the decision commits, then its stage re-read."""
    session.scalar(
        select(JointProcurement)
        .where(JointProcurement.id == procurement.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if procurement.status != APPROVAL:
        raise Conflict("not_in_approval", NOT_IN_APPROVAL)


def _pending(
    session: Session, procurement: JointProcurement, check: AwardQualityCheck, tenant_id: int
) -> AwardApproval:
    approval = session.scalar(
        select(AwardApproval)
        .where(
            AwardApproval.procurement_id == procurement.id,
            AwardApproval.recommendation_id == check.recommendation_id,
            AwardApproval.tenant_id == tenant_id,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if approval is None:
        raise Forbidden(perm.TENANT_AWARD_APPROVE, NOT_A_PARTICIPANT)
    if approval.decision is not None:
        message = _l(
            "%(tenant)s has already decided on this award: its decision is in the list.", tenant=approval.tenant_name
        )
        raise Conflict("already_decided", message)
    return approval


def _withdraw(session: Session, procurement: JointProcurement, approval: AwardApproval) -> None:
    """The municipality's needs leave the procurement: it is no longer a participant; the others are told."""
    session.execute(
        delete(ProcurementNeed).where(
            ProcurementNeed.procurement_id == procurement.id, ProcurementNeed.tenant_id == approval.tenant_id
        )
    )
    session.expire(procurement, ["needs"])
    enqueue_after_commit(session, WITHDRAWAL_MAIL_JOB, approval.id)


def _decide_when_all_approved(
    session: Session, principal: Principal, procurement: JointProcurement, check: AwardQualityCheck
) -> None:
    remaining = participants(session, procurement)
    if not remaining:
        return  # every participant withdrew: nobody to award for, the coordinator cancels
    stmt = select(AwardApproval.tenant_id).where(
        AwardApproval.procurement_id == procurement.id,
        AwardApproval.recommendation_id == check.recommendation_id,
        AwardApproval.decision == APPROVE,
    )
    approved = set(session.scalars(stmt.execution_options(populate_existing=True)))
    if not {p.tenant_id for p in remaining} <= approved:
        return
    rule = standstill.for_countries({p.country for p in remaining})
    today = local_today(rule.country)
    decision = AwardDecision(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        recommendation_id=check.recommendation_id,
        decided_on=today,
        country=rule.country,
        standstill_days=rule.days,
        standstill_ends_on=standstill.last_day(today, rule.days),
    )
    session.add(decision)
    session.flush()
    running.move(session, principal, procurement, "award_decided")
    running.move(session, principal, procurement, "standstill", comment=rule.rule)
    summary = {
        "recommendation_id": check.recommendation_id,
        "standstill_ends_on": decision.standstill_ends_on.isoformat(),
    }
    record(session, principal, "award.decided", decision, region_id=decision.region_id, summary=summary)
    enqueue_after_commit(session, DECISION_MAIL_JOB, decision.id)
