"""What needs a chief executive's attention: signing the data processing agreement for their municipality.

One item per procurement and municipality whose current DPA version awaits the municipality's signature.
One branch of the attention statement, whatever the number of procurements.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from samverka.platform.attention.items import (
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
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.platform.signatures.models import DpaDocument, DpaSignature
from samverka.tenants.models import Tenant
from samverka.tenants.roles import Role


def _awaiting_signature() -> Query:
    """Each procurement with a signed contract and each of the chief executive's municipalities in it whose
    signature of the current (latest) DPA version is missing."""
    later = aliased(DpaDocument)
    newer = exists().where(later.procurement_id == DpaDocument.procurement_id, later.version > DpaDocument.version)
    signed = exists().where(
        DpaSignature.document_id == DpaDocument.id, DpaSignature.tenant_id == ProcurementNeed.tenant_id
    )
    statement = (
        select(JointProcurement.id, JointProcurement.title, ProcurementNeed.tenant_id, Tenant.name)
        .join(ProcurementNeed, ProcurementNeed.procurement_id == JointProcurement.id)
        .join(Tenant, Tenant.id == ProcurementNeed.tenant_id)
        .join(DpaDocument, DpaDocument.procurement_id == JointProcurement.id)
        .where(
            JointProcurement.status == CONTRACT_SIGNED,
            ProcurementNeed.tenant_id.in_(scope_ids(Role.CHIEF_EXECUTIVE)),
            ~newer,
            ~signed,
        )
        .group_by(JointProcurement.id, JointProcurement.title, ProcurementNeed.tenant_id, Tenant.name)  # distinct
    )
    return Query(statement, (JointProcurement.id, JointProcurement.title, ProcurementNeed.tenant_id, Tenant.name))


_AWAITING_SIGNATURE = _awaiting_signature()


def signatures_attention(session: Session, principal: Principal, today: date) -> list[Branch]:
    tenant_ids = role_scopes(principal, Role.CHIEF_EXECUTIVE)
    if not tenant_ids:
        return []
    params = scope_params(Role.CHIEF_EXECUTIVE, tenant_ids)
    return [Branch(_AWAITING_SIGNATURE, params, lambda rows: [_item(*row) for row in rows])]


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
