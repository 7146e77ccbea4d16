"""What the plan page shows a principal: the plan, the split it may read, and the actions its role allows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan, PlanSettings
from samverka.platform.plans.services import approval
from samverka.platform.plans.services.action_plans import LATER_VERSIONS, access_plan
from samverka.platform.plans.services.council import (
    Seat,
    VoteProgress,
    every_member,
    members_read,
    submission_council,
    vote_progress,
)
from samverka.platform.plans.services.item_rows import item_rows, participants
from samverka.platform.plans.services.municipality_pays import MunicipalityPays, municipality_pays
from samverka.platform.plans.services.shares import CostKey, key_of
from samverka.platform.plans.services.visibility import shows_amounts
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on
from samverka.tenants.models import Region
from samverka.tenants.services.directory import member_tenants


@dataclass(frozen=True)
class PlanPage:
    plan: ActionPlan
    region: Region
    key: CostKey
    items: list[Row]  # the plan's items (``item_rows``), in the plan's order
    tenants: list[Row]  # the split table's columns: the members (id, name) the principal may see
    split: dict[int, dict[int, tuple[int, int]]]  # item id -> tenant id -> (one-off, annual)
    totals: dict[int, tuple[int, int]]  # tenant id -> its column's (one-off, annual) sums
    may_write: bool
    may_export: bool
    may_vote: bool
    may_configure: bool  # the region's cost-sharing key, linked from the plan
    is_latest: bool
    shows_amounts: bool  # a partner sees the items' costs only in a public plan
    pays: list[MunicipalityPays]  # what the person's own municipalities pay (none for the region's staff)
    progress: VoteProgress
    council: list[Seat]  # whom submitting mails: only for the coordinator of a draft

    def column_total(self, tenant_id: int, index: int) -> int:
        return self.totals.get(tenant_id, (0, 0))[index]


def column_totals(split: dict[int, dict[int, tuple[int, int]]]) -> dict[int, tuple[int, int]]:
    """Each tenant's sums over the items, in one pass (the table's footer and the shares chart read them)."""
    sums: dict[int, tuple[int, int]] = {}
    for row in split.values():
        for tenant_id, (one_off, annual) in row.items():
            before = sums.get(tenant_id, (0, 0))
            sums[tenant_id] = (before[0] + one_off, before[1] + annual)
    return sums


def plan_page(session: Session, principal: Principal, plan_id: int) -> PlanPage:
    plan = access_plan(session, principal, plan_id)
    read = members_read(session, plan.region_id)
    tenants = [member for member in read if member.name is not None]
    items = item_rows(session, [plan.id])
    split = {item.id: {t: share for t, share in participants(item) if share is not None} for item in items}
    may_write = holds_on(principal, plan, perm.REGION_PLAN_WRITE)
    region, settings, has_newer = _region_facts(session, plan)
    return PlanPage(
        plan=plan,
        region=region,
        key=key_of(session, plan.region_id, settings),
        items=items,
        tenants=tenants,
        split=split,
        totals=column_totals(split),
        may_write=may_write,
        may_export=holds_on(principal, plan, perm.REGION_PLAN_EXPORT),
        may_vote=approval.may_still_vote(session, principal, plan),
        may_configure=holds_on(principal, region, perm.REGION_SETTINGS_WRITE),
        is_latest=not has_newer,
        shows_amounts=shows_amounts(principal, plan),
        pays=municipality_pays(session, principal, plan, tenants),
        progress=vote_progress(session, plan, every_member(principal, plan.region_id, read)),
        council=submission_council(session, principal, plan) if may_write and plan.is_draft else [],
    )


_REGION_FACTS = (
    select(Region, PlanSettings, LATER_VERSIONS.exists())
    .outerjoin(PlanSettings, PlanSettings.region_id == Region.id)
    .where(Region.id == bindparam("region_id"))
)


def _region_facts(session: Session, plan: ActionPlan) -> tuple[Region, PlanSettings | None, bool]:
    """The plan's region, its plan settings (None: none stored) and whether a later version of the plan
    exists, in one statement."""
    bound = {"region_id": plan.region_id, "year": plan.year, "version": plan.version}
    return tuple(session.execute(_REGION_FACTS, bound).one())


@dataclass(frozen=True)
class VotePage:
    plan: ActionPlan
    pays: list[MunicipalityPays]
    progress: VoteProgress
    closed: str | None  # why the person's municipality cannot vote on this version now; None while it can


def vote_page(session: Session, principal: Principal, plan: ActionPlan) -> VotePage:
    """What the vote page shows around the form: the same answers as the plan page's top."""
    tenants = member_tenants(session, plan.region_id)
    closed = None
    if plan.status != "submitted":
        closed = str(approval.VOTES_CLOSED[plan.status])
    elif not approval.may_still_vote(session, principal, plan):
        closed = str(approval.ALREADY_VOTED)
    return VotePage(plan, municipality_pays(session, principal, plan, tenants), vote_progress(session, plan), closed)
