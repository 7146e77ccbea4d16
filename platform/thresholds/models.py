"""Procurement thresholds (terskelverdier / tröskelvärden) per country and year.

Global reference data, not a tenant's: everyone reads it, only the platform
operator (or the system, when seeding) writes it. Amounts are in minor units
(øre/öre), excluding VAT, in the country's currency.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.catalogue import CURRENCIES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import ALWAYS, HeldEverywhere, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm

# Norway (FOA): the national threshold (announce in Doffin) and the EEA thresholds for
# "other contracting authorities" (municipalities); Sweden (LOU): the direct-award limit and
# the EU thresholds for sub-central authorities (kommuner). Works thresholds are listed
# for completeness: the platform's categories are goods and services.
KINDS_BY_COUNTRY = {
    "NO": ("national", "eu_goods_services", "eu_works"),
    "SE": ("direct_award", "eu_goods_services", "eu_works"),
}
KINDS = ("national", "direct_award", "eu_goods_services", "eu_works")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _kind_fits_country() -> str:
    return " OR ".join(
        f"(country = '{country}' AND {one_of('kind', kinds)})" for country, kinds in KINDS_BY_COUNTRY.items()
    )


class Threshold(db.Model):
    """One threshold value of one kind, for one country and year; ``source_url`` says where it comes from."""

    __tablename__ = "thresholds"
    __table_args__ = (
        CheckConstraint(one_of("country", tuple(KINDS_BY_COUNTRY)), name="country"),
        CheckConstraint(_kind_fits_country(), name="kind"),
        CheckConstraint(f"year BETWEEN {FIRST_YEAR} AND {LAST_YEAR}", name="year"),
        CheckConstraint("amount_minor > 0", name="amount"),
        UniqueConstraint("country", "year", "kind", name="uq_thresholds_country_year_kind"),
    )
    # Global reference data: everyone reads it, the operator (or the system, seeding) writes it.
    __tenancy__ = TenancyRule(read=ALWAYS, write=HeldEverywhere(perm.PLATFORM_THRESHOLDS_MANAGE))

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    year: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def currency(self) -> str:
        """The country's currency: one per country, so it is not stored."""
        return CURRENCIES[self.country]
