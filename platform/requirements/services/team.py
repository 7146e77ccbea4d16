"""A joint procurement's team: who holds which role on it, assigned by the region's procurement staff.

A team role is a grant in the one permission model (``tenants.models.TeamMember``): it takes effect at the
member's next request, when the principal is built with the procurement's id in its scope. A user
representative comes from a municipality that takes part; the other roles from a participating
municipality, one of the region's partners (K-IKT, Arkivnettverket) or the region's own staff. A person
with no account yet is invited first, through the existing invitation, then assigned.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import NotFound, Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.services import access_procurement
from samverka.tenants import permissions as perm
from samverka.tenants.models import RoleAssignment, TeamMember
from samverka.tenants.roles import TeamRole

# What a team member or the region's procurement staff read of a procurement.
TEAM_ACCESS = (perm.REGION_PROCUREMENTS_TEAM, perm.PROCUREMENT_READ)
# The region's procurement staff: they assign the team, draw requirements and read the needs behind them.
STAFF = perm.REGION_PROCUREMENTS_TEAM
NOT_PARTICIPATING = _l("%(name)s works for a municipality that does not take part in this procurement.")
USER_REPRESENTATIVE_ONLY_MUNICIPAL = _l("A user representative must work for a municipality that takes part.")


def access_team_procurement(session: Session, principal: Principal, procurement_id: int, permission=TEAM_ACCESS):
    """The procurement, read as its team or the region's procurement staff (404 for anyone else)."""
    return access_procurement(session, principal, procurement_id, permission)


def participant_tenant_ids(session: Session, procurement: JointProcurement) -> set[int]:
    """The municipalities taking part: those whose needs the procurement holds."""
    stmt = select(ProcurementNeed.tenant_id).where(ProcurementNeed.procurement_id == procurement.id).distinct()
    return set(session.scalars(stmt))


def team_of(session: Session, procurement: JointProcurement) -> list[TeamMember]:
    """The members by role and name, each with their user (one query)."""
    stmt = (
        select(TeamMember).where(TeamMember.procurement_id == procurement.id).order_by(TeamMember.role, TeamMember.id)
    )
    return list(session.scalars(stmt))


def roles_held(principal: Principal, procurement: JointProcurement) -> list[TeamRole]:
    """The team roles the principal holds on this procurement (whose sections they write)."""
    return [role for role in TeamRole if principal.holds(perm.section_permission(role), procurement.id)]


@dataclass(frozen=True)
class Workplace:
    """Where a person may come onto the team from: a municipality, a partner organisation, the region's staff."""

    name: str
    email: str
    tenant_id: int | None = None
    partner_id: int | None = None


def _workplace(session: Session, procurement: JointProcurement, user_id: int, role: TeamRole) -> Workplace:
    grants = session.execute(
        select(
            RoleAssignment.tenant_id,
            RoleAssignment.partner_id,
            RoleAssignment.region_id,
            RoleAssignment.user_name,
            RoleAssignment.user_email,
        )
        .where(RoleAssignment.user_id == user_id)
        .order_by(RoleAssignment.id)
    ).all()
    if not grants:
        raise Refused.field("user_id", _l("Choose a person from the list; invite someone who has no account first."))
    participants = participant_tenant_ids(session, procurement)
    for tenant_id, partner_id, region_id, name, email in grants:
        if tenant_id is not None and tenant_id in participants:
            return Workplace(name, email, tenant_id=tenant_id)
        if role is TeamRole.USER_REPRESENTATIVE:
            continue
        if partner_id is not None and region_id == procurement.region_id:
            return Workplace(name, email, partner_id=partner_id)
        if partner_id is None and tenant_id is None and region_id == procurement.region_id:
            return Workplace(name, email)
    if role is TeamRole.USER_REPRESENTATIVE and all(g.tenant_id is None for g in grants):
        raise Refused.field("user_id", USER_REPRESENTATIVE_ONLY_MUNICIPAL)
    raise Refused.field("user_id", NOT_PARTICIPATING % {"name": grants[0].user_name})


def assign(session: Session, principal: Principal, procurement_id: int, *, user_id: int, role: str) -> TeamMember:
    """Give ``user_id`` the team role ``role`` on the procurement; refused (and nothing changed) if they may not."""
    procurement = access_team_procurement(session, principal, procurement_id, STAFF)
    team_role = TeamRole(role)
    where = _workplace(session, procurement, user_id, team_role)
    taken = select(TeamMember.id).where(
        TeamMember.procurement_id == procurement.id, TeamMember.user_id == user_id, TeamMember.role == team_role.value
    )
    if session.scalar(taken) is not None:
        raise Refused.field("user_id", _l("This person already holds that role on the team."))
    member = TeamMember(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        user_id=user_id,
        user_name=where.name,
        user_email=where.email,
        role=team_role.value,
        tenant_id=where.tenant_id,
        partner_id=where.partner_id,
        assigned_by_id=principal.user_id,
    )
    session.add(member)
    record(session, principal, "team.assign", member, region_id=procurement.region_id, summary={"role": role})
    return member


def remove(session: Session, principal: Principal, procurement_id: int, member_id: int) -> None:
    """Take a member off the team; their section stays, written as it was."""
    procurement = access_team_procurement(session, principal, procurement_id, STAFF)
    member = session.get(TeamMember, member_id)
    if member is None or member.procurement_id != procurement.id:
        raise NotFound()
    record(session, principal, "team.remove", member, region_id=procurement.region_id, summary={"role": member.role})
    session.delete(member)


def candidates(session: Session, procurement: JointProcurement) -> list[tuple[int, str]]:
    """People who may join the team: users of participating municipalities, the region's partners and staff."""
    participants = sorted(participant_tenant_ids(session, procurement))
    stmt = (
        select(RoleAssignment.user_id, RoleAssignment.user_name)
        .where(
            RoleAssignment.tenant_id.in_(participants)
            | ((RoleAssignment.region_id == procurement.region_id) & RoleAssignment.tenant_id.is_(None))
        )
        .distinct()
        .order_by(RoleAssignment.user_name)
    )
    return [(row.user_id, row.user_name) for row in session.execute(stmt)]
