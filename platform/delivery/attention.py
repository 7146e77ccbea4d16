"""What needs attention after a delivery: the coordinator confirms go-live of each delivered procurement;
the participants' IT coordinators and the partner recipients' readers learn of new signed papers for a week.
One query per role held."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import INFO, WARNING, AttentionItem, role_scopes
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.titles import localized_title
from samverka.platform.delivery.models import DeliveredDocument
from samverka.platform.procurements.models import JointProcurement
from samverka.tenants.models import PartnerOrganisation, Region, Tenant
from samverka.tenants.roles import Role

NEW_FOR_DAYS = 7


def delivery_attention(session: Session, principal: Principal, today: date) -> list[AttentionItem]:
    return _go_live(session, principal) + _new_papers(session, principal, today)


def _go_live(session: Session, principal: Principal) -> list[AttentionItem]:
    region_ids = role_scopes(principal, Role.COORDINATOR)
    if not region_ids:
        return []
    rows = session.execute(
        select(JointProcurement.id, JointProcurement.title, Region.name)
        .join(Region, Region.id == JointProcurement.region_id)
        .where(JointProcurement.region_id.in_(sorted(region_ids)), JointProcurement.status == "delivered")
        .order_by(JointProcurement.id)
    )
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


def _new_papers(session: Session, principal: Principal, today: date) -> list[AttentionItem]:
    since = datetime.combine(today - timedelta(days=NEW_FOR_DAYS), time.min)
    tenant_ids = role_scopes(principal, Role.IT_COORDINATOR)
    partner_ids = {g.partner_id for g in principal.grants if g.role == Role.PARTNER_READER and g.partner_id}
    items = []
    if tenant_ids:
        owner = (DeliveredDocument.tenant_id, Tenant.name)
        stmt = _recent(owner, since).join(Tenant, Tenant.id == DeliveredDocument.tenant_id)
        stmt = stmt.where(DeliveredDocument.tenant_id.in_(sorted(tenant_ids)))
        items += [_papers_item(row, Role.IT_COORDINATOR, "tenant") for row in session.execute(stmt)]
    if partner_ids:
        owner = (DeliveredDocument.partner_id, PartnerOrganisation.name)
        stmt = _recent(owner, since).join(PartnerOrganisation, PartnerOrganisation.id == DeliveredDocument.partner_id)
        stmt = stmt.where(DeliveredDocument.partner_id.in_(sorted(partner_ids)))
        items += [_papers_item(row, Role.PARTNER_READER, "partner") for row in session.execute(stmt)]
    return items


def _recent(owner: tuple, since: datetime):
    """Per owner and procurement: the papers delivered since ``since``."""
    return (
        select(*owner, DeliveredDocument.procurement_id, DeliveredDocument.procurement_title, func.count())
        .where(DeliveredDocument.delivered_at >= since)
        .group_by(*owner, DeliveredDocument.procurement_id, DeliveredDocument.procurement_title)
        .order_by(DeliveredDocument.procurement_id)
    )


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
