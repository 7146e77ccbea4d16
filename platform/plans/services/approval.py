"""Council approval: the coordinator submits, each member's chief executive votes, the region's rule decides.

Rule 'all': approved when every member tenant approved, rejected at the first
rejection. Rule 'majority': approved when approvals are more than half the members,
rejected as soon as that can no longer happen. The decision is the platform's, taken
as the system when the deciding vote is counted (a chief executive may not write the
region's plan, only its own tenant's vote). An approved version supersedes the
previously approved version of the same year. A decided plan changes only through a
new version, which is submitted again.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.core.errors import Forbidden
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemParticipant, PlanVote
from samverka.platform.plans.services.action_plans import Refused, latest_version, require_editable
from samverka.platform.plans.services.shares import cost_key, recompute_plan
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_in, require_on
from samverka.tenants.models import RegionMembership, Tenant, User

# Asks each member's chief executive to vote, once the submission has committed.
COUNCIL_MAIL_JOB = job("samverka.platform.plans.tasks.send_council_mail")
VOTERS_ONLY = _l("Only the chief executive of a member municipality of the region can vote on its action plan.")
ALREADY_VOTED = _l("Your municipality has voted on this version of the plan: its vote is in the list on the plan.")
VOTES_CLOSED = {
    "draft": _l("Votes are closed: the plan has not been submitted for approval."),
    "approved": _l("Votes are closed: the plan is approved."),
    "rejected": _l("Votes are closed: the plan is rejected."),
    "superseded": _l("Votes are closed: this version has been replaced by a newer one."),
}
COPIED = (
    "title",
    "category",
    "priority",
    "start_quarter",
    "responsible",
    "one_off_cost_minor",
    "annual_cost_minor",
    "budget_source",
    "outside_plan",
    "procurement_id",
    "need_id",
)


def submit(session: Session, principal: Principal, plan: ActionPlan, *, comment: str = "") -> ActionPlan:
    require_on(principal, plan, perm.REGION_PLAN_WRITE)
    require_editable(plan)
    if not plan.items:
        raise Refused({"items": [_l("Add at least one item before submitting the plan.")]})
    recompute_plan(session, plan)  # the numbers the council votes on, frozen from now on
    plan.status, plan.submitted_at = "submitted", utcnow()
    session.flush()
    record(
        session,
        principal,
        "action_plan.submit",
        plan,
        region_id=plan.region_id,
        summary={"year": plan.year, "version": plan.version, "items": len(plan.items), "comment": comment},
    )
    enqueue_after_commit(session, COUNCIL_MAIL_JOB, plan.id)
    return plan


def _voting_tenants(session: Session, principal: Principal) -> dict[int, int]:
    """Region id -> the member tenant whose chief executive's vote the principal holds there (the lowest id).

    Read once per call for all regions, and not at all for someone who votes for no tenant.
    """
    voters = sorted(principal.ids(perm.TENANT_PLAN_VOTE))
    if not voters:
        return {}
    stmt = (
        select(RegionMembership.region_id, RegionMembership.tenant_id)
        .where(RegionMembership.tenant_id.in_(voters))
        .order_by(RegionMembership.tenant_id)
    )
    by_region: dict[int, int] = {}
    for region_id, tenant_id in session.execute(stmt):
        by_region.setdefault(region_id, tenant_id)
    return by_region


def voting_tenant_id(session: Session, principal: Principal, plan: ActionPlan) -> int | None:
    """The member tenant the principal votes for: one where it holds the chief executive's vote."""
    return _voting_tenants(session, principal).get(plan.region_id)


def may_still_vote(session: Session, principal: Principal, plan: ActionPlan) -> bool:
    """The plan is put to the vote and the principal's municipality has not voted on it yet."""
    if plan.status != "submitted":
        return False
    tenant_id = voting_tenant_id(session, principal, plan)
    return tenant_id is not None and not _has_voted(plan, tenant_id)


def _has_voted(plan: ActionPlan, tenant_id: int) -> bool:
    return any(v.tenant_id == tenant_id for v in plan.votes)


def vote(
    session: Session, principal: Principal, plan: ActionPlan, *, decision: str, comment: str, acr: str
) -> PlanVote:
    tenant_id = voting_tenant_id(session, principal, plan)
    if tenant_id is None:
        raise Forbidden(perm.TENANT_PLAN_VOTE, VOTERS_ONLY)
    require_in(principal, perm.TENANT_PLAN_VOTE, tenant_id)
    voter_name = session.get(User, principal.user_id).name
    # Counting reads every member and decides the region's plan, which a chief executive may neither
    # read nor write: the vote and its count are one step the platform takes, on the system's connection.
    with acting_as(session, Principal.system("action plan: a vote cast and counted")):
        _serialise_votes(session, plan)
        if plan.status != "submitted":
            raise Refused({"decision": [VOTES_CLOSED[plan.status]]})
        if _has_voted(plan, tenant_id):
            name = session.get(Tenant, tenant_id).name
            message = _l("%(tenant)s has already voted on this version of the plan.", tenant=name)
            raise Refused({"decision": [message]})
        cast = PlanVote(
            plan_id=plan.id,
            region_id=plan.region_id,
            tenant_id=tenant_id,
            user_id=principal.user_id,
            voter_name=voter_name,
            decision=decision,
            comment=comment,
            acr=acr,
        )
        session.add(cast)  # not through plan.votes: that would count as a change to the region's plan
        session.flush()
        session.expire(plan, ["votes"])
        record(
            session,
            principal,
            f"action_plan.vote.{decision}",
            cast,
            tenant_id=tenant_id,
            region_id=plan.region_id,
            summary={"plan_id": plan.id, "comment": comment, "acr": acr},
        )
        _count(session, principal, plan)
    return cast


def _serialise_votes(session: Session, plan: ActionPlan) -> None:
    """Count one vote on a plan at a time: the last two cast at once must not each miss the other's.

    The plan row is locked (on PostgreSQL) until the vote commits, then re-read.
    """
    session.execute(select(ActionPlan.id).where(ActionPlan.id == plan.id).with_for_update())
    session.refresh(plan)
    session.expire(plan, ["votes"])


def outcome(rule: str, members: int, approvals: int, rejections: int) -> str | None:
    """'approved', 'rejected', or None while the votes so far decide nothing."""
    if rule == "majority":
        if 2 * approvals > members:
            return "approved"
        return "rejected" if 2 * (members - rejections) <= members else None
    if rejections:
        return "rejected"
    return "approved" if approvals >= members else None


def _count(session: Session, principal: Principal, plan: ActionPlan) -> None:
    """As the system (see ``vote``): decide the plan once the votes so far say how it ends."""
    members = len(
        session.scalars(select(RegionMembership.tenant_id).where(RegionMembership.region_id == plan.region_id)).all()
    )
    approvals = sum(v.decision == "approve" for v in plan.votes)
    result = outcome(cost_key(session, plan.region_id).approval_rule, members, approvals, len(plan.votes) - approvals)
    if result is None:
        return
    if result == "approved":
        _supersede_earlier(session, plan)
    plan.status, plan.decided_at = result, utcnow()
    session.flush()
    record(
        session,
        principal,
        f"action_plan.{result}",
        plan,
        region_id=plan.region_id,
        summary={"year": plan.year, "version": plan.version, "members": members, "approvals": approvals},
    )


def _supersede_earlier(session: Session, plan: ActionPlan) -> None:
    earlier = session.scalars(
        select(ActionPlan).where(
            ActionPlan.region_id == plan.region_id,
            ActionPlan.year == plan.year,
            ActionPlan.id != plan.id,
            ActionPlan.status == "approved",
        )
    )
    for old in earlier:
        old.status = "superseded"


def new_version(session: Session, principal: Principal, plan: ActionPlan, *, comment: str = "") -> ActionPlan:
    """A draft copy (version + 1) of the latest submitted, approved or rejected version, to change and resubmit.

    A version still awaiting votes is withdrawn (superseded); an approved one stays in
    force until its successor is approved.
    """
    require_on(principal, plan, perm.REGION_PLAN_WRITE)
    latest = latest_version(session, plan.region_id, plan.year)
    if plan.is_draft or plan.status == "superseded" or latest.id != plan.id:
        raise Refused({"status": [_l("A new version is made from the latest submitted or decided version.")]})
    successor = ActionPlan(
        region_id=plan.region_id,
        year=plan.year,
        version=plan.version + 1,
        status="draft",
        currency=plan.currency,
        previous_version_id=plan.id,
        public=plan.public,  # the region chose to show partners this plan's amounts; a revision keeps that choice
    )
    session.add(successor)
    session.flush()
    for item in plan.items:
        copy = PlanItem(plan_id=successor.id, region_id=plan.region_id, **{f: getattr(item, f) for f in COPIED})
        copy.participants = [PlanItemParticipant(region_id=plan.region_id, tenant_id=t) for t in item.participant_ids]
        successor.items.append(copy)
    if plan.status == "submitted":
        plan.status = "superseded"
    session.flush()
    recompute_plan(session, successor)
    record(
        session,
        principal,
        "action_plan.new_version",
        successor,
        region_id=plan.region_id,
        summary={"year": plan.year, "version": successor.version, "previous_version_id": plan.id, "comment": comment},
    )
    return successor
