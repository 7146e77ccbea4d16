"""What the plan page shows a principal: the plan, the split it may read, and the actions its role allows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import approval
from samverka.platform.plans.services.action_plans import access_plan, latest_version
from samverka.platform.plans.services.shares import CostKey, cost_key, plan_shares
from samverka.platform.plans.services.visibility import shows_amounts
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import member_tenants


@dataclass(frozen=True)
class PlanPage:
    plan: ActionPlan
    region: Region
    key: CostKey
    tenants: list[Tenant]  # the split table's columns: the members the principal may see
    split: dict[int, dict[int, tuple[int, int]]]  # item id -> tenant id -> (one-off, annual)
    may_write: bool
    may_export: bool
    may_vote: bool
    is_latest: bool
    shows_amounts: bool  # a partner sees the items' costs only in a public plan

    def column_total(self, tenant_id: int, index: int) -> int:
        return sum(row.get(tenant_id, (0, 0))[index] for row in self.split.values())


def plan_page(session: Session, principal: Principal, plan_id: int) -> PlanPage:
    plan = access_plan(session, principal, plan_id)
    tenants = member_tenants(session, plan.region_id)
    split = {
        item_id: {s.tenant_id: (s.one_off_minor, s.annual_minor) for s in shares}
        for item_id, shares in plan_shares(session, plan).items()
    }
    return PlanPage(
        plan=plan,
        region=session.get(Region, plan.region_id),
        key=cost_key(session, plan.region_id),
        tenants=tenants,
        split=split,
        may_write=holds_on(principal, plan, perm.REGION_PLAN_WRITE),
        may_export=holds_on(principal, plan, perm.REGION_PLAN_EXPORT),
        may_vote=approval.may_still_vote(session, principal, plan),
        is_latest=latest_version(session, plan.region_id, plan.year).id == plan.id,
        shows_amounts=shows_amounts(principal, plan),
    )
