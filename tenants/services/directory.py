"""Regions, tenants, memberships and partner organisations.

``access_*`` helpers are the only way views reach one of these rows: they go through
the tenancy guard and turn "missing" and "not yours" into the same ``NotFoundError``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.tenants import permissions as perm
from samverka.tenants.models import PartnerOrganisation, Region, RegionMembership, RoleAssignment, Tenant, User
from samverka.tenants.principal import Principal


class NotFoundError(Exception):
    """Missing or outside the principal's scope: callers must not be able to tell which."""


class PermissionDenied(Exception):
    """Visible, but the principal's role does not allow this action."""


class FieldRefused(Exception):
    """Input a service cannot take: ``field`` names what to fix, ``message`` (lazy) says why. Nothing changed."""

    def __init__(self, field: str, message):
        super().__init__(field)
        self.field, self.message = field, message


def require(principal: Principal, permission: str, **scope) -> None:
    if not perm.has_permission(principal, permission, **scope):
        raise PermissionDenied(permission)


def access_in_scope(session: Session, model, object_id: int):
    """The row by id, through the tenancy guard: another tenant's row is simply not found."""
    found = session.get(model, object_id)
    if found is None:
        raise NotFoundError()
    return found


def access_region(session: Session, principal: Principal, region_id: int) -> Region:
    return access_in_scope(session, Region, region_id)


def access_tenant(session: Session, principal: Principal, tenant_id: int) -> Tenant:
    return access_in_scope(session, Tenant, tenant_id)


def access_partner(session: Session, principal: Principal, partner_id: int) -> PartnerOrganisation:
    return access_in_scope(session, PartnerOrganisation, partner_id)


def tenant_region_ids(tenant: Tenant) -> list[int]:
    return [m.region_id for m in tenant.memberships]


def list_regions(session: Session, principal: Principal) -> list[Region]:
    return list(session.scalars(select(Region).order_by(Region.name)))


def list_tenants(session: Session, principal: Principal) -> list[Tenant]:
    return list(session.scalars(select(Tenant).order_by(Tenant.name)))


def region_members(session: Session, principal: Principal, region: Region) -> list[Tenant]:
    require(principal, perm.REGION_MEMBERS_READ, region_id=region.id)
    stmt = select(Tenant).join(RegionMembership).where(RegionMembership.region_id == region.id)
    return list(session.scalars(stmt.order_by(Tenant.name)))


def region_partners(session: Session, principal: Principal, region: Region) -> list[PartnerOrganisation]:
    stmt = select(PartnerOrganisation).where(PartnerOrganisation.region_id == region.id)
    return list(session.scalars(stmt.order_by(PartnerOrganisation.name)))


def tenant_users(session: Session, principal: Principal, tenant: Tenant) -> list[tuple[User, list[str]]]:
    require(principal, perm.TENANT_USERS_READ, tenant_id=tenant.id, tenant_region_ids=tenant_region_ids(tenant))
    rows = session.execute(
        select(User, RoleAssignment.role)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.tenant_id == tenant.id)
        .order_by(User.name)
    ).all()
    grouped: dict[int, tuple[User, list[str]]] = {}
    for user, role in rows:
        grouped.setdefault(user.id, (user, []))[1].append(role)
    return list(grouped.values())


def create_region(session: Session, principal: Principal, *, name: str, currency: str) -> Region:
    require(principal, perm.PLATFORM_REGIONS_MANAGE)
    region = Region(name=name, currency=currency)
    session.add(region)
    session.flush()
    record(
        session, principal, "region.create", region, region_id=region.id, summary={"name": name, "currency": currency}
    )
    return region


def create_tenant(session: Session, principal: Principal, *, region_ids: list[int], **fields) -> Tenant:
    """Create a municipality and make it a member of the given regions."""
    require(principal, perm.PLATFORM_TENANTS_MANAGE)
    regions = [access_region(session, principal, rid) for rid in region_ids]
    tenant = Tenant(**fields)
    tenant.memberships = [RegionMembership(region=r) for r in regions]
    session.add(tenant)
    session.flush()
    record(
        session, principal, "tenant.create", tenant, tenant_id=tenant.id, summary={**fields, "region_ids": region_ids}
    )
    return tenant


def create_partner(session: Session, principal: Principal, region: Region, **fields) -> PartnerOrganisation:
    require(principal, perm.REGION_PARTNERS_MANAGE, region_id=region.id)
    partner = PartnerOrganisation(region_id=region.id, **fields)
    session.add(partner)
    session.flush()
    record(session, principal, "partner.create", partner, region_id=region.id, summary=fields)
    return partner
