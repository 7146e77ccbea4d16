"""Building a principal from a user's role assignments and the memberships around them.

The look-up itself is sign-in work, done as the system: the grants, and the memberships
that tell where each grant reaches, are what decide the user's scope, so they cannot be
read through that scope.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.guard import acting_as, bind_principal
from samverka.platform.core.tenancy.principal import Grant, Principal
from samverka.tenants.models import RegionMembership, RoleAssignment, TeamMember, User
from samverka.tenants.permissions import resolve


def load_principal(session: Session, user_id: int, *, stepped_up: bool = False) -> Principal | None:
    """The principal for an active user, bound to ``session``; None (and unbound) if the user is gone or inactive."""
    with acting_as(session, Principal.system("principal look-up")):
        user = session.get(User, user_id)
        if user is None or not user.active:
            principal = None
        else:
            principal = build_principal(session, user_id, stepped_up=stepped_up)
    bind_principal(session, principal or Principal.anonymous())
    return principal


def build_principal(session: Session, user_id: int, *, stepped_up: bool = False) -> Principal:
    """The grants of ``user_id`` and where they reach; call as the system."""
    grants = frozenset(
        Grant(row.role, row.tenant_id, row.region_id, row.partner_id)
        for row in session.execute(
            select(
                RoleAssignment.role, RoleAssignment.tenant_id, RoleAssignment.region_id, RoleAssignment.partner_id
            ).where(RoleAssignment.user_id == user_id)
        )
    )
    regions_of_tenant, members_of_region = _memberships(session, grants)
    team = session.execute(select(TeamMember.role, TeamMember.procurement_id).where(TeamMember.user_id == user_id))
    held, everywhere = resolve(grants, regions_of_tenant, members_of_region, team=[tuple(row) for row in team])
    return Principal(user_id=user_id, grants=grants, held=held, everywhere=everywhere, stepped_up=stepped_up)


def _memberships(session: Session, grants: frozenset[Grant]) -> tuple[dict, dict]:
    """For the grants' municipalities, their regions; for the grants' regions, their members."""
    tenant_ids = {g.tenant_id for g in grants if g.tenant_id is not None}
    region_ids = {g.region_id for g in grants if g.region_id is not None and g.partner_id is None}
    regions_of_tenant: dict[int, set[int]] = {}
    members_of_region: dict[int, set[int]] = {}
    if not tenant_ids and not region_ids:
        return regions_of_tenant, members_of_region
    rows = session.execute(
        select(RegionMembership.region_id, RegionMembership.tenant_id).where(
            or_(RegionMembership.tenant_id.in_(sorted(tenant_ids)), RegionMembership.region_id.in_(sorted(region_ids)))
        )
    )
    for region_id, tenant_id in rows:
        regions_of_tenant.setdefault(tenant_id, set()).add(region_id)
        members_of_region.setdefault(region_id, set()).add(tenant_id)
    return regions_of_tenant, members_of_region
