"""A region is a cooperation of municipalities (e.g. Kongsbergregionen)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.extensions import db
from samverka.tenants.models.base import utcnow


class Region(db.Model):
    """A cooperation of tenants that procures jointly; owns joint procurements and plans."""

    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("currency IN ('NOK', 'SEK')", name="currency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[RegionMembership]] = relationship(back_populates="region", cascade="all, delete-orphan")


class RegionMembership(db.Model):
    """A tenant's membership of a region; a tenant may belong to several."""

    __tablename__ = "region_memberships"

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    region: Mapped[Region] = relationship(back_populates="memberships")
    tenant: Mapped[Tenant] = relationship(back_populates="memberships")  # noqa: F821
