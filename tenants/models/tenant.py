"""A tenant is one municipality."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.catalogue import COUNTRIES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import Held, HeldEverywhere, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm


class Tenant(db.Model):
    """A municipality (kommune / kommun): the owner of its needs, plans and contracts."""

    __tablename__ = "tenants"
    __table_args__ = (
        CheckConstraint(one_of("country", COUNTRIES), name="country"),
        CheckConstraint("population >= 0", name="population"),
        UniqueConstraint("country", "municipality_number", name="uq_tenants_municipality"),
    )
    # Its own users and the staff of its regions read it; only the operator creates or changes it.
    __tenancy__ = TenancyRule(
        read=Held("id", perm.TENANT_READ),
        write=HeldEverywhere(perm.PLATFORM_TENANTS_MANAGE),
        scopes={"tenant": "id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2))
    municipality_number: Mapped[str] = mapped_column(String(4))
    organisation_number: Mapped[str] = mapped_column(String(12), unique=True)
    population: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[RegionMembership]] = relationship(  # noqa: F821
        back_populates="tenant", cascade="all, delete-orphan"
    )
