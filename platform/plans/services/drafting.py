"""Drafting next year's plan from what the region already knows.

Candidates: the region's joint procurements (costs: the sum of their needs'
estimates; participants: the tenants of their needs and those that joined),
re-procurement needs falling due (from the contract register's lead-time job), and
initiatives reported to the region. Anything already in an approved plan of an
earlier year is left out. The draft job is idempotent: it creates version 1 when
the year has no plan, otherwise adds only new candidates to the current draft, and
never touches a submitted or decided version (the unique constraints back this up).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.contracts.services.reprocurement_needs import due_reprocurement_need_ids
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.lifecycle import REPORTED
from samverka.platform.needs.models import Need, NeedSubmission
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemParticipant
from samverka.platform.plans.services.action_plans import latest_version
from samverka.platform.plans.services.shares import cost_key, populations_of, split_shares
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region
from samverka.tenants.services.directory import access_region

DRAFT_JOB = job("samverka.platform.plans.tasks.draft_plan")
DECIDED = ("approved", "superseded")


@dataclass(frozen=True)
class Candidate:
    title: str
    category: str
    one_off_cost_minor: int
    annual_cost_minor: int
    participant_ids: tuple[int, ...]
    start_quarter: str
    procurement_id: int | None = None
    need_id: int | None = None


@dataclass(frozen=True)
class Drafted:
    """What drafting did: the year's current version (None: the region is gone), made now or not, items added."""

    plan: ActionPlan | None
    created: bool = False
    added: int = 0


def request_draft(session: Session, principal: Principal, region_id: int, year: int) -> None:
    """The API's draft request: the job runs after this transaction commits."""
    region = access_region(session, principal, region_id, perm.REGION_PLAN_WRITE)
    record(session, principal, "action_plan.draft_requested", region, region_id=region.id, summary={"year": year})
    enqueue_after_commit(session, DRAFT_JOB, region.id, year)


def draft_now(session: Session, principal: Principal, region_id: int, year: int) -> Drafted:
    """The coordinator's "Draft plan for <year>" on the page: done in the request, so the page can say what it did.

    The candidates are other tenants' needs and registers, which the coordinator may not read
    one by one: as the job does, the platform drafts, once the coordinator may write the region's plans.
    Both audit events are written on the system's connection: one recorded on the coordinator's would hold
    the audit chain's head, and the system's connection would wait for it until the request ended, forever.
    """
    region = access_region(session, principal, region_id, perm.REGION_PLAN_WRITE)
    with acting_as(session, Principal.system("action plan: drafted on the coordinator's request")):
        record(session, principal, "action_plan.draft_requested", region, region_id=region.id, summary={"year": year})
        return draft(session, principal, region.id, year)


def draft(session: Session, principal: Principal, region_id: int, year: int) -> Drafted:
    """Create or refresh the draft for ``year`` (as the system)."""
    region = session.get(Region, region_id)
    if region is None:
        return Drafted(None)
    plan = latest_version(session, region_id, year)
    created = plan is None
    if created:
        plan = ActionPlan(region_id=region_id, year=year, version=1, status="draft", currency=region.currency)
        session.add(plan)
        session.flush()
        record(session, principal, "action_plan.create", plan, region_id=region_id, summary={"year": year})
    if not plan.is_draft:
        return Drafted(plan)
    added = _add_new_candidates(session, plan)
    if added:
        record(
            session,
            principal,
            "action_plan.draft",
            plan,
            region_id=region_id,
            summary={"year": year, "items_added": added},
        )
    return Drafted(plan, created, added)


def refresh_next_year_drafts(session: Session, principal: Principal, year: int) -> int:
    """The daily job: add new candidates to every region's existing draft for ``year``."""
    region_ids = session.scalars(
        select(ActionPlan.region_id)
        .distinct()
        .where(ActionPlan.year == year, ActionPlan.status == "draft")
        .order_by(ActionPlan.region_id)
    ).all()
    for region_id in region_ids:
        draft(session, principal, region_id, year)
    return len(region_ids)


def _add_new_candidates(session: Session, plan: ActionPlan) -> int:
    """The candidates not in the plan yet, with their shares, added in one flush (not one per item)."""
    have_procurements = {i.procurement_id for i in plan.items if i.procurement_id}
    have_needs = {i.need_id for i in plan.items if i.need_id}
    new = [
        c
        for c in candidates(session, plan.region_id, plan.year)
        if c.procurement_id not in have_procurements and c.need_id not in have_needs
    ]
    if not new:
        return 0
    key = cost_key(session, plan.region_id)
    populations = populations_of(session, [t for c in new for t in c.participant_ids])
    for candidate in new:
        item = _item(plan, candidate)
        item.shares = split_shares(item, key, populations)
        plan.items.append(item)
    session.flush()
    return len(new)


def _item(plan: ActionPlan, candidate: Candidate) -> PlanItem:
    item = PlanItem(
        plan_id=plan.id,
        region_id=plan.region_id,
        procurement_id=candidate.procurement_id,
        need_id=candidate.need_id,
        title=candidate.title[:200],
        category=candidate.category,
        priority=2,
        start_quarter=candidate.start_quarter,
        responsible="",
        one_off_cost_minor=candidate.one_off_cost_minor,
        annual_cost_minor=candidate.annual_cost_minor,
        budget_source="plan",
        outside_plan=False,
    )
    item.participants = [PlanItemParticipant(region_id=plan.region_id, tenant_id=t) for t in candidate.participant_ids]
    return item


def candidates(session: Session, region_id: int, year: int) -> list[Candidate]:
    return [
        *_procurements(session, region_id, year),
        *_reprocurements(session, region_id, year),
        *_initiatives(session, region_id, year),
    ]


def _decided_earlier(column, region_id: int, year: int):
    return (
        select(column)
        .join(ActionPlan, ActionPlan.id == PlanItem.plan_id)
        .where(
            ActionPlan.region_id == region_id,
            ActionPlan.year < year,
            ActionPlan.status.in_(DECIDED),
            column.is_not(None),
        )
    )


def _procurements(session: Session, region_id: int, year: int) -> list[Candidate]:
    stmt = (
        select(JointProcurement)
        .where(
            JointProcurement.region_id == region_id,
            JointProcurement.id.not_in(_decided_earlier(PlanItem.procurement_id, region_id, year)),
        )
        .order_by(JointProcurement.id)
    )
    procurements = session.scalars(stmt).all()
    ids = [p.id for p in procurements]
    needs = _by_procurement(
        session,
        select(ProcurementNeed.procurement_id, Need)
        .join(Need, ProcurementNeed.need_id == Need.id)
        .where(ProcurementNeed.procurement_id.in_(ids)),
    )
    joined = _by_procurement(
        session,
        select(JoinInvitation.procurement_id, JoinInvitation.tenant_id).where(
            JoinInvitation.procurement_id.in_(ids), JoinInvitation.status == "joined"
        ),
    )
    return [_procurement_candidate(p, needs[p.id], joined[p.id], year) for p in procurements]


def _by_procurement(session: Session, stmt) -> defaultdict[int, list]:
    """(procurement id, value) rows grouped by procurement: one query for all of them, not one each."""
    grouped = defaultdict(list)
    for procurement_id, value in session.execute(stmt):
        grouped[procurement_id].append(value)
    return grouped


def _procurement_candidate(procurement: JointProcurement, needs: list[Need], joined: list[int], year: int) -> Candidate:
    participants = sorted({n.tenant_id for n in needs} | set(joined))
    return Candidate(
        procurement.title,
        procurement.category,
        sum(n.one_off_cost_minor or 0 for n in needs),
        sum(n.annual_cost_minor or 0 for n in needs),
        tuple(participants),
        start_quarter(year, [n.desired_start for n in needs]),
        procurement_id=procurement.id,
    )


def _need_candidate(need: Need, year: int) -> Candidate:
    return Candidate(
        need.title,
        need.category,
        need.one_off_cost_minor or 0,
        need.annual_cost_minor or 0,
        (need.tenant_id,),
        start_quarter(year, [need.desired_start]),
        need_id=need.id,
    )


def _needs_left(region_id: int, year: int):
    """Needs not already carried by a joint procurement of the region or by an earlier approved plan."""
    in_procurement = select(ProcurementNeed.need_id).where(ProcurementNeed.region_id == region_id)
    return (Need.id.not_in(in_procurement), Need.id.not_in(_decided_earlier(PlanItem.need_id, region_id, year)))


def _reprocurements(session: Session, region_id: int, year: int) -> list[Candidate]:
    ids = due_reprocurement_need_ids(session, region_id, year)
    if not ids:
        return []
    needs = session.scalars(select(Need).where(Need.id.in_(ids), *_needs_left(region_id, year)).order_by(Need.id))
    return [_need_candidate(n, year) for n in needs]


def _initiatives(session: Session, region_id: int, year: int) -> list[Candidate]:
    stmt = (
        select(Need)
        .join(NeedSubmission, NeedSubmission.need_id == Need.id)
        .where(
            NeedSubmission.region_id == region_id,
            Need.kind == "initiative",
            Need.status == REPORTED,
            *_needs_left(region_id, year),
        )
        .order_by(Need.id)
    )
    return [_need_candidate(n, year) for n in session.scalars(stmt)]


def start_quarter(year: int, desired: list[str | None]) -> str:
    """The earliest desired start, clipped to the plan year; Q1 when none is given."""
    given = sorted(q for q in desired if q)
    if not given:
        return f"{year}-Q1"
    return min(max(given[0], f"{year}-Q1"), f"{year}-Q4")
