"""One export of a municipality's data: asked for by its IT coordinator, built by a job, kept for 7 days.

Anyone holding ``tenant:export`` in the municipality reads and starts its exports; only the system (the job)
moves an export along (status, progress, the archive), and the cleanup job expires it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm

QUEUED, RUNNING, READY, FAILED, EXPIRED = "queued", "running", "ready", "failed", "expired"
EXPORT_STATUSES = (QUEUED, RUNNING, READY, FAILED, EXPIRED)


class TenantExport(db.Model):
    __tablename__ = "tenant_exports"
    __table_args__ = (
        CheckConstraint(one_of("status", EXPORT_STATUSES), name="status"),
        CheckConstraint("progress_done >= 0 AND progress_total >= 0", name="progress"),
    )
    __tenancy__ = TenancyRule(
        read=Held("tenant_id", perm.TENANT_EXPORT),
        write=Held("tenant_id", perm.TENANT_EXPORT),
        update=NEVER,
        delete=NEVER,
        scopes={"tenant": "tenant_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    storage_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # finished_at + 7 days; after it the archive is gone (410) and the cleanup job deletes its bytes.
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    # A short, fixed reason for the municipality (never an exception's text: it might name personal data).
    error: Mapped[str | None] = mapped_column(Text)
    # Claimed by the mail job, so the requester is told once even if the job is retried.
    mailed_at: Mapped[datetime | None]


class ImportedOpenData(db.Model):
    """The open contracting data an imported archive held (``ocds/joint-procurements.json``), kept as it was.

    That data is built from the region's records (its publications, the joint contracts, the other buyers), which a
    municipality's archive does not carry and an installation holding only that municipality cannot rebuild; kept
    here, the installation's next export of the municipality holds it again, so the round trip loses nothing.
    Only the system (the import) writes it.
    """

    __tablename__ = "imported_open_data"
    __tenancy__ = TenancyRule(
        read=Held("tenant_id", perm.TENANT_EXPORT),
        write=NEVER,
        update=NEVER,
        delete=NEVER,
        scopes={"tenant": "tenant_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    package: Mapped[dict] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
