"""Who sees a plan's amounts: the region's staff and its member municipalities; partners only in a public plan.

An item drafted from one municipality's needs carries that municipality's amounts, so a partner
organisation reads the plan's items without their costs (and never the split) unless the region's
coordinator has made the plan public. Without the amounts, the API leaves those fields out.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan, PlanItem
from samverka.platform.plans.services.action_plans import access_plan
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on

AMOUNTS = frozenset({"one_off_cost_minor", "annual_cost_minor", "shares"})


class _WithoutAmounts:
    """The same object with its amounts left out: reading one raises AttributeError, so a schema omits it."""

    def __init__(self, target):
        self._target = target

    def __getattr__(self, name: str):
        if name in AMOUNTS:
            raise AttributeError(name)
        return getattr(self._target, name)


def shows_amounts(principal: Principal, plan: ActionPlan) -> bool:
    return plan.public or holds_on(principal, plan, perm.REGION_PLAN_AMOUNTS_READ)


def readable_item(principal: Principal, item: PlanItem):
    return item if shows_amounts(principal, item.plan) else _WithoutAmounts(item)


def set_public(session: Session, principal: Principal, plan_id: int, public: bool) -> ActionPlan:
    """The coordinator shows (or hides) the items' amounts to the region's partners; any status, any version."""
    plan = access_plan(session, principal, plan_id, perm.REGION_PLAN_WRITE)
    plan.public = public
    record(session, principal, "plan.public", plan, region_id=plan.region_id, summary={"public": public})
    return plan
