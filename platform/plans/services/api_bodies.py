"""What the API shows of plans (``PlanSchema``'s fields), read as rows rather than objects.

A plan's items carry every participating member and its share: items times members of them. Read as
plain rows (one statement each for the items, their participants, their shares and the votes of all
the plans asked for) they cost a fraction of the objects and relationships loaded for a change. The
amounts are left out as ``visibility`` says: a key missing from a body is a field the schema omits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemParticipant, PlanItemShare, PlanVote
from samverka.platform.plans.services.visibility import AMOUNTS, shows_amounts

PLAN_FIELDS = (
    "id",
    "region_id",
    "year",
    "version",
    "status",
    "currency",
    "previous_version_id",
    "created_at",
    "submitted_at",
    "decided_at",
    "public",
)
ITEM_COLUMNS = (
    PlanItem.id,
    PlanItem.plan_id,
    PlanItem.procurement_id,
    PlanItem.need_id,
    PlanItem.title,
    PlanItem.category,
    PlanItem.priority,
    PlanItem.start_quarter,
    PlanItem.responsible,
    PlanItem.one_off_cost_minor,
    PlanItem.annual_cost_minor,
    PlanItem.budget_source,
    PlanItem.outside_plan,
)
VOTE_COLUMNS = (
    PlanVote.id,
    PlanVote.plan_id,
    PlanVote.tenant_id,
    PlanVote.voter_name,
    PlanVote.decision,
    PlanVote.comment,
    PlanVote.acr,
    PlanVote.voted_at,
)


def plan_bodies(session: Session, principal: Principal, plans: list[ActionPlan]) -> list[dict]:
    """Each plan (reached through its access) with its items, their participants and shares, and its votes."""
    bodies = {
        plan.id: {name: getattr(plan, name) for name in PLAN_FIELDS} | {"items": [], "votes": []} for plan in plans
    }
    if not bodies:
        return []
    items = _items(session, list(bodies))
    for item in items.values():
        bodies[item["plan_id"]]["items"].append(item)
    for vote in session.execute(select(*VOTE_COLUMNS).where(PlanVote.plan_id.in_(bodies)).order_by(PlanVote.voted_at)):
        bodies[vote.plan_id]["votes"].append(vote._asdict())
    for plan in plans:
        if not shows_amounts(principal, plan):
            bodies[plan.id]["items"] = [_without_amounts(item) for item in bodies[plan.id]["items"]]
    return list(bodies.values())


def _items(session: Session, plan_ids: list[int]) -> dict[int, dict]:
    """Item id -> its body, in the plans' order (priority, start quarter, id), with participants and shares."""
    order = (PlanItem.priority, PlanItem.start_quarter, PlanItem.id)
    rows = session.execute(select(*ITEM_COLUMNS).where(PlanItem.plan_id.in_(plan_ids)).order_by(*order))
    items = {row.id: row._asdict() | {"participant_ids": [], "shares": []} for row in rows}
    if not items:
        return items
    participants = select(PlanItemParticipant.item_id, PlanItemParticipant.tenant_id)
    for item_id, tenant_id in session.execute(
        participants.where(PlanItemParticipant.item_id.in_(items)).order_by(PlanItemParticipant.tenant_id)
    ):
        items[item_id]["participant_ids"].append(tenant_id)
    shares = select(
        PlanItemShare.item_id, PlanItemShare.tenant_id, PlanItemShare.one_off_minor, PlanItemShare.annual_minor
    )
    for share in session.execute(shares.where(PlanItemShare.item_id.in_(items)).order_by(PlanItemShare.tenant_id)):
        items[share.item_id]["shares"].append(share._asdict())
    return items


def _without_amounts(item: dict) -> dict:
    return {name: value for name, value in item.items() if name not in AMOUNTS}
