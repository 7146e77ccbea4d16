"""What needs attention in the needs: the IT coordinator's drafts, missing benefit plans and needs
awaiting the region; the region coordinator's newly submitted needs. Two branches at most."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, case, exists, func, select
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
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs import lifecycle
from samverka.platform.needs.models import BenefitLine, BenefitPlan, Need, NeedSubmission
from samverka.tenants.models import Region, Tenant
from samverka.tenants.roles import Role

# A need still on its way to a procurement should carry a benefit plan; an ended one no longer matters.
IN_PROGRESS = (lifecycle.DRAFT, lifecycle.SUBMITTED, lifecycle.UNDER_CONSIDERATION, lifecycle.JOINED)


def needs_attention(session: Session, principal: Principal, today: date) -> list[Branch]:
    return _tenant_items(session, principal) + _region_items(session, principal)


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _tenant_counts() -> Query:
    """Per municipality: its drafts, its needs in progress without a benefit plan, its needs awaiting the region."""
    has_benefits = exists().where(BenefitLine.plan_id == BenefitPlan.id, BenefitPlan.need_id == Need.id)
    statement = (
        select(
            Tenant.id,
            Tenant.name,
            _count(Need.status == lifecycle.DRAFT),
            _count(and_(Need.kind != "initiative", Need.status.in_(IN_PROGRESS), ~has_benefits)),
            _count(Need.status == lifecycle.SUBMITTED),
        )
        .join(Need, Need.tenant_id == Tenant.id)
        .where(Tenant.id.in_(scope_ids(Role.IT_COORDINATOR)))
        .group_by(Tenant.id, Tenant.name)
    )
    return Query(statement, (Tenant.name,))


_TENANT_COUNTS = _tenant_counts()

# Per region: the needs submitted to it and not yet taken into consideration.
_REGION_COUNTS = Query(
    select(Region.id, Region.name, func.count(NeedSubmission.need_id))
    .join(NeedSubmission, NeedSubmission.region_id == Region.id)
    .join(Need, Need.id == NeedSubmission.need_id)
    .where(Region.id.in_(scope_ids(Role.COORDINATOR)), Need.status == lifecycle.SUBMITTED)
    .group_by(Region.id, Region.name),
    (Region.name,),
)


def _tenant_items(session: Session, principal: Principal) -> list[Branch]:
    tenant_ids = role_scopes(principal, Role.IT_COORDINATOR)
    if not tenant_ids:
        return []
    return [Branch(_TENANT_COUNTS, scope_params(Role.IT_COORDINATOR, tenant_ids), _tenant_rows)]


def _tenant_rows(rows: list) -> list[AttentionItem]:
    items = []
    for tenant_id, name, drafts, without_plan, awaiting in rows:
        items += _tenant_row(tenant_id, name, drafts or 0, without_plan or 0, awaiting or 0)
    return items


def _tenant_row(tenant_id: int, name: str, drafts: int, without_plan: int, awaiting: int) -> list[AttentionItem]:
    def item(kind: str, severity: str, count: int, title: str, detail: str, status: str = "") -> AttentionItem:
        return AttentionItem(
            kind=kind,
            key=f"{kind}:tenant:{tenant_id}",
            role=Role.IT_COORDINATOR,
            severity=severity,
            title=title,
            detail=detail,
            count=count,
            endpoint="needs.tenant_needs",
            # The list filtered to what the item is about, where the list has that filter.
            values=(("tenant_id", tenant_id),) + ((("status", status),) if status else ()),
            scope_name=name,
        )

    items = []
    if drafts:
        title = ngettext("%(num)s draft not submitted", "%(num)s drafts not submitted", drafts)
        detail = _("Submit them to the region when they are ready.")
        items.append(item("needs.drafts", WARNING, drafts, title, detail, lifecycle.DRAFT))
    if without_plan:
        title = ngettext("%(num)s need without a benefit plan", "%(num)s needs without a benefit plan", without_plan)
        detail = _("Add the benefits each need is expected to give.")
        items.append(item("needs.benefit_plans", WARNING, without_plan, title, detail))
    if awaiting:
        title = ngettext(
            "%(num)s submitted need awaits the region's answer",
            "%(num)s submitted needs await the region's answer",
            awaiting,
        )
        items.append(
            item(
                "needs.awaiting_region",
                INFO,
                awaiting,
                title,
                _("The region's coordinator handles them next."),
                lifecycle.SUBMITTED,
            )
        )
    return items


def _region_items(session: Session, principal: Principal) -> list[Branch]:
    region_ids = role_scopes(principal, Role.COORDINATOR)
    if not region_ids:
        return []
    return [Branch(_REGION_COUNTS, scope_params(Role.COORDINATOR, region_ids), _region_rows)]


def _region_rows(rows: list) -> list[AttentionItem]:
    return [
        AttentionItem(
            kind="needs.new_in_region",
            key=f"needs.new_in_region:region:{region_id}",
            role=Role.COORDINATOR,
            severity=INFO,
            title=ngettext("%(num)s new need to handle", "%(num)s new needs to handle", count),
            detail=_("Submitted by the member municipalities and not yet taken into consideration."),
            count=count,
            endpoint="needs.region_needs",
            values=(("region_id", region_id), ("status", lifecycle.SUBMITTED)),
            scope_name=name,
        )
        for region_id, name, count in rows
    ]
