"""What needs a chief executive's attention: signing the data processing agreement for their municipality.

One item per procurement and municipality whose current DPA version awaits the municipality's signature.
Three queries, whatever the number of procurements.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import WARNING, AttentionItem, role_scopes
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.titles import localized_title
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.platform.signatures.models import DpaDocument, DpaSignature
from samverka.tenants.models import Tenant
from samverka.tenants.roles import Role


def signatures_attention(session: Session, principal: Principal, today: date) -> list[AttentionItem]:
    tenant_ids = sorted(role_scopes(principal, Role.CHIEF_EXECUTIVE))
    if not tenant_ids:
        return []
    rows = session.execute(
        select(JointProcurement.id, JointProcurement.title, ProcurementNeed.tenant_id, Tenant.name)
        .join(ProcurementNeed, ProcurementNeed.procurement_id == JointProcurement.id)
        .join(Tenant, Tenant.id == ProcurementNeed.tenant_id)
        .where(JointProcurement.status == CONTRACT_SIGNED, ProcurementNeed.tenant_id.in_(tenant_ids))
        .distinct()
    ).all()
    current = _current_documents(session, sorted({row[0] for row in rows}))
    signed = set(
        session.execute(
            select(DpaSignature.document_id, DpaSignature.tenant_id).where(
                DpaSignature.document_id.in_(sorted(current.values()))
            )
        ).all()
    )
    return [
        _item(procurement_id, title, tenant_id, name)
        for procurement_id, title, tenant_id, name in sorted(rows)
        if procurement_id in current and (current[procurement_id], tenant_id) not in signed
    ]


def _current_documents(session: Session, procurement_ids: list[int]) -> dict[int, int]:
    """Each procurement's current (latest) DPA version's id."""
    if not procurement_ids:
        return {}
    latest = (
        select(DpaDocument.procurement_id, func.max(DpaDocument.version).label("version"))
        .where(DpaDocument.procurement_id.in_(procurement_ids))
        .group_by(DpaDocument.procurement_id)
        .subquery()
    )
    found = session.execute(
        select(DpaDocument.procurement_id, DpaDocument.id).join(
            latest,
            (latest.c.procurement_id == DpaDocument.procurement_id) & (latest.c.version == DpaDocument.version),
        )
    )
    return dict(found.all())


def _item(procurement_id: int, title: str, tenant_id: int, tenant_name: str) -> AttentionItem:
    return AttentionItem(
        kind="signatures.dpa",
        key=f"signatures.dpa:{procurement_id}:{tenant_id}",
        role=Role.CHIEF_EXECUTIVE,
        severity=WARNING,
        title=_("Sign the data processing agreement of %(title)s", title=localized_title(title)),
        detail=_("The contract is not in force for personal data until every participating municipality has signed."),
        endpoint="signatures.dpa",
        values=(("procurement_id", procurement_id),),
        scope_name=tenant_name,
    )
