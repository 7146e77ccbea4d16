"""Named permissions and the one guard that checks them.

A permission is granted by a role held in a scope; a check names the scope it
needs (the tenant or region the action touches), so that holding a role in
region A never grants anything in region B.
"""

from __future__ import annotations

from samverka.tenants.principal import Principal
from samverka.tenants.roles import Role

PLATFORM_REGIONS_MANAGE = "platform:regions:manage"
PLATFORM_TENANTS_MANAGE = "platform:tenants:manage"
PLATFORM_INVITE_COORDINATOR = "platform:invite:coordinator"
REGION_READ = "region:read"
REGION_MEMBERS_READ = "region:members:read"
REGION_PARTNERS_MANAGE = "region:partners:manage"
REGION_INVITE = "region:invite"
TENANT_READ = "tenant:read"
TENANT_USERS_READ = "tenant:users:read"
TENANT_ROLES_MANAGE = "tenant:roles:manage"
TENANT_NEEDS_READ = "tenant:needs:read"
TENANT_NEEDS_WRITE = "tenant:needs:write"
REGION_NEEDS_READ = "region:needs:read"
REGION_NEEDS_MANAGE = "region:needs:manage"
REGION_TEMPLATES_WRITE = "region:templates:write"
REGION_PROCUREMENTS_WRITE = "region:procurements:write"
REGION_PROPOSALS_READ = "region:proposals:read"
REGION_PROPOSALS_DECIDE = "region:proposals:decide"
TENANT_JOIN_ANSWER = "tenant:join:answer"
# Issue 4: action plans, cost sharing, council approval, contracts, thresholds.
REGION_PLAN_READ = "region:plan:read"
REGION_PLAN_WRITE = "region:plan:write"
REGION_PLAN_EXPORT = "region:plan:export"
REGION_SETTINGS_WRITE = "region:settings:write"
REGION_CONTRACTS_READ = "region:contracts:read"
REGION_CONTRACTS_WRITE = "region:contracts:write"
TENANT_PLAN_VOTE = "tenant:plan:vote"
TENANT_BUDGET_READ = "tenant:budget:read"
TENANT_CONTRACTS_READ = "tenant:contracts:read"
TENANT_CONTRACTS_WRITE = "tenant:contracts:write"
PLATFORM_THRESHOLDS_MANAGE = "platform:thresholds:manage"

_PLATFORM = {
    # Onboarding needs the directory (regions, their members); tenants' own data stays out of reach.
    Role.OPERATOR: {
        PLATFORM_REGIONS_MANAGE,
        PLATFORM_TENANTS_MANAGE,
        PLATFORM_INVITE_COORDINATOR,
        REGION_READ,
        REGION_MEMBERS_READ,
        PLATFORM_THRESHOLDS_MANAGE,
    },
}
_REGION = {
    Role.COORDINATOR: {
        REGION_READ,
        REGION_MEMBERS_READ,
        REGION_PARTNERS_MANAGE,
        REGION_INVITE,
        REGION_PROCUREMENTS_WRITE,
        REGION_NEEDS_READ,
        REGION_NEEDS_MANAGE,
        REGION_TEMPLATES_WRITE,
        REGION_PROPOSALS_READ,
        REGION_PROPOSALS_DECIDE,
        REGION_PLAN_READ,
        REGION_PLAN_WRITE,
        REGION_PLAN_EXPORT,
        REGION_SETTINGS_WRITE,
        REGION_CONTRACTS_READ,
        REGION_CONTRACTS_WRITE,
    },
    Role.PURCHASER: {
        REGION_READ,
        REGION_MEMBERS_READ,
        REGION_NEEDS_READ,
        REGION_PROPOSALS_READ,
        REGION_PLAN_READ,
        REGION_PLAN_EXPORT,
        REGION_CONTRACTS_READ,
        REGION_CONTRACTS_WRITE,
    },
    # Partners read status: the plan (not the split) and the region's joint contracts.
    Role.PARTNER_READER: {REGION_READ, REGION_PLAN_READ, REGION_CONTRACTS_READ},
}
_TENANT = {
    Role.IT_COORDINATOR: {
        TENANT_READ,
        TENANT_USERS_READ,
        TENANT_JOIN_ANSWER,
        TENANT_NEEDS_READ,
        TENANT_NEEDS_WRITE,
        TENANT_BUDGET_READ,
        TENANT_CONTRACTS_READ,
        TENANT_CONTRACTS_WRITE,
    },
    Role.CHIEF_EXECUTIVE: {
        TENANT_READ,
        TENANT_USERS_READ,
        TENANT_NEEDS_READ,
        TENANT_PLAN_VOTE,
        TENANT_BUDGET_READ,
        TENANT_CONTRACTS_READ,
    },
}
# A regional coordinator administers the users of the region's member tenants.
# Each member's budget lines (its shares of the region's plans) go to the council meeting with the plan.
_TENANT_VIA_REGION = {
    Role.COORDINATOR: {TENANT_READ, TENANT_USERS_READ, TENANT_ROLES_MANAGE, TENANT_BUDGET_READ},
    Role.PURCHASER: {TENANT_READ, TENANT_BUDGET_READ},
}


def _union(table: dict, roles) -> set[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= table.get(Role(role), set())
    return granted


def has_permission(
    principal: Principal, permission: str, *, tenant_id=None, region_id=None, tenant_region_ids=()
) -> bool:
    """True when one of the principal's grants gives ``permission`` in the named scope.

    ``tenant_region_ids`` are the regions the tenant belongs to; a regional role in
    one of them may reach the tenant.
    """
    if principal.is_system:
        return True
    if permission in _union(_PLATFORM, (g.role for g in principal.grants if g.role == Role.OPERATOR)):
        return True
    if region_id is not None:
        if permission in _union(_REGION, principal.roles_in(region_id=region_id)):
            return True
        partner_roles = {g.role for g in principal.grants if g.partner_id and g.region_id == region_id}
        if permission in _union(_REGION, partner_roles):
            return True
    if tenant_id is not None:
        if permission in _union(_TENANT, principal.roles_in(tenant_id=tenant_id)):
            return True
        for rid in tenant_region_ids:
            if permission in _union(_TENANT_VIA_REGION, principal.roles_in(region_id=rid)):
                return True
    return False


def may_grant_role(principal: Principal, role: Role) -> bool:
    """Operators grant regional roles; coordinators grant tenant and partner roles."""
    if principal.is_operator:
        return True
    return role in (Role.IT_COORDINATOR, Role.CHIEF_EXECUTIVE, Role.PARTNER_READER, Role.PURCHASER)
