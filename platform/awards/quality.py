"""The coordinator's quality check of the purchaser's award recommendation.

Approved: the procurement moves to ``approval`` and every participating municipality is asked (one
pending approval each, for the recommendation checked, with the estimated value its share is cut
from); their chief executives are e-mailed. Returned: back to ``evaluation`` with the comment (it is
required: the purchaser must know what to fix), and the purchaser is e-mailed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.awards.models import AwardApproval, AwardQualityCheck
from samverka.platform.awards.services import participants
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements import running
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.stages import EVALUATION
from samverka.platform.procurements.value import procurement_value
from samverka.platform.tenders.recommendation import latest_recommendation
from samverka.tenants import permissions as perm

QUALITY_CHECK, APPROVAL = "quality_check", "approval"
CHECK_MAIL_JOB = job("samverka.platform.awards.tasks.send_quality_check_mail")
NO_RECOMMENDATION = _l("There is no award recommendation to check: the purchaser drafts it from the ranking.")
COMMENT_REQUIRED = _l("Say what the purchaser must look at again: a returned recommendation needs a comment.")
NO_PARTICIPANTS = _l("No municipality takes part in the procurement any longer: there is nobody to approve the award.")


def quality_check(
    session: Session, principal: Principal, procurement_id: int, *, outcome: str, comment: str = ""
) -> AwardQualityCheck:
    procurement = running.locked(
        session, principal, procurement_id, QUALITY_CHECK, permission=perm.REGION_AWARD_QUALITY_CHECK
    )
    recommendation = latest_recommendation(session, procurement)
    if recommendation is None:
        raise Refused.field("outcome", NO_RECOMMENDATION)
    comment = comment.strip()
    if outcome == "returned" and not comment:
        raise Refused.field("comment", COMMENT_REQUIRED)
    check = AwardQualityCheck(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        recommendation_id=recommendation.id,
        outcome=outcome,
        comment=comment,
        checked_by_id=principal.user_id,
        checked_by_name=running.actor_name(session, principal),
    )
    if outcome == "approved":
        _ask_participants(session, principal, procurement, check)
    session.add(check)
    session.flush()
    running.move(session, principal, procurement, APPROVAL if outcome == "approved" else EVALUATION, comment=comment)
    summary = {"recommendation_id": recommendation.id, "outcome": outcome, "comment": comment}
    record(session, principal, f"award.quality_check.{outcome}", check, region_id=check.region_id, summary=summary)
    enqueue_after_commit(session, CHECK_MAIL_JOB, check.id)
    return check


def _ask_participants(
    session: Session, principal: Principal, procurement: JointProcurement, check: AwardQualityCheck
) -> None:
    """One pending approval per participating municipality; the value their shares are cut from, frozen."""
    asked = participants(session, procurement)
    if not asked:
        raise Refused.field("outcome", NO_PARTICIPANTS)
    value = procurement_value(session, principal, procurement)
    check.estimated_value_minor, check.currency = value.total_minor, value.currency
    session.add_all(
        AwardApproval(
            procurement_id=procurement.id,
            region_id=procurement.region_id,
            recommendation_id=check.recommendation_id,
            tenant_id=p.tenant_id,
            tenant_name=p.name,
        )
        for p in asked
    )
