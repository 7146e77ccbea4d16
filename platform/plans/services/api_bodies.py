"""What the API shows of plans, read as rows rather than objects and written as ``PlanSchema`` dumps them.

A plan's items carry every participating member and its share: items times members of them. Read as
plain rows (one statement for the items with their participants and shares, ``item_rows``, one for the
votes of all the plans asked for) they cost a fraction of the objects and relationships loaded for a change, and
the bodies are made in the dumped form itself (ints, strings, timestamps as ``Timestamp`` writes them)
rather than dumped field by field again: tests/platform/plans/test_api_bodies.py holds them equal to
``PlanSchema().dump`` of the same plans. The amounts are left out as ``visibility`` says (a field the
schema omits).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from samverka.platform.core.schemas import Timestamp
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan, PlanVote
from samverka.platform.plans.services.item_rows import ITEM_COLUMNS, item_rows, participants
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
ITEM_FIELDS = tuple(column.key for column in ITEM_COLUMNS)
VOTES = (
    select(*VOTE_COLUMNS).where(PlanVote.plan_id.in_(bindparam("plan_ids", expanding=True))).order_by(PlanVote.voted_at)
)


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
    for vote in session.execute(VOTES, {"plan_ids": list(bodies)}):
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
    return {row.id: _item_body(row) for row in item_rows(session, plan_ids)}


def _item_body(row) -> dict:
    body = dict(zip(ITEM_FIELDS, row))
    body["participant_ids"] = ids = []
    body["shares"] = shares = []
    for tenant_id, share in participants(row):
        ids.append(tenant_id)
        if share is not None:
            shares.append({"tenant_id": tenant_id, "one_off_minor": share[0], "annual_minor": share[1]})
    return body


def _without_amounts(item: dict) -> dict:
    return {name: value for name, value in item.items() if name not in AMOUNTS}
