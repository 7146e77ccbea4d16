"""A municipality's yearly maintenance cost of a delivered joint contract: a budget line beside the plan's.

Written once per procurement by the delivery job (the system), from the contract's annual value split by
the region's cost-sharing key: one line per participant and calendar year of the contract's term. Read by
the municipality's own budget readers, on its budget page and in its CSV.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.catalogue import CURRENCY_CODES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm


class MaintenanceLine(db.Model):
    """One participant's share of one year's maintenance of one joint contract, in minor units."""

    __tablename__ = "maintenance_lines"
    __table_args__ = (
        CheckConstraint("amount_minor >= 0", name="amount"),
        CheckConstraint(one_of("currency", CURRENCY_CODES), name="currency"),
        UniqueConstraint("procurement_id", "tenant_id", "year", name="uq_maintenance_lines_year"),
        ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            ondelete="CASCADE",
            name="fk_maintenance_lines_procurement",
        ),
    )
    __tenancy__ = TenancyRule(
        read=Held("tenant_id", perm.TENANT_BUDGET_READ),
        write=NEVER,
        scopes={"tenant": "tenant_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id", ondelete="SET NULL"))
    # The contract's title as delivered: the line reads the same for those who may not read the contract.
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
