"""The region's cost-sharing key and approval rule, set by its coordinator.

Fixed shares are given for every member tenant and must add up to exactly 100.00 %;
otherwise nothing is saved and the error names the sum. A saved key is applied at
once to the region's draft plans; submitted and approved plans keep their numbers.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.plans.models import FixedShare, PlanSettings
from samverka.platform.plans.models.settings import WHOLE
from samverka.platform.plans.services.shares import CostKey, cost_key, recompute_region_drafts
from samverka.tenants import permissions as perm
from samverka.tenants.services.directory import access_region, member_tenants


def settings_region(session: Session, principal: Principal, region_id: int):
    """The region whose cost-sharing key and approval rule are shown to be changed (its coordinator)."""
    return access_region(session, principal, region_id, perm.REGION_SETTINGS_WRITE)


def region_key(session: Session, principal: Principal, region_id: int) -> CostKey:
    access_region(session, principal, region_id, perm.REGION_PLAN_READ)
    return cost_key(session, region_id)


def save_settings(
    session: Session,
    principal: Principal,
    region_id: int,
    *,
    cost_method: str,
    equal_percent: int,
    approval_rule: str,
    fixed_shares: dict[int, int] | None = None,
) -> CostKey:
    """Store the key and rule; with 'fixed', ``fixed_shares`` (tenant id -> basis points) for every member."""
    region = access_region(session, principal, region_id, perm.REGION_SETTINGS_WRITE)
    if cost_method == "fixed":
        _check_fixed(session, principal, region.id, fixed_shares or {})
    settings = session.get(PlanSettings, region.id) or PlanSettings(region_id=region.id)
    settings.cost_method, settings.equal_percent, settings.approval_rule = cost_method, equal_percent, approval_rule
    settings.updated_at = utcnow()  # the column's default is set on the first save only
    session.add(settings)
    if cost_method == "fixed":
        session.execute(delete(FixedShare).where(FixedShare.region_id == region.id))
        session.add_all(
            FixedShare(region_id=region.id, tenant_id=t, basis_points=bp) for t, bp in sorted(fixed_shares.items())
        )
    session.flush()
    drafts = recompute_region_drafts(session, region.id)
    record(
        session,
        principal,
        "plan_settings.update",
        region,
        region_id=region.id,
        summary={
            "cost_method": cost_method,
            "equal_percent": equal_percent,
            "approval_rule": approval_rule,
            "fixed_shares": {str(t): bp for t, bp in sorted((fixed_shares or {}).items())},
            "drafts_recomputed": drafts,
        },
    )
    return cost_key(session, region.id)


def _check_fixed(session: Session, principal: Principal, region_id: int, fixed: dict[int, int]) -> None:
    members = {t.id for t in member_tenants(session, region_id)}
    if set(fixed) != members:
        raise Refused({"fixed_shares": [_l("Give a share for every member municipality, and only for them.")]})
    if any(bp < 0 or bp > WHOLE for bp in fixed.values()):
        raise Refused({"fixed_shares": [_l("Each share must be between 0 and 100 %.")]})
    total = sum(fixed.values())
    if total != WHOLE:
        shown = format_decimal(Decimal(total) / 100, format="0.00")
        raise Refused({"fixed_shares": [_l("The shares add up to %(sum)s %%, not 100 %%.", sum=shown)]})
