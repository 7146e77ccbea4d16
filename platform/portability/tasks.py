"""The export job, its e-mail, and the nightly cleanup of expired archives.

``build_export`` claims a queued export (a second run finds it running or done, and does nothing), checks
again that the requester still holds ``tenant:export`` in the municipality, and commits its progress after
each table, so the page shows it while the job runs. Logs name ids and counts only, never personal data.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.jobs.runner import task
from samverka.platform.core.extensions import db
from samverka.platform.core.time import utcnow
from samverka.platform.documents.storage import document_store
from samverka.platform.mail.mailer import get_mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, render_mail
from samverka.platform.portability.catalogue import OWNED
from samverka.platform.portability.exporting import build_archive
from samverka.platform.portability.models import EXPIRED, FAILED, QUEUED, READY, RUNNING, TenantExport
from samverka.platform.portability.services import KEPT_FOR
from samverka.tenants import permissions as perm
from samverka.tenants.models import RoleAssignment, Tenant, User
from samverka.tenants.roles import Role

log = logging.getLogger("samverka.portability")
MAIL_JOB = job("samverka.platform.portability.tasks.send_export_email")
NO_LONGER_ALLOWED = "the requester no longer holds the export permission in the municipality"
BUILD_FAILED = "the archive could not be made"


@task("export a municipality's data")
def build_export(export_id: int) -> None:
    session = db.session
    claimed = session.execute(
        update(TenantExport)
        .where(TenantExport.id == export_id, TenantExport.status == QUEUED)
        .values(status=RUNNING, progress_done=0, progress_total=len(OWNED) + 1)
    )
    if claimed.rowcount != 1:
        log.info("export %s: missing, running or done", export_id)
        return
    session.commit()
    export = session.get(TenantExport, export_id)
    if not _still_allowed(session, export):
        _finish(session, export, FAILED, error=NO_LONGER_ALLOWED)
        return
    try:
        content = build_archive(session, export.tenant_id, lambda: _step(session, export_id))
    except Exception:
        session.rollback()
        _finish(session, session.get(TenantExport, export_id), FAILED, error=BUILD_FAILED)
        raise
    _store(session, session.get(TenantExport, export_id), content)


def _still_allowed(session: Session, export: TenantExport) -> bool:
    """The requester is still an active user holding a role that exports in the municipality."""
    roles = [role.value for role in Role if perm.TENANT_EXPORT in perm.ROLE_PERMISSIONS[role].own]
    stmt = (
        select(RoleAssignment.id)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.user_id == export.requested_by_id,
            RoleAssignment.tenant_id == export.tenant_id,
            RoleAssignment.role.in_(roles),
            User.active.is_(True),
        )
    )
    return export.requested_by_id is not None and session.scalar(stmt.limit(1)) is not None


def _step(session: Session, export_id: int) -> None:
    session.execute(
        update(TenantExport).where(TenantExport.id == export_id).values(progress_done=TenantExport.progress_done + 1)
    )
    session.commit()


def _store(session: Session, export: TenantExport, content: bytes) -> None:
    key = f"exports/{export.tenant_id}/{export.id}/{secrets.token_hex(16)}"
    document_store().put(key, content, "application/zip")
    export.storage_key = key
    export.sha256 = hashlib.sha256(content).hexdigest()
    export.size_bytes = len(content)
    _finish(session, export, READY)
    enqueue_after_commit(session, MAIL_JOB, export.id)
    log.info("export %s: ready, %d bytes", export.id, len(content))


def _finish(session: Session, export: TenantExport, status: str, *, error: str | None = None) -> None:
    export.status = status
    export.error = error
    export.finished_at = utcnow()
    export.expires_at = export.finished_at + KEPT_FOR if status == READY else None
    session.commit()


@task("e-mail that a municipality's export is ready", queue="mail")
def send_export_email(export_id: int) -> None:
    """Claimed like the other areas' mail (``mailed_at``): if sending fails the claim rolls back and a retry sends."""
    session = db.session
    claimed = session.execute(
        update(TenantExport)
        .where(TenantExport.id == export_id, TenantExport.status == READY, TenantExport.mailed_at.is_(None))
        .values(mailed_at=utcnow())
    )
    export = session.get(TenantExport, export_id) if claimed.rowcount == 1 else None
    user = session.get(User, export.requested_by_id) if export and export.requested_by_id else None
    if export is None or user is None or not user.active:
        log.info("export %s: nothing to e-mail", export_id)
        return
    tenant = session.get(Tenant, export.tenant_id)
    mail = render_mail(
        "export_ready",
        (COUNTRY_LOCALES[tenant.country], "en"),
        tenant=tenant.name,
        expires=export.expires_at.strftime("%Y-%m-%d %H:%M"),
        link=f"{current_app.config['PUBLIC_URL']}/tenants/{tenant.id}/exports",
    )
    get_mailer(current_app).send(user.email, mail.subject, mail.text, mail.html)
    log.info("export %s: e-mailed the requester", export_id)


@task("delete expired export archives", queue="maintenance")
def expire_exports() -> None:
    """Ready exports past their 7 days: the archive's bytes deleted, the export marked expired."""
    session = db.session
    found = session.scalars(
        select(TenantExport).where(TenantExport.status == READY, TenantExport.expires_at <= utcnow())
    )
    expired = 0
    for export in found.all():
        document_store().delete(export.storage_key)
        export.status = EXPIRED
        expired += 1
    log.info("exports: %d expired", expired)
