"""Tenancy models: regions, tenants, memberships, partner organisations, users, roles, invitations."""

from samverka.tenants.models.invitation import Invitation
from samverka.tenants.models.partner import PartnerOrganisation
from samverka.tenants.models.region import Region, RegionMembership
from samverka.tenants.models.team import TeamMember
from samverka.tenants.models.tenant import Tenant
from samverka.tenants.models.user import RoleAssignment, User

__all__ = [
    "Invitation",
    "PartnerOrganisation",
    "Region",
    "RegionMembership",
    "RoleAssignment",
    "TeamMember",
    "Tenant",
    "User",
]
