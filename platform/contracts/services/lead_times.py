"""Lead times: how long before a contract's last possible end its re-procurement must start.

Each region may replace the defaults of seed 003 per category. A tenant's own
contract takes the LONGEST lead time among the regions it belongs to, so that the
earliest of their plans sees it coming.
"""
from __future__ import annotations

import calendar
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.contracts.models import Contract, RegionLeadTime
from samverka.platform.contracts.models.planning import default_lead_months
from samverka.platform.needs.models.need import CATEGORIES
from samverka.platform.needs.services.access import RuleViolation
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region, RegionMembership
from samverka.tenants.principal import Principal
from samverka.tenants.services.directory import require

MAX_MONTHS = 120


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier; the 31st becomes the month's last day where it has none."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reprocurement_start(contract: Contract, lead_months: int) -> date:
    """The date re-procurement must start: the contract's last possible end minus the lead time."""
    return months_before(contract.last_end, lead_months)


def region_lead_months(session: Session, region_id: int) -> dict[str, int]:
    """Months per category in the region: its own settings over the defaults."""
    months = {category: default_lead_months(category) for category in CATEGORIES}
    rows = session.scalars(select(RegionLeadTime).where(RegionLeadTime.region_id == region_id))
    months.update({row.category: row.months for row in rows})
    return months


def contract_regions(session: Session, contract: Contract) -> list[int]:
    if contract.region_id is not None:
        return [contract.region_id]
    stmt = select(RegionMembership.region_id).where(RegionMembership.tenant_id == contract.tenant_id)
    return sorted(session.scalars(stmt))


def lead_months_for(session: Session, contract: Contract) -> int:
    region_ids = contract_regions(session, contract)
    if not region_ids:
        return default_lead_months(contract.category)
    return max(region_lead_months(session, rid)[contract.category] for rid in region_ids)


def start_for(session: Session, contract: Contract) -> date:
    return reprocurement_start(contract, lead_months_for(session, contract))


def set_lead_times(session: Session, principal: Principal, region: Region, months: dict[str, int]) -> None:
    """Replace the region's lead times (the coordinator); a value equal to the default is stored too."""
    require(principal, perm.REGION_SETTINGS_WRITE, region_id=region.id)
    errors = {category: [_l("Enter a whole number of months from 0 to %(max)s.", max=MAX_MONTHS)]
              for category, value in months.items()
              if category not in CATEGORIES or not isinstance(value, int) or not 0 <= value <= MAX_MONTHS}
    if errors:
        raise RuleViolation(errors)
    existing = {row.category: row for row in
                session.scalars(select(RegionLeadTime).where(RegionLeadTime.region_id == region.id))}
    for category, value in months.items():
        row = existing.get(category) or RegionLeadTime(region_id=region.id, category=category, months=value)
        row.months = value
        session.add(row)
    session.flush()
    record(session, principal, "lead_times.update", region, region_id=region.id, summary={"months": months})
