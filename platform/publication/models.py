"""Which joint procurements their region has published as open contracting data.

One row per procurement that was ever published: publishing sets ``published_at`` (again, after a
withdrawal) and clears ``withdrawn_at``; withdrawing sets it. A published row is public information,
like what it publishes; a withdrawn one is read by the region's staff only. The region's coordinator
writes it (``region:procurements:publish``); nobody deletes it, so the history of a withdrawal stays.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule, is_null
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import in_procurement
from samverka.tenants import permissions as perm


class ProcurementPublication(db.Model):
    """A procurement marked public by its region's coordinator (and perhaps withdrawn since)."""

    __tablename__ = "procurement_publications"
    __table_args__ = (
        UniqueConstraint("procurement_id", name="uq_procurement_publications_procurement"),
        in_procurement("procurement_publications"),
    )
    __tenancy__ = TenancyRule(
        read=is_null("withdrawn_at") | Held("region_id", perm.REGION_PROCUREMENTS_READ),
        write=Held("region_id", perm.REGION_PROCUREMENTS_PUBLISH),
        delete=NEVER,
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]
