"""A municipality's exports: starting one, reading them, and downloading an archive within its 7 days.

Held by the municipality's IT coordinator (``tenant:export``); another municipality's export is the same
404 as a missing one. The archive itself is built by a job (``tasks.build_export``), never in a request.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.core.errors import Conflict
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.documents.storage import document_store
from samverka.platform.portability.models import QUEUED, READY, RUNNING, TenantExport
from samverka.tenants import permissions as perm
from samverka.tenants.access import access
from samverka.tenants.models import Tenant
from samverka.tenants.services.directory import access_tenant

BUILD_JOB = job("samverka.platform.portability.tasks.build_export")
KEPT_FOR = timedelta(days=7)
NEWEST_FIRST = (Order(TenantExport.created_at, descending=True), Order(TenantExport.id, descending=True))
ALREADY_RUNNING = _l("An export of the municipality is already being made: wait until it is ready.")


def start_export(session: Session, principal: Principal, tenant_id: int) -> TenantExport:
    """A new export, queued; one at a time per municipality (a second while one runs is a 409)."""
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_EXPORT)
    busy = select(TenantExport.id).where(
        TenantExport.tenant_id == tenant.id, TenantExport.status.in_((QUEUED, RUNNING))
    )
    if session.scalar(busy.limit(1)) is not None:
        raise Conflict("export_running", ALREADY_RUNNING)
    export = TenantExport(tenant_id=tenant.id, requested_by_id=principal.user_id, status=QUEUED)
    session.add(export)
    session.flush()
    record(session, principal, "tenant.export_requested", export, tenant_id=tenant.id)
    enqueue_after_commit(session, BUILD_JOB, export.id)
    return export


def access_export(session: Session, principal: Principal, export_id: int) -> TenantExport:
    return access(session, principal, TenantExport, export_id, perm.TENANT_EXPORT)


def tenant_exports(
    session: Session, principal: Principal, tenant_id: int, page: PageRequest = FIRST_PAGE
) -> tuple[Tenant, Page[TenantExport]]:
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_EXPORT)
    stmt = select(TenantExport).where(TenantExport.tenant_id == tenant.id)
    return tenant, paginate(session, stmt, NEWEST_FIRST, page)


def downloadable(export: TenantExport, now: datetime | None = None) -> bool:
    """Ready and within its 7 days (the cleanup job may not have marked it expired yet)."""
    now = now or utcnow()
    return export.status == READY and export.expires_at is not None and now < export.expires_at


def archive_content(session: Session, principal: Principal, export: TenantExport) -> bytes:
    """The archive's bytes (the caller checked ``downloadable``); the download is audited."""
    record(session, principal, "tenant.export_downloaded", export, tenant_id=export.tenant_id)
    return document_store().get(export.storage_key)


def archive_filename(export: TenantExport) -> str:
    return f"samverka-export-{export.tenant_id}-{export.id}.zip"
