"""The council of chief executives around a plan: who is asked to vote, and how far the vote has come.

Who sits on the council is no secret to anyone who reads the region's plan, but neither the
member municipalities nor the people holding a role in them are rows every reader may read (a
chief executive reads only their own municipality). So the names are read as the platform, as the
vote's count is (see ``approval.vote``), after the caller has reached the plan through its access.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on
from samverka.tenants.models import RegionMembership, RoleAssignment, Tenant, User
from samverka.tenants.roles import Role


@dataclass(frozen=True)
class Seat:
    """A member municipality and the chief executives the submission mails (name, e-mail; by e-mail)."""

    tenant: Tenant
    chiefs: tuple[tuple[str, str], ...]


def council_seats(session: Session, region_id: int) -> list[Seat]:
    """Every member municipality, by name, with its active chief executives: two queries.

    Read as the system (the council mail job, ``submission_council``).
    """
    members = session.scalars(
        select(Tenant).join(RegionMembership).where(RegionMembership.region_id == region_id).order_by(Tenant.name)
    ).all()
    rows = session.execute(
        select(RoleAssignment.tenant_id, RoleAssignment.user_name, User.email)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.tenant_id.in_([t.id for t in members]),
            RoleAssignment.role == Role.CHIEF_EXECUTIVE.value,
            User.active.is_(True),
        )
        .order_by(User.email)
    )
    chiefs: dict[int, dict[str, str]] = {}
    for tenant_id, name, email in rows:
        chiefs.setdefault(tenant_id, {}).setdefault(email, name)  # one mail per address, as the job sends
    return [Seat(t, tuple((name, email) for email, name in chiefs.get(t.id, {}).items())) for t in members]


def submission_council(session: Session, principal: Principal, plan: ActionPlan) -> list[Seat]:
    """Whom submitting ``plan`` will e-mail, for the coordinator to confirm before submitting."""
    require_on(principal, plan, perm.REGION_PLAN_WRITE)
    with acting_as(session, Principal.system("action plan: whom the submission mails")):
        return council_seats(session, plan.region_id)


@dataclass(frozen=True)
class VoteProgress:
    """E.g. 3 of 7 approved, waiting for Flesberg, Rollag, ...; the names are the municipalities'."""

    status: str
    members: int
    approved: tuple[str, ...]
    rejected: tuple[str, ...]
    waiting: tuple[str, ...]


_MEMBERS = (
    select(RegionMembership.tenant_id.label("id"), Tenant.name)
    .outerjoin(Tenant, Tenant.id == RegionMembership.tenant_id)
    .where(RegionMembership.region_id == bindparam("region_id"))
    .order_by(Tenant.name)
)


def members_read(session: Session, region_id: int) -> list[Row]:
    """The region's members by name, each (id, name), in one statement as the session's principal reads them:
    a membership whose municipality the principal may not read has the name None (an outer join)."""
    return list(session.execute(_MEMBERS, {"region_id": region_id}))


def every_member(principal: Principal, region_id: int, read: list[Row]) -> list[Row] | None:
    """``members_read``'s rows if they are every member with its name (the principal reads all memberships
    and municipalities of the region, as its staff do), else None: the progress must read them as the system."""
    if principal.holds(perm.REGION_MEMBERS_READ, region_id) and all(row.name is not None for row in read):
        return read
    return None


def vote_progress(session: Session, plan: ActionPlan, members: list[Row] | None = None) -> VoteProgress:
    """For everyone who reads the plan: the members, their votes on this version, and who is still awaited.

    ``members``: every member (id, name) by name when the caller has read them (``every_member``).
    """
    if members is None:
        with acting_as(session, Principal.system("action plan: the council's progress")):
            members = members_read(session, plan.region_id)
    decided = {vote.tenant_id: vote.decision for vote in plan.votes}
    return VoteProgress(
        status=plan.status,
        members=len(members),
        approved=tuple(name for tenant_id, name in members if decided.get(tenant_id) == "approve"),
        rejected=tuple(name for tenant_id, name in members if decided.get(tenant_id) == "reject"),
        waiting=tuple(name for tenant_id, name in members if tenant_id not in decided),
    )
