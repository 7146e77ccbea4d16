"""Reaching plans and items, and the rules every change to a plan obeys.

``access_plan`` / ``access_item`` are the way from an id to a plan or an item: another region's
plan is simply not found (a 404). A plan is edited only while it is a draft; an approved plan
takes items only as "outside the plan". Refusals are ``Refused`` (422, nothing changed).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import Session

from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan, PlanItem
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access
from samverka.tenants.models import Region
from samverka.tenants.services.directory import access_region

READ_ONLY = {
    "submitted": _l("The plan is submitted for approval and is read-only: make a new version to change it."),
    "approved": _l("The approved plan is read-only: make a new version to change it."),
    "rejected": _l("The rejected plan is read-only: make a new version to change it."),
    "superseded": _l("This version has been replaced by a newer one and is read-only."),
}


def access_plan(
    session: Session, principal: Principal, plan_id: int, permission: Permission = perm.REGION_PLAN_READ
) -> ActionPlan:
    return access(session, principal, ActionPlan, plan_id, permission)


def access_item(
    session: Session, principal: Principal, item_id: int, permission: Permission = perm.REGION_PLAN_READ
) -> PlanItem:
    return access(session, principal, PlanItem, item_id, permission)


def require_editable(plan: ActionPlan, item: PlanItem | None = None) -> None:
    """A draft is edited freely; after approval only the items added outside the plan."""
    if plan.is_draft or (plan.status == "approved" and item is not None and item.outside_plan):
        return
    raise Refused({"status": [READ_ONLY[plan.status]]})


# Newest year and version first; the region's id bound: both lists' statements are built once.
_NEWEST_FIRST = (ActionPlan.year.desc(), ActionPlan.version.desc())
_PLANS = select(ActionPlan).where(ActionPlan.region_id == bindparam("region_id")).order_by(*_NEWEST_FIRST)
_ITEM_COUNT = select(func.count(PlanItem.id)).where(PlanItem.plan_id == ActionPlan.id).scalar_subquery()
_PLAN_ROWS = (
    select(
        ActionPlan.id,
        ActionPlan.year,
        ActionPlan.version,
        ActionPlan.status,
        ActionPlan.submitted_at,
        ActionPlan.decided_at,
        _ITEM_COUNT.label("item_count"),
    )
    .where(ActionPlan.region_id == bindparam("region_id"))
    .order_by(*_NEWEST_FIRST)
)


def plans_of_region(session: Session, principal: Principal, region_id: int) -> list[ActionPlan]:
    """Newest year and version first."""
    access_region(session, principal, region_id, perm.REGION_PLAN_READ)
    return list(session.scalars(_PLANS, {"region_id": region_id}))


def plan_rows_of_region(session: Session, principal: Principal, region_id: int) -> tuple[Region, list[Row]]:
    """The region and its plans as ``plans_of_region`` orders them, each a row with its ``item_count``.

    The list shows how many items a plan has: counted by the database, not loaded to be counted.
    """
    region = access_region(session, principal, region_id, perm.REGION_PLAN_READ)
    return region, list(session.execute(_PLAN_ROWS, {"region_id": region_id}))


def latest_version(session: Session, region_id: int, year: int) -> ActionPlan | None:
    stmt = (
        select(ActionPlan)
        .where(ActionPlan.region_id == region_id, ActionPlan.year == year)
        .order_by(ActionPlan.version.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


# The ids of the later versions of a plan's year (the plan page asks whether any exists), bound to the
# plan's ``region_id``, ``year`` and ``version``: built once.
LATER_VERSIONS = select(ActionPlan.id).where(
    ActionPlan.region_id == bindparam("region_id"),
    ActionPlan.year == bindparam("year"),
    ActionPlan.version > bindparam("version"),
)
