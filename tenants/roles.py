"""Roles and the kind of scope each is held in."""

from __future__ import annotations

from enum import StrEnum


class ScopeKind(StrEnum):
    TENANT = "tenant"
    REGION = "region"
    PARTNER = "partner"
    PLATFORM = "platform"
    PROCUREMENT = "procurement"


class Role(StrEnum):
    IT_COORDINATOR = "it_coordinator"
    CHIEF_EXECUTIVE = "chief_executive"
    COORDINATOR = "coordinator"
    PURCHASER = "purchaser"
    PARTNER_READER = "partner_reader"
    OPERATOR = "operator"

    @property
    def scope_kind(self) -> ScopeKind:
        return ROLE_SCOPES[self]


ROLE_SCOPES: dict[Role, ScopeKind] = {
    Role.IT_COORDINATOR: ScopeKind.TENANT,
    Role.CHIEF_EXECUTIVE: ScopeKind.TENANT,
    Role.COORDINATOR: ScopeKind.REGION,
    Role.PURCHASER: ScopeKind.REGION,
    Role.PARTNER_READER: ScopeKind.PARTNER,
    Role.OPERATOR: ScopeKind.PLATFORM,
}

ROLE_NAMES = tuple(r.value for r in Role)


def parse_role(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


class TeamRole(StrEnum):
    """A role on one joint procurement's team (seed 002, step 6): held in that procurement only.

    Each role owns one section of the procurement's requirements.
    """

    USER_REPRESENTATIVE = "user_representative"
    IT_ARCHITECTURE = "it_architecture"
    ARCHIVE = "archive"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    PURCHASER = "purchaser"
    UNION_REPRESENTATIVE = "union_representative"


TEAM_ROLE_NAMES = tuple(r.value for r in TeamRole)
