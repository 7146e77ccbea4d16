"""What the API shows of plans, read as rows rather than objects and written as ``PlanSchema`` dumps them.

A plan's items carry every participating member and its share: items times members of them. Read as
plain rows (one statement each for the items, their participants with their shares, and the votes of
all the plans asked for) they cost a fraction of the objects and relationships loaded for a change, and
the bodies are made in the dumped form itself (ints, strings, timestamps as ``Timestamp`` writes them)
rather than dumped field by field again: tests/platform/plans/test_api_bodies.py holds them equal to
``PlanSchema().dump`` of the same plans. The amounts are left out as ``visibility`` says (a field the
schema omits).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.schemas import Timestamp
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
    PlanVote.plan_id,
    PlanVote.id,
    PlanVote.tenant_id,
    PlanVote.voter_name,
    PlanVote.decision,
    PlanVote.comment,
    PlanVote.acr,
    PlanVote.voted_at,
)
VOTE_FIELDS = ("id", "tenant_id", "voter_name", "decision", "comment", "acr")  # then voted_at
SHARE_COLUMNS = (PlanItemShare.tenant_id, PlanItemShare.one_off_minor, PlanItemShare.annual_minor)


TIMESTAMP = Timestamp()


def _timestamp(moment: datetime | None) -> str | None:
    return TIMESTAMP.serialize("moment", {"moment": moment})


def plan_bodies(session: Session, principal: Principal, plans: list[ActionPlan]) -> list[dict]:
    """Each plan (reached through its access) with its items, their participants and shares, and its votes."""
    bodies = {plan.id: _plan_body(plan) for plan in plans}
    if not bodies:
        return []
    items = _items(session, list(bodies))
    for item in items.values():
        bodies[item["plan_id"]]["items"].append(item)
    for vote in session.execute(select(*VOTE_COLUMNS).where(PlanVote.plan_id.in_(bodies)).order_by(PlanVote.voted_at)):
        *fields, voted_at = vote[1:]
        bodies[vote.plan_id]["votes"].append({**dict(zip(VOTE_FIELDS, fields)), "voted_at": _timestamp(voted_at)})
    for plan in plans:
        if not shows_amounts(principal, plan):
            bodies[plan.id]["items"] = [_without_amounts(item) for item in bodies[plan.id]["items"]]
    return list(bodies.values())


def _plan_body(plan: ActionPlan) -> dict:
    body = {name: getattr(plan, name) for name in PLAN_FIELDS}
    body |= {name: _timestamp(body[name]) for name in ("created_at", "submitted_at", "decided_at")}
    return body | {"items": [], "votes": []}


def _items(session: Session, plan_ids: list[int]) -> dict[int, dict]:
    """Item id -> its body, in the plans' order (priority, start quarter, id), with participants and shares."""
    order = (PlanItem.priority, PlanItem.start_quarter, PlanItem.id)
    rows = session.execute(select(*ITEM_COLUMNS).where(PlanItem.plan_id.in_(plan_ids)).order_by(*order))
    items = {row.id: row._asdict() | {"participant_ids": [], "shares": []} for row in rows}
    if not items:
        return items
    # A share is only ever made for a participant (``shares.split_shares``): the participants with the shares the
    # reader may read beside them, in one statement; a share out of reach is NULL, and no share of its own.
    share = (PlanItemShare.item_id == PlanItemParticipant.item_id) & (
        PlanItemShare.tenant_id == PlanItemParticipant.tenant_id
    )
    rows = session.execute(
        select(PlanItemParticipant.item_id, PlanItemParticipant.tenant_id, *SHARE_COLUMNS)
        .outerjoin(PlanItemShare, share)
        .where(PlanItemParticipant.item_id.in_(items))
        .order_by(PlanItemParticipant.tenant_id)
    )
    for item_id, tenant_id, shared_id, one_off, annual in rows:
        items[item_id]["participant_ids"].append(tenant_id)
        if shared_id is not None:
            items[item_id]["shares"].append({"tenant_id": tenant_id, "one_off_minor": one_off, "annual_minor": annual})
    return items


def _without_amounts(item: dict) -> dict:
    return {name: value for name, value in item.items() if name not in AMOUNTS}
