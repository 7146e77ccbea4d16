"""Lead times: how long before a contract's last possible end its re-procurement must start.

Each region may replace the defaults of seed 003 per category. A tenant's own
contract takes the LONGEST lead time among the regions it belongs to, so that the
earliest of their plans sees it coming.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.contracts.models import Contract, RegionLeadTime
from samverka.platform.core.catalogue import CATEGORIES, lead_time
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import months_before
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region, RegionMembership
from samverka.tenants.services.directory import access_region

MAX_MONTHS = 120


def reprocurement_start(contract: Contract, lead_months: int) -> date:
    """The date re-procurement must start: the contract's last possible end minus the lead time."""
    return months_before(contract.last_end, lead_months)


# Built once, with the region or the municipality as a parameter: every register's page reads its lead times.
_REGION_SETTINGS = select(RegionLeadTime.category, RegionLeadTime.months).where(
    RegionLeadTime.region_id == bindparam("region_id")
)
_MEMBERSHIP_SETTINGS = (
    select(RegionMembership.region_id, RegionLeadTime.category, RegionLeadTime.months)
    .outerjoin(RegionLeadTime, RegionLeadTime.region_id == RegionMembership.region_id)
    .where(RegionMembership.tenant_id == bindparam("tenant_id"))
)


def region_lead_months(session: Session, region_id: int) -> dict[str, int]:
    """Months per category in the region: its own settings over the defaults of seed 003."""
    return _months(dict(session.execute(_REGION_SETTINGS, {"region_id": region_id}).all()))


def _months(settings: dict[str, int]) -> dict[str, int]:
    return {category: lead_time(category, settings) for category in CATEGORIES}


def register_lead_months(session: Session, tenant_id: int | None, region_id: int | None) -> dict[str, int]:
    """Months per category for one register's contracts: a region's own lead times; for a municipality's,
    the longest among its regions (the defaults when it has none), its regions' settings read in one query."""
    if region_id is not None:
        return region_lead_months(session, region_id)
    settings: dict[int, dict[str, int]] = defaultdict(dict)
    for member_of, category, months in session.execute(_MEMBERSHIP_SETTINGS, {"tenant_id": tenant_id}):
        found = settings[member_of]  # a region without settings of its own counts too, with the defaults
        if category is not None:
            found[category] = months
    per_region = [_months(found) for found in settings.values()]
    return {
        category: max((months[category] for months in per_region), default=lead_time(category))
        for category in CATEGORIES
    }


def start_for(session: Session, contract: Contract) -> date:
    months = register_lead_months(session, contract.tenant_id, contract.region_id)[contract.category]
    return reprocurement_start(contract, months)


def lead_times_region(session: Session, principal: Principal, region_id: int) -> Region:
    """The region whose lead times are shown: everyone who reads its register sees them."""
    return access_region(session, principal, region_id, perm.REGION_CONTRACTS_READ)


def set_lead_times(session: Session, principal: Principal, region_id: int, months: dict[str, int]) -> None:
    """Replace the region's lead times (the coordinator); a value equal to the default is stored too."""
    region = access_region(session, principal, region_id, perm.REGION_SETTINGS_WRITE)
    errors = {
        category: [_l("Enter a whole number of months from 0 to %(max)s.", max=MAX_MONTHS)]
        for category, value in months.items()
        if category not in CATEGORIES or not isinstance(value, int) or not 0 <= value <= MAX_MONTHS
    }
    if errors:
        raise Refused(errors)
    existing = {
        row.category: row
        for row in session.scalars(select(RegionLeadTime).where(RegionLeadTime.region_id == region.id))
    }
    for category, value in months.items():
        row = existing.get(category) or RegionLeadTime(region_id=region.id, category=category, months=value)
        row.months = value
        session.add(row)
    session.flush()
    record(session, principal, "lead_times.update", region, region_id=region.id, summary={"months": months})
