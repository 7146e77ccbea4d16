"""The permission model: named permissions, and the one table of which role holds which, where.

A permission's name starts with the kind of scope it is held in: ``tenant:`` (a municipality),
``region:``, ``partner:`` or ``platform:``. A role is held in one scope and grants permissions
there and, through the directory, in scopes next to it:

* a tenant role (IT coordinator, chief executive) in its municipality, and ``in_regions``
  in the regions that municipality is a member of (to read their plans and procurements);
* a regional role (coordinator, purchaser) in its region, and ``in_members`` in the
  region's member municipalities (to administer their users, read their budget lines);
* a partner role in its partner organisation, and ``in_regions`` in the partner's region;
* the operator's platform role ``everywhere``.

This table is the single source: the principal's scope ids (and so the tenancy rules, in the
application and in PostgreSQL) and every ``access_*`` check are derived from it.
``docs/permissions.md`` shows it as a matrix; a test keeps that file current.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from samverka.platform.core.tenancy.principal import Grant, Principal
from samverka.tenants.roles import Role, TeamRole

# --- The platform (the operator) ---
PLATFORM_REGIONS_MANAGE = "platform:regions:manage"
PLATFORM_TENANTS_MANAGE = "platform:tenants:manage"
PLATFORM_INVITE_COORDINATOR = "platform:invite:coordinator"
PLATFORM_THRESHOLDS_MANAGE = "platform:thresholds:manage"
# Opening the operator's pages; changing anything there needs one of the permissions above.
PLATFORM_OPERATE = "platform:operate"
# --- A region ---
REGION_READ = "region:read"
REGION_MEMBERS_READ = "region:members:read"
REGION_USERS_READ = "region:users:read"
REGION_PARTNERS_MANAGE = "region:partners:manage"
REGION_INVITE = "region:invite"
REGION_AUDIT_READ = "region:audit:read"
REGION_NEEDS_READ = "region:needs:read"
REGION_NEEDS_MANAGE = "region:needs:manage"
REGION_TEMPLATES_WRITE = "region:templates:write"
REGION_PROPOSALS_READ = "region:proposals:read"
REGION_PROPOSALS_DECIDE = "region:proposals:decide"
REGION_PROCUREMENTS_READ = "region:procurements:read"
REGION_PROCUREMENTS_WRITE = "region:procurements:write"
# Running a joint procurement through its stages: advancing, cancelling and restarting it.
REGION_PROCUREMENTS_RUN = "region:procurements:run"
REGION_JOIN_ANSWERS_READ = "region:join-answers:read"
REGION_PLAN_READ = "region:plan:read"
REGION_PLAN_SHARES_READ = "region:plan:shares:read"
REGION_PLAN_AMOUNTS_READ = "region:plan:amounts:read"
REGION_PLAN_WRITE = "region:plan:write"
REGION_PLAN_EXPORT = "region:plan:export"
REGION_SETTINGS_WRITE = "region:settings:write"
REGION_CONTRACTS_READ = "region:contracts:read"
REGION_CONTRACTS_WRITE = "region:contracts:write"
REGION_DOCUMENTS_READ = "region:documents:read"
REGION_DOCUMENTS_WRITE = "region:documents:write"
REGION_TENDERS_READ = "region:tenders:read"
REGION_TENDERS_WRITE = "region:tenders:write"
# Assign a procurement's team, draw its requirements, read every team's sections and risks.
REGION_PROCUREMENTS_TEAM = "region:procurements:team"
# Keep the region's requirement library (a new version on every change).
REGION_REQUIREMENTS_LIBRARY = "region:requirements:library"
# The award and what follows it: the coordinator's quality check of the recommendation, the contract's
# signature, the region's data processing agreement template, and confirming that a delivery is in operation.
REGION_AWARD_QUALITY_CHECK = "region:award:quality-check"
REGION_CONTRACT_SIGN = "region:contract:sign"
REGION_DPA_TEMPLATE_WRITE = "region:dpa:template:write"
REGION_PROCUREMENTS_GO_LIVE = "region:procurements:go-live"
# The region's roll-up of realised against planned benefits of its delivered procurements, for the council.
REGION_BENEFITS_READ = "region:benefits:read"
# Publish a joint procurement as open contracting data (OCDS), and withdraw it.
REGION_PROCUREMENTS_PUBLISH = "region:procurements:publish"
# --- One joint procurement (a team role's scope) ---
PROCUREMENT_READ = "procurement:read"
PROCUREMENT_RISKS_WRITE = "procurement:risks:write"
PROCUREMENT_SECTION_USER_REPRESENTATIVE = "procurement:section:user_representative"
PROCUREMENT_SECTION_IT_ARCHITECTURE = "procurement:section:it_architecture"
PROCUREMENT_SECTION_ARCHIVE = "procurement:section:archive"
PROCUREMENT_SECTION_DATA_PROTECTION_OFFICER = "procurement:section:data_protection_officer"
PROCUREMENT_SECTION_PURCHASER = "procurement:section:purchaser"
PROCUREMENT_SECTION_UNION_REPRESENTATIVE = "procurement:section:union_representative"
# --- A partner organisation ---
PARTNER_READ = "partner:read"
# The signed papers delivered to a partner organisation marked as a recipient (the shared IT service).
PARTNER_DOCUMENTS_READ = "partner:documents:read"
# Create and revoke the partner's read-only API tokens (``platform/auth/tokens*``).
PARTNER_TOKENS_WRITE = "partner:tokens:write"
# --- A municipality ---
TENANT_READ = "tenant:read"
TENANT_REGIONS_READ = "tenant:regions:read"
TENANT_USERS_READ = "tenant:users:read"
TENANT_ROLES_MANAGE = "tenant:roles:manage"
TENANT_AUDIT_READ = "tenant:audit:read"
TENANT_NEEDS_READ = "tenant:needs:read"
TENANT_NEEDS_WRITE = "tenant:needs:write"
TENANT_JOIN_READ = "tenant:join:read"
TENANT_JOIN_ANSWER = "tenant:join:answer"
TENANT_PLAN_VOTE = "tenant:plan:vote"
TENANT_BUDGET_READ = "tenant:budget:read"
TENANT_CONTRACTS_READ = "tenant:contracts:read"
TENANT_CONTRACTS_WRITE = "tenant:contracts:write"
# The chief executive approves an award (or withdraws the municipality) and signs the data processing agreement
# as the data controller; the municipality's IT coordinators and chief executive read the papers delivered to it.
TENANT_AWARD_APPROVE = "tenant:award:approve"
TENANT_DPA_SIGN = "tenant:dpa:sign"
TENANT_DOCUMENTS_READ = "tenant:documents:read"
# The IT coordinator records the measured benefits of the municipality's delivered procurements.
TENANT_BENEFITS_MEASURE = "tenant:benefits:measure"
# The IT coordinator exports everything the municipality owns (its exit strategy) and downloads the archive.
TENANT_EXPORT = "tenant:export"

# What the members' users read of the regions their municipality belongs to.
# Members read the plan's amounts (each item's cost); partners only in a plan made public.
# Members also read a procurement's documents and its recorded tenders and evaluation.
_MEMBER_READS = frozenset(
    {
        REGION_READ,
        REGION_PROCUREMENTS_READ,
        REGION_PLAN_READ,
        REGION_PLAN_AMOUNTS_READ,
        REGION_CONTRACTS_READ,
        REGION_DOCUMENTS_READ,
        REGION_TENDERS_READ,
    }
)


@dataclass(frozen=True)
class RolePermissions:
    """What one role grants: in its own scope, and in the scopes next to it."""

    own: frozenset[str] = frozenset()
    in_regions: frozenset[str] = frozenset()
    in_members: frozenset[str] = frozenset()
    everywhere: frozenset[str] = frozenset()


ROLE_PERMISSIONS: dict[Role, RolePermissions] = {
    Role.IT_COORDINATOR: RolePermissions(
        own=frozenset(
            {
                TENANT_READ,
                TENANT_REGIONS_READ,
                TENANT_USERS_READ,
                TENANT_AUDIT_READ,
                TENANT_NEEDS_READ,
                TENANT_NEEDS_WRITE,
                TENANT_JOIN_READ,
                TENANT_JOIN_ANSWER,
                TENANT_BUDGET_READ,
                TENANT_CONTRACTS_READ,
                TENANT_CONTRACTS_WRITE,
                TENANT_DOCUMENTS_READ,
                TENANT_BENEFITS_MEASURE,
                TENANT_EXPORT,
            }
        ),
        in_regions=_MEMBER_READS,
    ),
    Role.CHIEF_EXECUTIVE: RolePermissions(
        own=frozenset(
            {
                TENANT_READ,
                TENANT_REGIONS_READ,
                TENANT_USERS_READ,
                TENANT_AUDIT_READ,
                TENANT_NEEDS_READ,
                TENANT_JOIN_READ,
                TENANT_PLAN_VOTE,
                TENANT_BUDGET_READ,
                TENANT_CONTRACTS_READ,
                TENANT_AWARD_APPROVE,
                TENANT_DPA_SIGN,
                TENANT_DOCUMENTS_READ,
            }
        ),
        in_regions=_MEMBER_READS,
    ),
    Role.COORDINATOR: RolePermissions(
        own=frozenset(
            {
                REGION_READ,
                REGION_MEMBERS_READ,
                REGION_USERS_READ,
                REGION_PARTNERS_MANAGE,
                REGION_INVITE,
                REGION_AUDIT_READ,
                REGION_NEEDS_READ,
                REGION_NEEDS_MANAGE,
                REGION_TEMPLATES_WRITE,
                REGION_PROPOSALS_READ,
                REGION_PROPOSALS_DECIDE,
                REGION_PROCUREMENTS_READ,
                REGION_PROCUREMENTS_WRITE,
                REGION_PROCUREMENTS_RUN,
                REGION_JOIN_ANSWERS_READ,
                REGION_PLAN_READ,
                REGION_PLAN_AMOUNTS_READ,
                REGION_PLAN_SHARES_READ,
                REGION_PLAN_WRITE,
                REGION_PLAN_EXPORT,
                REGION_SETTINGS_WRITE,
                REGION_CONTRACTS_READ,
                REGION_CONTRACTS_WRITE,
                REGION_DOCUMENTS_READ,
                REGION_TENDERS_READ,
                REGION_PROCUREMENTS_TEAM,
                REGION_REQUIREMENTS_LIBRARY,
                REGION_AWARD_QUALITY_CHECK,
                REGION_CONTRACT_SIGN,
                REGION_DPA_TEMPLATE_WRITE,
                REGION_PROCUREMENTS_GO_LIVE,
                REGION_BENEFITS_READ,
                REGION_PROCUREMENTS_PUBLISH,
            }
        ),
        # A coordinator administers the users of the region's members; each member's budget
        # lines (its shares of the region's plans) go to the council meeting with the plan.
        in_members=frozenset({TENANT_READ, TENANT_USERS_READ, TENANT_ROLES_MANAGE, TENANT_BUDGET_READ}),
    ),
    Role.PURCHASER: RolePermissions(
        own=frozenset(
            {
                REGION_READ,
                REGION_MEMBERS_READ,
                REGION_USERS_READ,
                REGION_AUDIT_READ,
                REGION_NEEDS_READ,
                REGION_PROPOSALS_READ,
                REGION_PROCUREMENTS_READ,
                REGION_PROCUREMENTS_RUN,
                REGION_JOIN_ANSWERS_READ,
                REGION_PLAN_READ,
                REGION_PLAN_AMOUNTS_READ,
                REGION_PLAN_SHARES_READ,
                REGION_PLAN_EXPORT,
                REGION_CONTRACTS_READ,
                REGION_CONTRACTS_WRITE,
                # The purchaser runs the competition: its documents, the tenders and their evaluation.
                REGION_DOCUMENTS_READ,
                REGION_DOCUMENTS_WRITE,
                REGION_TENDERS_READ,
                REGION_TENDERS_WRITE,
                REGION_PROCUREMENTS_TEAM,
                REGION_BENEFITS_READ,
            }
        ),
        # The purchaser puts the procurement's team together from the participating municipalities' users.
        in_members=frozenset({TENANT_READ, TENANT_USERS_READ, TENANT_BUDGET_READ}),
    ),
    # Partners read status: the region, its procurements, the plan (not the split) and its joint contracts.
    Role.PARTNER_READER: RolePermissions(
        own=frozenset({PARTNER_READ, PARTNER_DOCUMENTS_READ, PARTNER_TOKENS_WRITE}),
        in_regions=frozenset({REGION_READ, REGION_PROCUREMENTS_READ, REGION_PLAN_READ, REGION_CONTRACTS_READ}),
    ),
    # Onboarding needs the directory (regions, their members); municipalities' own data stays out of reach.
    Role.OPERATOR: RolePermissions(
        everywhere=frozenset(
            {
                PLATFORM_OPERATE,
                PLATFORM_REGIONS_MANAGE,
                PLATFORM_TENANTS_MANAGE,
                PLATFORM_INVITE_COORDINATOR,
                PLATFORM_THRESHOLDS_MANAGE,
                REGION_READ,
                REGION_MEMBERS_READ,
                TENANT_READ,
            }
        ),
    ),
}


def section_permission(role: TeamRole | str) -> str:
    """The permission to write the requirements section ``role`` owns."""
    return f"procurement:section:{TeamRole(role).value}"


# A team role is held in one procurement: it reads that procurement (its team, sections, requirements and
# risks) and writes its own section; the security and privacy roles record the risk assessment.
TEAM_ROLE_PERMISSIONS: dict[TeamRole, frozenset[str]] = {
    role: frozenset(
        {PROCUREMENT_READ, section_permission(role)}
        | ({PROCUREMENT_RISKS_WRITE} if role in (TeamRole.IT_ARCHITECTURE, TeamRole.DATA_PROTECTION_OFFICER) else set())
    )
    for role in TeamRole
}


# The permissions that ask for the step-up e-ID level (idporten-loa-high, or the Swedish broker's
# top level): a vote in the council, an award's approval (or withdrawal) and the contract's signature, and
# every change the operator makes to the platform. Signing a data processing agreement goes further: each
# signature is its own e-ID sign-in at that level, bound to the document (``platform/signatures``).
STEP_UP = frozenset(
    {
        TENANT_AWARD_APPROVE,
        REGION_CONTRACT_SIGN,
        PLATFORM_REGIONS_MANAGE,
        PLATFORM_TENANTS_MANAGE,
        PLATFORM_INVITE_COORDINATOR,
        PLATFORM_THRESHOLDS_MANAGE,
        TENANT_PLAN_VOTE,
    }
)

_KINDS = ("platform:", "region:", "partner:", "tenant:", "procurement:")
ALL_PERMISSIONS: tuple[str, ...] = tuple(
    sorted(value for name, value in globals().items() if name.isupper() and str(value).startswith(_KINDS))
)


def may_grant_role(principal: Principal, role: Role) -> bool:
    """The operator hands out any role (coordinators above all); others only tenant, purchaser and partner roles.

    Where the role may be granted is checked against the scope by the invitation service.
    """
    if principal.holds_somewhere(PLATFORM_INVITE_COORDINATOR):
        return True
    return role not in (Role.COORDINATOR, Role.OPERATOR)


def resolve(
    grants: Iterable[Grant],
    regions_of_tenant: Mapping[int, set[int]],
    members_of_region: Mapping[int, set[int]],
    team: Iterable[tuple[str, int]] = (),
) -> tuple[dict[str, frozenset[int]], frozenset[str]]:
    """Where each permission is held, given the grants, the memberships around them and the team roles.

    ``team`` holds (team role, procurement id) pairs: a team role reaches its one procurement only.
    """
    held: dict[str, set[int]] = {}
    everywhere: set[str] = set()

    def add(permissions: frozenset[str], scope_ids) -> None:
        for permission in permissions:
            held.setdefault(permission, set()).update(scope_ids)

    for grant in grants:
        granted = ROLE_PERMISSIONS[Role(grant.role)]
        everywhere |= granted.everywhere
        if grant.tenant_id is not None:
            add(granted.own, {grant.tenant_id})
            add(granted.in_regions, regions_of_tenant.get(grant.tenant_id, set()))
        elif grant.partner_id is not None:
            add(granted.own, {grant.partner_id})
            add(granted.in_regions, {grant.region_id})
        elif grant.region_id is not None:
            add(granted.own, {grant.region_id})
            add(granted.in_members, members_of_region.get(grant.region_id, set()))
    for role, procurement_id in team:
        add(TEAM_ROLE_PERMISSIONS[TeamRole(role)], {procurement_id})
    return {permission: frozenset(ids) for permission, ids in held.items() if ids}, frozenset(everywhere)
