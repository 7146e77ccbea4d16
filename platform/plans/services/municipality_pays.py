"""What the plan costs the person's own municipality: the chief executive's first question.

Only the municipalities the person works in (holds a role in, not merely reads as the region's
staff), and only those whose budget lines the person reads: a coordinator reads every member's
lines but belongs to none, so sees the full split on the plan page instead. The sums come from
the stored shares, the same numbers as the split table, the budget page and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemShare
from samverka.tenants import permissions as perm
from samverka.tenants.models import Tenant


@dataclass(frozen=True)
class Amounts:
    one_off: int  # minor units of the plan's currency
    annual: int


@dataclass(frozen=True)
class MunicipalityPays:
    """One municipality's share of this version, and of the version before it (None for a first version)."""

    tenant_id: int
    tenant_name: str
    this_version: Amounts
    previous_version: Amounts | None


def own_members(principal: Principal, members: list[Tenant]) -> list[Tenant]:
    """The region's members the person works in and reads the budget of."""
    return [t for t in members if t.id in principal.tenant_ids and principal.holds(perm.TENANT_BUDGET_READ, t.id)]


def municipality_pays(
    session: Session, principal: Principal, plan: ActionPlan, members: list[Tenant]
) -> list[MunicipalityPays]:
    """Per own member municipality (by name): one query for this version and the previous one together."""
    mine = own_members(principal, members)
    if not mine:
        return []
    plan_ids = [plan.id] + ([plan.previous_version_id] if plan.previous_version_id else [])
    rows = session.execute(
        select(
            PlanItem.plan_id,
            PlanItemShare.tenant_id,
            func.sum(PlanItemShare.one_off_minor),
            func.sum(PlanItemShare.annual_minor),
        )
        .join(PlanItem, (PlanItem.id == PlanItemShare.item_id) & (PlanItem.region_id == PlanItemShare.region_id))
        .where(PlanItem.plan_id.in_(plan_ids), PlanItemShare.tenant_id.in_([t.id for t in mine]))
        .group_by(PlanItem.plan_id, PlanItemShare.tenant_id)
    )
    sums = {(plan_id, tenant_id): Amounts(int(one_off), int(annual)) for plan_id, tenant_id, one_off, annual in rows}
    nothing = Amounts(0, 0)
    return [
        MunicipalityPays(
            tenant_id=t.id,
            tenant_name=t.name,
            this_version=sums.get((plan.id, t.id), nothing),
            previous_version=sums.get((plan.previous_version_id, t.id), nothing) if plan.previous_version_id else None,
        )
        for t in mine
    ]
