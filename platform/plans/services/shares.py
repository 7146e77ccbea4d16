"""Stored cost shares: recomputed from the region's key while a plan is a draft, frozen after.

The council approves numbers, not a formula: once a plan is submitted its shares are
never recomputed, even if the key or a municipality's population changes later.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from samverka.platform.plans import sharing
from samverka.platform.plans.models import ActionPlan, FixedShare, PlanItem, PlanItemShare, PlanSettings
from samverka.tenants.models import Tenant


@dataclass(frozen=True)
class CostKey:
    """The region's key as the arithmetic needs it; a region without settings shares equally."""

    method: str = "equal"
    equal_percent: int = 30
    approval_rule: str = "all"
    fixed: tuple[tuple[int, int], ...] = ()  # (tenant_id, basis points)


def cost_key(session: Session, region_id: int) -> CostKey:
    return key_of(session, region_id, session.get(PlanSettings, region_id))


def key_of(session: Session, region_id: int, settings: PlanSettings | None) -> CostKey:
    """The key of the region's ``settings`` (read by the caller), with its fixed shares."""
    if settings is None:
        return CostKey()
    fixed = session.execute(
        select(FixedShare.tenant_id, FixedShare.basis_points).where(FixedShare.region_id == region_id)
    ).all()
    return CostKey(
        settings.cost_method, settings.equal_percent, settings.approval_rule, tuple(sorted((t, bp) for t, bp in fixed))
    )


def populations_of(session: Session, tenant_ids) -> dict[int, int]:
    return dict(session.execute(select(Tenant.id, Tenant.population).where(Tenant.id.in_(set(tenant_ids)))).all())


def compute_item_shares(session: Session, item: PlanItem, key: CostKey) -> None:
    """Replace the item's shares by its costs split over its participants under ``key``."""
    populations = populations_of(session, item.participant_ids)
    item.shares.clear()
    session.flush()
    item.shares.extend(split_shares(item, key, populations))
    session.flush()


def split_shares(item: PlanItem, key: CostKey, populations: dict[int, int]) -> list[PlanItemShare]:
    """The item's costs split over its participants under ``key`` (``populations``: at least theirs)."""
    own = {tenant_id: populations[tenant_id] for tenant_id in item.participant_ids if tenant_id in populations}
    weights = sharing.weights(key.method, key.equal_percent, own, dict(key.fixed))
    one_off = sharing.split(item.one_off_cost_minor, weights)
    annual = sharing.split(item.annual_cost_minor, weights)
    return [
        PlanItemShare(
            region_id=item.region_id,
            tenant_id=tenant_id,
            one_off_minor=one_off[tenant_id],
            annual_minor=annual[tenant_id],
        )
        for tenant_id in sorted(weights)
    ]


def plan_shares(session: Session, plan: ActionPlan) -> dict[int, list[Row]]:
    """Item id -> the shares of it the principal may read, by tenant: one query for the plan, not one per item.

    Rows of (item_id, tenant_id, one_off_minor, annual_minor), not objects: a plan's split is items times members.
    """
    by_item: dict[int, list[Row]] = {item.id: [] for item in plan.items}
    stmt = (
        select(PlanItemShare.item_id, PlanItemShare.tenant_id, PlanItemShare.one_off_minor, PlanItemShare.annual_minor)
        .where(PlanItemShare.item_id.in_(by_item))
        .order_by(PlanItemShare.item_id, PlanItemShare.tenant_id)
    )
    for share in session.execute(stmt):
        by_item[share.item_id].append(share)
    return by_item


def recompute_plan(session: Session, plan: ActionPlan) -> None:
    """Every item of a draft plan, after the key changed; a decided plan keeps its numbers."""
    if not plan.is_draft:
        return
    key = cost_key(session, plan.region_id)
    for item in plan.items:
        compute_item_shares(session, item, key)


def recompute_region_drafts(session: Session, region_id: int) -> int:
    drafts = session.scalars(
        select(ActionPlan).where(ActionPlan.region_id == region_id, ActionPlan.status == "draft")
    ).all()
    for plan in drafts:
        recompute_plan(session, plan)
    return len(drafts)
