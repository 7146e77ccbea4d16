"""What needs attention after a delivery: the coordinator confirms go-live of each delivered procurement;
the participants' IT coordinators and the partner recipients' readers learn of new signed papers for a week.
One branch per role held."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
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
from samverka.platform.core.titles import localized_title
from samverka.platform.delivery.models import DeliveredDocument
from samverka.platform.procurements.models import JointProcurement
from samverka.tenants.models import PartnerOrganisation, Region, Tenant
from samverka.tenants.roles import Role

NEW_FOR_DAYS = 7


def delivery_attention(session: Session, principal: Principal, today: date) -> list[Branch]:
    return _go_live(principal) + _new_papers(principal, today)


_DELIVERED = Query(
    select(JointProcurement.id, JointProcurement.title, Region.name)
    .join(Region, Region.id == JointProcurement.region_id)
    .where(JointProcurement.region_id.in_(scope_ids(Role.COORDINATOR)), JointProcurement.status == "delivered"),
    (JointProcurement.id,),
)


def _go_live(principal: Principal) -> list[Branch]:
    region_ids = role_scopes(principal, Role.COORDINATOR)
    if not region_ids:
        return []
    return [Branch(_DELIVERED, scope_params(Role.COORDINATOR, region_ids), _go_live_items)]


def _go_live_items(rows: list) -> list[AttentionItem]:
    return [
        AttentionItem(
            kind="delivery.go_live",
            key=f"delivery.go_live:{procurement_id}",
            role=Role.COORDINATOR,
            severity=WARNING,
            title=_("Confirm go-live of %(title)s", title=localized_title(title)),
            detail=_("The signed papers are delivered: confirm the day it went into operation."),
            endpoint="delivery.delivery_page",
            values=(("procurement_id", procurement_id),),
            scope_name=region_name,
        )
        for procurement_id, title, region_name in rows
    ]


def _new_papers(principal: Principal, today: date) -> list[Branch]:
    since = {"papers_since": datetime.combine(today - timedelta(days=NEW_FOR_DAYS), time.min)}
    tenant_ids = role_scopes(principal, Role.IT_COORDINATOR)
    partner_ids = {g.partner_id for g in principal.grants if g.role == Role.PARTNER_READER and g.partner_id}
    branches = []
    if tenant_ids:
        params = {**scope_params(Role.IT_COORDINATOR, tenant_ids), **since}
        branches.append(
            Branch(_TENANTS_PAPERS, params, lambda rows: _papers_items(rows, Role.IT_COORDINATOR, "tenant"))
        )
    if partner_ids:
        params = {"partner_ids": sorted(partner_ids), **since}
        branches.append(
            Branch(_PARTNERS_PAPERS, params, lambda rows: _papers_items(rows, Role.PARTNER_READER, "partner"))
        )
    return branches


def _recent(owner: tuple):
    """Per owner and procurement: the papers delivered since ``papers_since``."""
    return (
        select(*owner, DeliveredDocument.procurement_id, DeliveredDocument.procurement_title, func.count())
        .where(DeliveredDocument.delivered_at >= bindparam("papers_since"))
        .group_by(*owner, DeliveredDocument.procurement_id, DeliveredDocument.procurement_title)
    )


_TENANTS_PAPERS = Query(
    _recent((DeliveredDocument.tenant_id, Tenant.name))
    .join(Tenant, Tenant.id == DeliveredDocument.tenant_id)
    .where(DeliveredDocument.tenant_id.in_(scope_ids(Role.IT_COORDINATOR))),
    (DeliveredDocument.procurement_id,),
)
_PARTNERS_PAPERS = Query(
    _recent((DeliveredDocument.partner_id, PartnerOrganisation.name))
    .join(PartnerOrganisation, PartnerOrganisation.id == DeliveredDocument.partner_id)
    .where(DeliveredDocument.partner_id.in_(bindparam("partner_ids", expanding=True))),
    (DeliveredDocument.procurement_id,),
)


def _papers_items(rows: list, role: Role, kind: str) -> list[AttentionItem]:
    return [_papers_item(row, role, kind) for row in rows]


def _papers_item(row, role: Role, kind: str) -> AttentionItem:
    owner_id, owner_name, procurement_id, title, count = row
    return AttentionItem(
        kind="delivery.new_papers",
        key=f"delivery.new_papers:{kind}:{owner_id}:{procurement_id}",
        role=role,
        severity=INFO,
        title=_("New signed papers delivered: %(title)s", title=localized_title(title)),
        detail=_("The signed contract and data processing agreement are among your documents."),
        count=count,
        endpoint=f"delivery.{kind}_documents",
        values=((f"{kind}_id", owner_id),),
        scope_name=owner_name,
    )
