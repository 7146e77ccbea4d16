"""Plan items: added, changed and removed by the region's coordinator while the plan is a draft.

An approved plan takes new items only through the explicit "outside the plan" action:
such an item is carried by its participants' own budgets (``budget_source='own'``)
and shared over them by the same key.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemParticipant
from samverka.platform.plans.services.action_plans import require_editable
from samverka.platform.plans.services.shares import compute_item_shares, cost_key
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on
from samverka.tenants.services.directory import member_tenants

OUTSIDE_ONLY_APPROVED = _l("Only an approved plan takes items outside the plan; add it to the draft instead.")
CONTENT = (
    "title",
    "category",
    "priority",
    "start_quarter",
    "responsible",
    "one_off_cost_minor",
    "annual_cost_minor",
    "budget_source",
)


def _check(session: Session, principal: Principal, plan: ActionPlan, fields: dict) -> None:
    errors = {}
    if not str(fields["start_quarter"]).startswith(f"{plan.year}-Q"):
        errors["start_quarter"] = [
            _l("Choose a quarter of the plan's year %(year)s, e.g. %(year)s-Q2.", year=plan.year)
        ]
    members = {t.id for t in member_tenants(session, plan.region_id)}
    chosen = set(fields["participant_ids"])
    if not chosen or not chosen <= members:
        errors["participant_ids"] = [_l("Choose one or more member municipalities to share the cost.")]
    if errors:
        raise Refused(errors)


def _apply(session: Session, item: PlanItem, fields: dict) -> None:
    for name in CONTENT:
        setattr(item, name, fields[name])
    if item.outside_plan:
        item.budget_source = "own"  # added after approval: carried by the participants' own budgets
    wanted = sorted(set(fields["participant_ids"]))
    if wanted != item.participant_ids:
        item.participants.clear()
        session.flush()
        item.participants.extend(PlanItemParticipant(region_id=item.region_id, tenant_id=t) for t in wanted)
    session.flush()
    compute_item_shares(session, item, cost_key(session, item.region_id))


def add_item(
    session: Session, principal: Principal, plan: ActionPlan, *, outside_plan: bool = False, **fields
) -> PlanItem:
    require_on(principal, plan, perm.REGION_PLAN_WRITE)
    if outside_plan and plan.status != "approved":
        raise Refused({"status": [OUTSIDE_ONLY_APPROVED]})
    if not outside_plan:
        require_editable(plan)
    _check(session, principal, plan, fields)
    item = PlanItem(plan_id=plan.id, region_id=plan.region_id, outside_plan=outside_plan)
    plan.items.append(item)
    _apply(session, item, fields)
    record(
        session,
        principal,
        "plan_item.create",
        item,
        region_id=plan.region_id,
        summary={
            "plan_id": plan.id,
            "title": item.title,
            "outside_plan": outside_plan,
            "participants": item.participant_ids,
        },
    )
    return item


def update_item(session: Session, principal: Principal, item: PlanItem, **fields) -> PlanItem:
    plan = item.plan
    require_on(principal, plan, perm.REGION_PLAN_WRITE)
    require_editable(plan, item)
    _check(session, principal, plan, fields)
    _apply(session, item, fields)
    record(
        session,
        principal,
        "plan_item.update",
        item,
        region_id=plan.region_id,
        summary={
            "plan_id": plan.id,
            **{name: getattr(item, name) for name in CONTENT},
            "participants": item.participant_ids,
        },
    )
    return item


def delete_item(session: Session, principal: Principal, item: PlanItem) -> None:
    plan = item.plan
    require_on(principal, plan, perm.REGION_PLAN_WRITE)
    require_editable(plan, item)
    record(
        session,
        principal,
        "plan_item.delete",
        item,
        region_id=plan.region_id,
        summary={"plan_id": plan.id, "title": item.title},
    )
    plan.items.remove(item)
    session.flush()
