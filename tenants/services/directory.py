"""Regions, municipalities, memberships and partner organisations.

``access_region``, ``access_tenant`` and ``access_partner`` are the only way from an id to one
of these rows (see ``tenants.access``): missing or out of reach is a 404, visible but without
the named permission a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Refused
from samverka.platform.core.forms import FORM_ERROR
from samverka.platform.core.persistence import flush_or_refuse
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access, require, require_on
from samverka.tenants.models import PartnerOrganisation, Region, RegionMembership, RoleAssignment, Tenant


def access_region(
    session: Session, principal: Principal, region_id: int, permission: Permission = perm.REGION_READ
) -> Region:
    return access(session, principal, Region, region_id, permission)


def access_tenant(
    session: Session, principal: Principal, tenant_id: int, permission: Permission = perm.TENANT_READ
) -> Tenant:
    return access(session, principal, Tenant, tenant_id, permission)


def access_partner(
    session: Session,
    principal: Principal,
    partner_id: int,
    permission: Permission = (perm.PARTNER_READ, perm.REGION_READ),
) -> PartnerOrganisation:
    return access(session, principal, PartnerOrganisation, partner_id, permission)


def tenant_region_ids(tenant: Tenant) -> list[int]:
    return [m.region_id for m in tenant.memberships]


def list_regions(session: Session) -> list[Region]:
    """The regions the session's principal may read (the tenancy guard filters)."""
    return list(session.scalars(select(Region).order_by(Region.name)))


def list_tenants(session: Session) -> list[Tenant]:
    """The municipalities the session's principal may read (the tenancy guard filters)."""
    return list(session.scalars(select(Tenant).order_by(Tenant.name)))


def region_members(session: Session, principal: Principal, region: Region) -> list[Tenant]:
    require_on(principal, region, perm.REGION_MEMBERS_READ)
    stmt = select(Tenant).join(RegionMembership).where(RegionMembership.region_id == region.id)
    return list(session.scalars(stmt.order_by(Tenant.name)))


def member_tenants(session: Session, region_id: int) -> list[Tenant]:
    """The region's member municipalities, by name, as far as the session's principal reads them."""
    stmt = select(Tenant).join(RegionMembership).where(RegionMembership.region_id == region_id)
    return list(session.scalars(stmt.order_by(Tenant.name)))


def region_partners(session: Session, region: Region) -> list[PartnerOrganisation]:
    stmt = select(PartnerOrganisation).where(PartnerOrganisation.region_id == region.id)
    return list(session.scalars(stmt.order_by(PartnerOrganisation.name)))


@dataclass(frozen=True)
class Person:
    """Someone holding a role, as the directory shows them."""

    id: int
    name: str
    email: str


def tenant_users(session: Session, principal: Principal, tenant: Tenant) -> list[tuple[Person, list[str]]]:
    """The people holding roles in the municipality, each once with all their roles there.

    A person is shown by their role assignments (name and e-mail as granted), never by reading
    the user record, which only its owner reads.
    """
    require_on(principal, tenant, perm.TENANT_USERS_READ)
    rows = session.scalars(
        select(RoleAssignment)
        .where(RoleAssignment.tenant_id == tenant.id)
        .order_by(RoleAssignment.user_name, RoleAssignment.user_id, RoleAssignment.role)
    )
    grouped: dict[int, tuple[Person, list[str]]] = {}
    for row in rows:
        person = Person(row.user_id, row.user_name, row.user_email)
        grouped.setdefault(row.user_id, (person, []))[1].append(row.role)
    return list(grouped.values())


def create_region(session: Session, principal: Principal, *, name: str, currency: str) -> Region:
    require(principal, perm.PLATFORM_REGIONS_MANAGE)
    region = Region(name=name, currency=currency)
    session.add(region)
    flush_or_refuse(session, Refused.field("name", _l("A region with this name already exists.")))
    record(
        session, principal, "region.create", region, region_id=region.id, summary={"name": name, "currency": currency}
    )
    return region


def create_tenant(session: Session, principal: Principal, *, region_ids: list[int], **fields) -> Tenant:
    """Create a municipality and make it a member of the given regions."""
    require(principal, perm.PLATFORM_TENANTS_MANAGE)
    regions = [access_region(session, principal, rid, perm.PLATFORM_TENANTS_MANAGE) for rid in region_ids]
    tenant = Tenant(**fields)
    tenant.memberships = [RegionMembership(region=r) for r in regions]
    session.add(tenant)
    duplicate = _l("A municipality with this municipality number or organisation number already exists.")
    flush_or_refuse(session, Refused.field(FORM_ERROR, duplicate))
    record(
        session, principal, "tenant.create", tenant, tenant_id=tenant.id, summary={**fields, "region_ids": region_ids}
    )
    return tenant


def create_partner(session: Session, principal: Principal, region_id: int, **fields) -> PartnerOrganisation:
    region = access_region(session, principal, region_id, perm.REGION_PARTNERS_MANAGE)
    partner = PartnerOrganisation(region_id=region.id, **fields)
    session.add(partner)
    session.flush()
    record(session, principal, "partner.create", partner, region_id=region.id, summary=fields)
    return partner


def mark_recipient(session: Session, principal: Principal, partner_id: int, receives: bool) -> PartnerOrganisation:
    """Whether the partner receives the signed contract and data processing agreement of each delivery."""
    partner = access_partner(session, principal, partner_id, perm.REGION_PARTNERS_MANAGE)
    if partner.receives_signed_papers != receives:
        partner.receives_signed_papers = receives
        session.flush()
        summary = {"receives_signed_papers": receives}
        record(session, principal, "partner.recipient", partner, region_id=partner.region_id, summary=summary)
    return partner
