"""What one principal sees of the directory, gathered for the pages that show it.

A page is made of sections; a section the principal's role may not read is left
out (``None``) instead of failing the whole page: a municipality's IT coordinator
sees its region's name and partner organisations, but not the other members.
Every read goes through the tenancy guard, so nothing here widens what is visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.errors import Forbidden
from samverka.platform.core.pagination import FIRST_PAGE, Page, PageRequest
from samverka.platform.core.tenancy.principal import Grant, Principal
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on, require
from samverka.tenants.models import Invitation, PartnerOrganisation, Region, Tenant
from samverka.tenants.roles import Role
from samverka.tenants.services import invitations
from samverka.tenants.services.directory import (
    Person,
    access_region,
    access_tenant,
    list_regions,
    list_tenants,
    region_members,
    region_partners,
    tenant_users,
)

PENDING, ACCEPTED, EXPIRED = "pending", "accepted", "expired"
AWAITING, REJECTED = "awaiting_confirmation", "rejected"  # the invitation's own states (models.invitation)


@dataclass(frozen=True)
class InviteChoice:
    """One role, in one scope, that the principal may invite someone to from a region's page."""

    role: Role
    scope_id: int
    scope_name: str

    @property
    def value(self) -> str:
        return f"{self.role.value}:{self.scope_id}"


@dataclass(frozen=True)
class RegionPage:
    region: Region
    partners: list[PartnerOrganisation]
    members: list[Tenant] | None
    may_add_partner: bool
    may_invite_coordinator: bool
    invite_choices: list[InviteChoice]

    def choice(self, value: str | None) -> InviteChoice | None:
        return next((c for c in self.invite_choices if c.value == value), None)


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    scope_name: str
    status: str


@dataclass(frozen=True)
class TenantPage:
    tenant: Tenant
    regions: list[Region]
    users: list[tuple[Person, list[str]]] | None
    may_manage_roles: bool
    pending_invitations: list[InvitationRow]
    may_export: bool = False  # everything the municipality owns, as one archive (its exit strategy)


@dataclass(frozen=True)
class RoleHeld:
    role: str
    scope_name: str


@dataclass(frozen=True)
class Dashboard:
    tenants: list[Tenant]
    regions: list[Region]
    roles: list[RoleHeld]
    may_operate: bool = False


def region_page(session: Session, principal: Principal, region_id: int) -> RegionPage:
    region = access_region(session, principal, region_id, perm.REGION_READ)
    partners = region_partners(session, region)
    try:
        members = region_members(session, principal, region)
    except Forbidden:
        members = None
    return RegionPage(
        region=region,
        partners=partners,
        members=members,
        may_add_partner=holds_on(principal, region, perm.REGION_PARTNERS_MANAGE),
        may_invite_coordinator=holds_on(principal, region, perm.PLATFORM_INVITE_COORDINATOR),
        invite_choices=_invite_choices(principal, region, members or [], partners),
    )


def invitation_choices(session: Session, principal: Principal, region_id: int) -> dict[str, InviteChoice]:
    """The roles the region's page lets the principal invite to, by their form value; 403 without any."""
    region = access_region(session, principal, region_id, perm.REGION_INVITE)
    members = region_members(session, principal, region)
    choices = _invite_choices(principal, region, members, region_partners(session, region))
    return {choice.value: choice for choice in choices}


def _invite_choices(
    principal: Principal, region: Region, members: list[Tenant], partners: list[PartnerOrganisation]
) -> list[InviteChoice]:
    """The roles a regional coordinator hands out; the operator invites coordinators elsewhere."""
    if not holds_on(principal, region, perm.REGION_INVITE):
        return []
    choices = [
        InviteChoice(role, tenant.id, tenant.name)
        for tenant in members
        for role in (Role.IT_COORDINATOR, Role.CHIEF_EXECUTIVE)
    ]
    choices.append(InviteChoice(Role.PURCHASER, region.id, region.name))
    choices += [InviteChoice(Role.PARTNER_READER, partner.id, partner.name) for partner in partners]
    return choices


def tenant_page(session: Session, principal: Principal, tenant_id: int) -> TenantPage:
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_READ)
    try:
        users = tenant_users(session, principal, tenant)
    except Forbidden:
        users = None
    # Pending invitations name people, so they are shown only to those who may see the tenant's users.
    pending = (
        []
        if users is None
        else [row for row in list_invitations(session, tenant_id=tenant.id) if row.status == PENDING]
    )
    return TenantPage(
        tenant=tenant,
        regions=sorted((m.region for m in tenant.memberships if m.region is not None), key=lambda r: r.name),
        users=users,
        may_manage_roles=holds_on(principal, tenant, perm.TENANT_ROLES_MANAGE),
        pending_invitations=pending,
        may_export=holds_on(principal, tenant, perm.TENANT_EXPORT),
    )


def operator_regions(session: Session, principal: Principal) -> list[Region]:
    """The operator's list of every region."""
    require(principal, perm.PLATFORM_OPERATE)
    return list_regions(session)


def operator_tenants(session: Session, principal: Principal) -> tuple[list[Tenant], list[Region]]:
    """The operator's list of every municipality, and the regions to make a new one a member of."""
    require(principal, perm.PLATFORM_OPERATE)
    return list_tenants(session), list_regions(session)


def list_invitations(
    session: Session, page: PageRequest = FIRST_PAGE, *, tenant_id: int | None = None
) -> Page[InvitationRow]:
    """Invitations the principal may see, newest first, with where each applies and its status."""
    found = invitations.list_invitations(session, page, tenant_id)
    names = _scope_names(session, found.items)
    now = utcnow()
    rows = [InvitationRow(inv, names.get(_scope_key(inv), ""), _status(inv, now)) for inv in found]
    return Page(rows, found.next_after)


def _status(invitation: Invitation, now) -> str:
    if invitation.status in (AWAITING, REJECTED):
        return invitation.status
    if invitation.is_used:
        return ACCEPTED
    return EXPIRED if invitation.is_expired(now) else PENDING


def _scope_key(scoped: Invitation | Grant) -> tuple[type, int | None]:
    """The narrowest scope of an invitation or grant: a partner's grant also names its region."""
    if scoped.partner_id is not None:
        return PartnerOrganisation, scoped.partner_id
    if scoped.tenant_id is not None:
        return Tenant, scoped.tenant_id
    return Region, scoped.region_id


def _scope_names(session: Session, scoped: list) -> dict[tuple[type, int], str]:
    wanted: dict[type, set[int]] = {}
    for item in scoped:
        model, object_id = _scope_key(item)
        if object_id is not None:
            wanted.setdefault(model, set()).add(object_id)
    names = {}
    for model, ids in wanted.items():
        for row in session.scalars(select(model).where(model.id.in_(sorted(ids)))):
            names[(model, row.id)] = row.name
    return names


def dashboard(session: Session, principal: Principal) -> Dashboard:
    """The signed-in home page: the tenants and regions this person reaches, and their roles."""
    tenants, regions = list_tenants(session), list_regions(session)
    grants = sorted(principal.grants, key=lambda g: (g.role, g.tenant_id or 0, g.region_id or 0))
    # A grant's municipality or region is among those read above: only the others' names take a statement.
    names = {(Tenant, t.id): t.name for t in tenants} | {(Region, r.id): r.name for r in regions}
    names |= _scope_names(session, [g for g in grants if _scope_key(g) not in names])
    roles = [RoleHeld(g.role, names.get(_scope_key(g), "")) for g in grants]  # the operator's grant: no scope
    return Dashboard(
        tenants=tenants,
        regions=regions,
        roles=roles,
        may_operate=principal.holds_somewhere(perm.PLATFORM_OPERATE),
    )
