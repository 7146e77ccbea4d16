"""Reading the signed papers delivered to a municipality or a partner organisation: lists and downloads."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.delivery.models import DeliveredDocument
from samverka.platform.documents.storage import document_store
from samverka.tenants import permissions as perm
from samverka.tenants.access import access
from samverka.tenants.models import PartnerOrganisation, Tenant
from samverka.tenants.services.directory import access_partner, access_tenant

READERS = (perm.TENANT_DOCUMENTS_READ, perm.PARTNER_DOCUMENTS_READ)
NEWEST_FIRST = (Order(DeliveredDocument.delivered_at, descending=True), Order(DeliveredDocument.id, descending=True))


def access_delivered_document(session: Session, principal: Principal, document_id: int) -> DeliveredDocument:
    return access(session, principal, DeliveredDocument, document_id, READERS)


def tenant_documents(
    session: Session, principal: Principal, tenant_id: int, page: PageRequest = FIRST_PAGE
) -> tuple[Tenant, Page[DeliveredDocument]]:
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_DOCUMENTS_READ)
    stmt = select(DeliveredDocument).where(DeliveredDocument.tenant_id == tenant.id)
    return tenant, paginate(session, stmt, NEWEST_FIRST, page)


def partner_documents(
    session: Session, principal: Principal, partner_id: int, page: PageRequest = FIRST_PAGE
) -> tuple[PartnerOrganisation, Page[DeliveredDocument]]:
    partner = access_partner(session, principal, partner_id, perm.PARTNER_DOCUMENTS_READ)
    stmt = select(DeliveredDocument).where(DeliveredDocument.partner_id == partner.id)
    return partner, paginate(session, stmt, NEWEST_FIRST, page)


def content(document: DeliveredDocument) -> bytes:
    return document_store().get(document.storage_key)
