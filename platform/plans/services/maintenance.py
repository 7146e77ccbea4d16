"""Maintenance budget lines: a delivered joint contract's yearly cost, split over its participants.

One line per participant and calendar year of the contract's term. A year the term covers only in part
carries that part of the annual value (by days: a contract from 1 July budgets half of its first year),
and each year's amount is split by the region's cost-sharing key exactly (``sharing.split``), so the
participants' lines add up to the year's amount to the øre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans import sharing
from samverka.platform.plans.models import MaintenanceLine
from samverka.platform.plans.services.shares import cost_key
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on
from samverka.tenants.models import Tenant


@dataclass(frozen=True)
class MaintenanceTerm:
    """What the lines are made from: the contract's term, annual value and currency."""

    contract_id: int
    title: str
    starts_on: date
    ends_on: date
    annual_minor: int
    currency: str


def year_amounts(term: MaintenanceTerm) -> dict[int, int]:
    """Each calendar year of the term with its part of the annual value, rounded half up to a minor unit."""
    amounts = {}
    for year in range(term.starts_on.year, term.ends_on.year + 1):
        first, last = date(year, 1, 1), date(year, 12, 31)
        covered = (min(last, term.ends_on) - max(first, term.starts_on)).days + 1
        exact = Fraction(term.annual_minor * covered, (last - first).days + 1)
        amounts[year] = int(exact + Fraction(1, 2))
    return amounts


def write_lines(
    session: Session, *, procurement_id: int, region_id: int, tenant_ids: list[int], term: MaintenanceTerm
) -> list[MaintenanceLine]:
    """The participants' lines for every year of the term (the delivery job writes them, as the system)."""
    key = cost_key(session, region_id)
    populations = dict(session.execute(select(Tenant.id, Tenant.population).where(Tenant.id.in_(tenant_ids))).all())
    weights = sharing.weights(key.method, key.equal_percent, populations, dict(key.fixed))
    lines = [
        MaintenanceLine(
            procurement_id=procurement_id,
            region_id=region_id,
            tenant_id=tenant_id,
            contract_id=term.contract_id,
            title=term.title,
            year=year,
            amount_minor=amount,
            currency=term.currency,
        )
        for year, total in year_amounts(term).items()
        for tenant_id, amount in sorted(sharing.split(total, weights).items())
    ]
    session.add_all(lines)
    session.flush()
    return lines


def tenant_lines(session: Session, principal: Principal, tenant: Tenant) -> list[MaintenanceLine]:
    """The municipality's maintenance lines, by year and title (one query)."""
    require_on(principal, tenant, perm.TENANT_BUDGET_READ)
    stmt = (
        select(MaintenanceLine)
        .where(MaintenanceLine.tenant_id == tenant.id)
        .order_by(MaintenanceLine.year, MaintenanceLine.title, MaintenanceLine.id)
    )
    return list(session.scalars(stmt))
