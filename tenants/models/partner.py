"""Partner organisations attached to a region (shared IT service, archive network, ...)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm

PARTNER_KINDS = ("shared_it_service", "archive_network", "research", "county", "other")


class PartnerOrganisation(db.Model):
    """Reads the status of a region's joint procurements; the shared IT service also receives contracts."""

    __tablename__ = "partner_organisations"
    __table_args__ = (
        CheckConstraint(one_of("kind", PARTNER_KINDS), name="kind"),
        # Lets a partner's role or invitation name the partner's region and have the database prove it.
        UniqueConstraint("id", "region_id", name="uq_partner_organisations_id_region"),
    )
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_READ) | Held("id", perm.PARTNER_READ),
        write=Held("region_id", perm.REGION_PARTNERS_MANAGE),
        # The region's staff add partners and mark which receive the signed papers; no one removes one.
        delete=NEVER,
        scopes={"region": "region_id", "partner": "id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    organisation_number: Mapped[str | None] = mapped_column(String(12))
    # Receives the signed contract and data processing agreement of each delivered procurement (the shared
    # IT service, which budgets the maintenance from them).
    receives_signed_papers: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    region: Mapped[Region] = relationship()  # noqa: F821
