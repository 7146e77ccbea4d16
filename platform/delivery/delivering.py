"""What the delivery job does, under the procurement's row lock, as the system.

Each participant and each partner organisation marked as a recipient gets its own copy of the signed
contract and data processing agreement (its own bytes in the document store, checked against the
SHA-256 recorded at upload); each participant gets its yearly maintenance lines; the procurement moves
to ``delivered``. One ``Delivery`` row records it, so a second run does nothing.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.delivery.models import DeliveredDocument, Delivery
from samverka.platform.delivery.services import DELIVERED, Readiness
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.documents.storage import document_store
from samverka.platform.plans.services import maintenance
from samverka.platform.procurements import running
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import participant_ids
from samverka.tenants.models import PartnerOrganisation


class AlteredDocument(Exception):
    """The stored bytes are not what was uploaded: nothing is delivered, and the job fails loudly."""


def recipient_partner_ids(session: Session, region_id: int) -> list[int]:
    stmt = select(PartnerOrganisation.id).where(
        PartnerOrganisation.region_id == region_id, PartnerOrganisation.receives_signed_papers.is_(True)
    )
    return sorted(session.scalars(stmt.order_by(PartnerOrganisation.id)))


def deliver(session: Session, procurement: JointProcurement, found: Readiness) -> Delivery:
    tenant_ids = participant_ids(session, procurement)
    partner_ids = recipient_partner_ids(session, procurement.region_id)
    sources = [d for d in (found.contract_document, found.dpa_document) if d is not None]
    copies = [
        _copy(session, procurement, source, owner)
        for source in sources
        for owner in [("tenant", t) for t in tenant_ids] + [("partner", p) for p in partner_ids]
    ]
    lines = _maintenance(session, procurement, found, tenant_ids)
    delivery = Delivery(procurement_id=procurement.id, region_id=procurement.region_id, contract_id=found.contract.id)
    session.add(delivery)
    session.flush()
    running.move(session, principal_of(session), procurement, DELIVERED)
    summary = {"copies": len(copies), "tenants": tenant_ids, "partners": partner_ids, "maintenance_lines": lines}
    record(
        session,
        principal_of(session),
        "procurement.delivered",
        delivery,
        region_id=procurement.region_id,
        summary=summary,
    )
    return delivery


def _copy(
    session: Session, procurement: JointProcurement, source: ProcurementDocument, owner: tuple[str, int]
) -> DeliveredDocument:
    store = document_store()
    content = store.get(source.storage_key)
    if hashlib.sha256(content).hexdigest() != source.sha256:
        raise AlteredDocument(f"procurement document {source.id} does not match its SHA-256")
    kind, owner_id = owner
    copy = DeliveredDocument(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        tenant_id=owner_id if kind == "tenant" else None,
        partner_id=owner_id if kind == "partner" else None,
        source_document_id=source.id,
        procurement_title=procurement.title,
        kind=source.kind,
        version=source.version,
        filename=source.filename,
        media_type=source.media_type,
        size_bytes=source.size_bytes,
        sha256=source.sha256,
        storage_key=f"delivered/{kind}s/{owner_id}/{secrets.token_hex(16)}",
    )
    session.add(copy)
    session.flush()
    store.put(copy.storage_key, content, copy.media_type)
    return copy


def _maintenance(session: Session, procurement: JointProcurement, found: Readiness, tenant_ids: list[int]) -> int:
    """The participants' maintenance lines; none when the contract states no annual value."""
    contract = found.contract
    if contract.annual_value_minor is None or not tenant_ids:
        return 0
    term = maintenance.MaintenanceTerm(
        contract_id=contract.id,
        title=contract.title,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        annual_minor=contract.annual_value_minor,
        currency=contract.currency,
    )
    written = maintenance.write_lines(
        session,
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        tenant_ids=tenant_ids,
        term=term,
    )
    return len(written)
