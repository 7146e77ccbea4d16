"""What needs attention in the action plans.

A chief executive: the submitted plans awaiting their municipality's vote, and what the municipality
pays this year and next (the approved version, else the latest). A region's coordinator: who has not
voted on a submitted plan, and the drafts the drafting job changed this past week. Two branches per
role, whatever the number of plans, items or members.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import String, bindparam, cast, exists, func, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import (
    INFO,
    WARNING,
    AttentionItem,
    Branch,
    Query,
    role_scopes,
    scope_ids,
    scope_params,
)
from samverka.platform.audit.models import AuditEvent
from samverka.platform.core.money import money
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.labels import PLAN_STATUS_LABELS
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemShare, PlanVote
from samverka.tenants.models import Region, RegionMembership, Tenant
from samverka.tenants.roles import Role

CHANGES_SHOWN_DAYS = 7


def plans_attention(session: Session, principal: Principal, today: date) -> list[Branch]:
    chief = role_scopes(principal, Role.CHIEF_EXECUTIVE)
    coordinated = role_scopes(principal, Role.COORDINATOR)
    items = []
    if chief:
        params = {**scope_params(Role.CHIEF_EXECUTIVE, chief), "years": [today.year, today.year + 1]}
        items += [Branch(_VOTES_AWAITING_ME, params, _vote_items), Branch(_WHAT_WE_PAY, params, _pay_items)]
    if coordinated:
        since = datetime.combine(today - timedelta(days=CHANGES_SHOWN_DAYS), time())
        params = {**scope_params(Role.COORDINATOR, coordinated), "changes_since": since}
        items += [Branch(_VOTES_AWAITED, params, _awaited_items), Branch(_DRAFTS_CHANGED, params, _changed_items)]
    return items


def _plan_link(plan_id: int, endpoint: str = "plans.plan") -> dict:
    return {"endpoint": endpoint, "values": (("plan_id", plan_id),)}


def _votes_awaiting_me() -> Query:
    voted = exists().where(PlanVote.plan_id == ActionPlan.id, PlanVote.tenant_id == RegionMembership.tenant_id)
    statement = (
        select(ActionPlan.id, ActionPlan.year, ActionPlan.version, Region.name, Tenant.name)
        .join(RegionMembership, RegionMembership.region_id == ActionPlan.region_id)
        .join(Region, Region.id == ActionPlan.region_id)
        .join(Tenant, Tenant.id == RegionMembership.tenant_id)
        .where(
            RegionMembership.tenant_id.in_(scope_ids(Role.CHIEF_EXECUTIVE)), ActionPlan.status == "submitted", ~voted
        )
    )
    return Query(statement, (ActionPlan.year, ActionPlan.id, Tenant.id))


_VOTES_AWAITING_ME = _votes_awaiting_me()


def _vote_items(rows: list) -> list[AttentionItem]:
    seen, items = set(), []
    for plan_id, year, version, region_name, tenant_name in rows:
        if plan_id in seen:  # one vote per plan: for the first of one's municipalities, as the vote page
            continue
        seen.add(plan_id)
        items.append(
            AttentionItem(
                kind="plans.vote",
                key=f"plans.vote:{plan_id}",
                role=Role.CHIEF_EXECUTIVE,
                severity=WARNING,
                title=_("Vote on the action plan %(year)s, version %(version)s", year=year, version=version),
                detail=_("The council awaits %(municipality)s's vote.", municipality=tenant_name),
                scope_name=region_name,
                **_plan_link(plan_id, "plans.vote_form"),
            )
        )
    return items


def _share_sum(column):
    """The municipality's sum of ``column`` over the plan's items (0 without a share), for the row's plan."""
    return (
        select(func.coalesce(func.sum(column), 0))
        .join(PlanItem, PlanItem.id == PlanItemShare.item_id)
        .where(PlanItem.plan_id == ActionPlan.id, PlanItemShare.tenant_id == RegionMembership.tenant_id)
        .scalar_subquery()
    )


def _what_we_pay() -> Query:
    """Per municipality, region and year (this and next): the version that counts and the municipality's share.

    One branch: every candidate version (a few a year) with the municipality's sums; the choice is made here.
    """
    statement = (
        select(
            ActionPlan.id,
            ActionPlan.region_id,
            ActionPlan.year,
            ActionPlan.version,
            ActionPlan.status,
            ActionPlan.currency,
            RegionMembership.tenant_id,
            Tenant.name.label("tenant_name"),
            Region.name.label("region_name"),
            _share_sum(PlanItemShare.one_off_minor).label("one_off"),
            _share_sum(PlanItemShare.annual_minor).label("annual"),
        )
        .join(RegionMembership, RegionMembership.region_id == ActionPlan.region_id)
        .join(Tenant, Tenant.id == RegionMembership.tenant_id)
        .join(Region, Region.id == ActionPlan.region_id)
        .where(
            RegionMembership.tenant_id.in_(scope_ids(Role.CHIEF_EXECUTIVE)),
            ActionPlan.year.in_(bindparam("years", expanding=True)),  # this year and next
        )
    )
    return Query(statement, (ActionPlan.year, ActionPlan.region_id, ActionPlan.version.desc()))


_WHAT_WE_PAY = _what_we_pay()


def _pay_items(plans: list) -> list[AttentionItem]:
    chosen: dict[tuple, tuple] = {}
    for plan in plans:
        current = chosen.get((plan.tenant_id, plan.region_id, plan.year))
        if current is None or (plan.status == "approved" and current.status != "approved"):
            chosen[(plan.tenant_id, plan.region_id, plan.year)] = plan
    return [_pay_item(plan) for plan in chosen.values()]


def _pay_item(plan) -> AttentionItem:
    return AttentionItem(
        kind="plans.pays",
        key=f"plans.pays:{plan.year}:tenant:{plan.tenant_id}:region:{plan.region_id}",
        role=Role.CHIEF_EXECUTIVE,
        severity=INFO,
        title=_(
            "%(municipality)s pays %(one_off)s one-off and %(annual)s a year in %(year)s",
            municipality=plan.tenant_name,
            one_off=money(plan.one_off, plan.currency),
            annual=money(plan.annual, plan.currency),
            year=plan.year,
        ),
        detail=_(
            "Action plan %(year)s, version %(version)s: %(status)s.",
            year=plan.year,
            version=plan.version,
            status=PLAN_STATUS_LABELS[plan.status],
        ),
        count=0,
        scope_name=plan.region_name,
        **_plan_link(plan.id),
    )


def _votes_awaited() -> Query:
    """Each submitted plan with its region's members and whether each has voted: one branch."""
    voted = exists().where(PlanVote.plan_id == ActionPlan.id, PlanVote.tenant_id == RegionMembership.tenant_id)
    statement = (
        select(ActionPlan.id, ActionPlan.year, ActionPlan.version, Region.name, Tenant.name, voted)
        .join(Region, Region.id == ActionPlan.region_id)
        # Outer joins: a plan of a region without members still gets its item (0 of 0).
        .outerjoin(RegionMembership, RegionMembership.region_id == ActionPlan.region_id)
        .outerjoin(Tenant, Tenant.id == RegionMembership.tenant_id)
        .where(ActionPlan.region_id.in_(scope_ids(Role.COORDINATOR)), ActionPlan.status == "submitted")
    )
    return Query(statement, (ActionPlan.year, ActionPlan.id, Tenant.name))


_VOTES_AWAITED = _votes_awaited()


def _awaited_items(rows: list) -> list[AttentionItem]:
    plans: dict[tuple, tuple[list[str], list[str]]] = {}
    for plan_id, year, version, region_name, tenant_name, has_voted in rows:
        members, waiting = plans.setdefault((plan_id, year, version, region_name), ([], []))
        if tenant_name is None:
            continue
        members.append(tenant_name)
        if not has_voted:
            waiting.append(tenant_name)
    return [_awaited_item(*plan, len(members), waiting) for plan, (members, waiting) in plans.items()]


def _awaited_item(
    plan_id: int, year: int, version: int, region_name: str, members: int, waiting: list[str]
) -> AttentionItem:
    return AttentionItem(
        kind="plans.votes_awaited",
        key=f"plans.votes_awaited:{plan_id}",
        role=Role.COORDINATOR,
        severity=INFO,
        title=_(
            "Action plan %(year)s, version %(version)s: %(voted)s of %(members)s have voted",
            year=year,
            version=version,
            voted=members - len(waiting),
            members=members,
        ),
        detail=_("Waiting for %(names)s.", names=", ".join(waiting)) if waiting else "",
        count=len(waiting),
        scope_name=region_name,
        **_plan_link(plan_id),
    )


def _drafts_changed() -> Query:
    """Drafts the drafting job added items to in the past week (the coordinator reads the region's audit log)."""
    statement = (
        select(ActionPlan.id, ActionPlan.year, ActionPlan.version, Region.name, AuditEvent.summary)
        .join(AuditEvent, AuditEvent.object_id == cast(ActionPlan.id, String))
        .join(Region, Region.id == ActionPlan.region_id)
        .where(
            ActionPlan.region_id.in_(scope_ids(Role.COORDINATOR)),
            ActionPlan.status == "draft",
            AuditEvent.object_type == "ActionPlan",
            AuditEvent.action == "action_plan.draft",
            AuditEvent.actor_user_id.is_(None),
            AuditEvent.occurred_at >= bindparam("changes_since"),
        )
    )
    return Query(statement, (ActionPlan.year, ActionPlan.id))


_DRAFTS_CHANGED = _drafts_changed()


def _changed_items(rows: list) -> list[AttentionItem]:
    added: dict[tuple, int] = defaultdict(int)
    for plan_id, year, version, region_name, summary in rows:
        added[(plan_id, year, version, region_name)] += int((summary or {}).get("items_added", 0))
    return [_changed_item(*plan, count) for plan, count in added.items()]


def _changed_item(plan_id: int, year: int, version: int, region_name: str, count: int) -> AttentionItem:
    return AttentionItem(
        kind="plans.draft_changed",
        key=f"plans.draft_changed:{plan_id}",
        role=Role.COORDINATOR,
        severity=INFO,
        title=_("The draft action plan %(year)s got new items", year=year),
        detail=ngettext(
            "The drafting job added %(num)s item to version %(version)s this past week: review it.",
            "The drafting job added %(num)s items to version %(version)s this past week: review them.",
            count,
            version=version,
        ),
        count=count,
        scope_name=region_name,
        **_plan_link(plan_id),
    )
