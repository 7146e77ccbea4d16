"""A joint procurement's documents: each upload of a kind is a new version; none is overwritten.

The bytes live in the document store (``storage.py``) under a random key; the row keeps what the
content was checked to be (media type from its first bytes, size, SHA-256) and who uploaded it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import in_procurement
from samverka.tenants import permissions as perm

# The contract and the data processing agreement are the next issue's; their kinds are declared now.
DOCUMENT_KINDS = (
    "competition_documents",
    "requirement_specification",
    "risk_assessment",
    "evaluation_report",
    "award_recommendation",
    "contract",
    "dpa",
)


class ProcurementDocument(db.Model):
    """One version of one kind of document of a joint procurement."""

    __tablename__ = "procurement_documents"
    __table_args__ = (
        CheckConstraint(one_of("kind", DOCUMENT_KINDS), name="kind"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("size_bytes >= 0", name="size"),
        UniqueConstraint("procurement_id", "kind", "version", name="uq_procurement_documents_version"),
        in_procurement("procurement_documents"),
    )
    # As the procurement: the region's staff and members read; the purchaser uploads.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_DOCUMENTS_READ),
        write=Held("region_id", perm.REGION_DOCUMENTS_WRITE),
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    version: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
