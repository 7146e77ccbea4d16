"""The aggregated estimated value of a joint procurement, and the thresholds it reaches.

Joining together can push a procurement over a threshold that no single municipality
would reach: the participants must see that before they commit. The value is summed
over the needs the procurement holds, whoever's they are, so it is computed as the
system (row-level security hides other tenants' needs from a member); what a viewer is
then shown is cut down to what they may know: region staff see every municipality's
contribution, a member municipality only its own, an invited one only the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.core.catalogue import CURRENCIES
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.needs.models import Need
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed
from samverka.platform.thresholds.models import Threshold
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region, Tenant

# Both FOA § 5-4 (Norway) and LOU 5 kap. (Sweden) value a contract without a fixed term at
# 48 months of its cost; a joint procurement's needs give an annual cost and no term.
CONTRACT_MONTHS = 48
CONTRACT_YEARS = CONTRACT_MONTHS // 12
# Sweden's direct award is allowed up to and including the limit ("uppgår till högst");
# every other threshold applies from the amount itself ("lik eller overstiger", "uppgår till minst").
REACHED_ONLY_ABOVE = ("direct_award",)
COUNTRY_OF_CURRENCY = {currency: country for country, currency in CURRENCIES.items()}


@dataclass(frozen=True)
class Contribution:
    """One municipality's share of the estimated value, in minor units."""

    tenant_id: int
    tenant_name: str
    one_off_minor: int
    annual_minor: int

    @property
    def value_minor(self) -> int:
        return estimated_value(self.one_off_minor, self.annual_minor)


@dataclass(frozen=True)
class ThresholdCheck:
    kind: str
    country: str
    amount_minor: int
    currency: str
    reached: bool


@dataclass(frozen=True)
class AggregatedValue:
    """What a viewer may see: the total, the contributions they may know of, every threshold compared."""

    country: str
    currency: str
    total_minor: int
    contributions: tuple[Contribution, ...]
    checks: tuple[ThresholdCheck, ...]
    current_year: int
    threshold_year: int | None  # the year whose thresholds were used; None when none are entered
    needs_counted: int
    needs_without_estimate: int  # counted as 0: the real value may be higher

    @property
    def reached(self) -> list[ThresholdCheck]:
        return [check for check in self.checks if check.reached]


def estimated_value(one_off_minor: int | None, annual_minor: int | None) -> int:
    """One-off cost plus the annual cost over the contract's assumed term, excluding VAT."""
    return (one_off_minor or 0) + (annual_minor or 0) * CONTRACT_YEARS


def is_reached(kind: str, value_minor: int, threshold_minor: int) -> bool:
    return value_minor > threshold_minor if kind in REACHED_ONLY_ABOVE else value_minor >= threshold_minor


def thresholds_for(session: Session, country: str, year: int) -> tuple[int | None, list[Threshold]]:
    """The thresholds of ``year``, or of the latest earlier year entered; with the year used."""
    latest = (
        select(func.max(Threshold.year)).where(Threshold.country == country, Threshold.year <= year).scalar_subquery()
    )
    stmt = select(Threshold).where(Threshold.country == country, Threshold.year == latest)
    found = list(session.scalars(stmt.order_by(Threshold.amount_minor)))
    return (found[0].year if found else None), found


def procurement_value(
    session: Session, principal: Principal, procurement: JointProcurement, today: date | None = None
) -> AggregatedValue:
    """For the procurement's page: region staff see every contribution, a member its own municipality's."""
    staff = principal.holds(perm.REGION_NEEDS_READ, procurement.region_id)
    return _aggregate(
        session,
        procurement.id,
        procurement.region_id,
        lambda c: staff or principal.holds(perm.TENANT_NEEDS_READ, c.tenant_id),
        today,
    )


def invitation_value(
    session: Session, principal: Principal, invitation: JoinInvitation, today: date | None = None
) -> AggregatedValue:
    """For an invited municipality: the total and the thresholds only, never another municipality's figures."""
    return _aggregate(session, invitation.procurement_id, invitation.region_id, lambda c: False, today)


def _aggregate(session: Session, procurement_id: int, region_id: int, shown, today: date | None) -> AggregatedValue:
    current_year = (today or utcnow().date()).year
    with acting_as(session, Principal.system("aggregated value of a joint procurement")):
        currency = session.scalar(select(Region.currency).where(Region.id == region_id))
        country = COUNTRY_OF_CURRENCY[currency]
        rows = _needs(session, procurement_id, currency)
        year_used, thresholds = thresholds_for(session, country, current_year)
    contributions = _contributions(rows)
    total = sum(c.value_minor for c in contributions)
    checks = tuple(
        ThresholdCheck(t.kind, t.country, t.amount_minor, t.currency, is_reached(t.kind, total, t.amount_minor))
        for t in thresholds
    )
    return AggregatedValue(
        country=country,
        currency=currency,
        total_minor=total,
        contributions=tuple(c for c in contributions if shown(c)),
        checks=checks,
        current_year=current_year,
        threshold_year=year_used,
        needs_counted=len(rows),
        needs_without_estimate=sum(1 for r in rows if r.one_off_cost_minor is None and r.annual_cost_minor is None),
    )


def _needs(session: Session, procurement_id: int, currency: str) -> list:
    """The needs in the region's currency (the only one its members use), as plain columns, not entities:
    nothing read as the system stays in the session for the viewer."""
    stmt = (
        select(ProcurementNeed.tenant_id, Tenant.name, Need.one_off_cost_minor, Need.annual_cost_minor)
        .join(Need, Need.id == ProcurementNeed.need_id)
        .join(Tenant, Tenant.id == ProcurementNeed.tenant_id)
        .where(ProcurementNeed.procurement_id == procurement_id, Need.currency == currency)
        .order_by(Tenant.name, Need.id)
    )
    return list(session.execute(stmt))


def _contributions(rows) -> list[Contribution]:
    by_tenant: dict[int, Contribution] = {}
    for row in rows:
        seen = by_tenant.get(row.tenant_id) or Contribution(row.tenant_id, row.name, 0, 0)
        by_tenant[row.tenant_id] = Contribution(
            row.tenant_id,
            row.name,
            seen.one_off_minor + (row.one_off_cost_minor or 0),
            seen.annual_minor + (row.annual_cost_minor or 0),
        )
    return list(by_tenant.values())
