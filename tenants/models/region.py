"""A region is a cooperation of municipalities (e.g. Kongsbergregionen)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.catalogue import CURRENCY_CODES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, HeldEverywhere, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm


class Region(db.Model):
    """A cooperation of tenants that procures jointly; owns joint procurements and plans."""

    __tablename__ = "regions"
    __table_args__ = (CheckConstraint(one_of("currency", CURRENCY_CODES), name="currency"),)
    # Read by everyone working in or with the region; only the operator creates regions, and no one
    # changes or deletes one (a deletion would cascade through its procurements, plans and contracts).
    __tenancy__ = TenancyRule(
        read=Held("id", perm.REGION_READ),
        write=HeldEverywhere(perm.PLATFORM_REGIONS_MANAGE),
        update=NEVER,
        delete=NEVER,
        scopes={"region": "id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[RegionMembership]] = relationship(back_populates="region", cascade="all, delete-orphan")


class RegionMembership(db.Model):
    """A tenant's membership of a region; a tenant may belong to several."""

    __tablename__ = "region_memberships"
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_MEMBERS_READ) | Held("tenant_id", perm.TENANT_REGIONS_READ),
        write=HeldEverywhere(perm.PLATFORM_TENANTS_MANAGE),
        scopes={"region": "region_id", "tenant": "tenant_id"},
    )

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    region: Mapped[Region] = relationship(back_populates="memberships")
    tenant: Mapped[Tenant] = relationship(back_populates="memberships")  # noqa: F821
