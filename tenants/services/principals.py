"""Building a principal from a user's role assignments.

The scope is widened step by step (own grants, then the memberships those grants
reach), so loading a principal never needs more visibility than it ends up with.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.tenants.models import RegionMembership, RoleAssignment, User
from samverka.tenants.principal import Grant, Principal
from samverka.tenants.roles import Role
from samverka.tenants.scoping import bind_principal


def load_principal(session: Session, user_id: int) -> Principal | None:
    """The principal for an active user, bound to ``session``; None if the user is gone or inactive."""
    bind_principal(session, Principal(user_id=user_id))
    user = session.get(User, user_id)
    if user is None or not user.active:
        bind_principal(session, Principal.anonymous())
        return None
    grants = frozenset(
        Grant(ra.role, ra.tenant_id, ra.region_id, ra.partner_id)
        for ra in session.scalars(select(RoleAssignment).where(RoleAssignment.user_id == user_id))
    )
    principal = _widen(session, user_id, grants)
    bind_principal(session, principal)
    return principal


def _widen(session: Session, user_id: int, grants: frozenset[Grant]) -> Principal:
    tenant_ids = frozenset(g.tenant_id for g in grants if g.tenant_id is not None)
    admin_regions = frozenset(
        g.region_id for g in grants if g.role in (Role.COORDINATOR, Role.PURCHASER) and g.region_id
    )
    partner_ids = frozenset(g.partner_id for g in grants if g.partner_id is not None)
    partner_regions = frozenset(g.region_id for g in grants if g.partner_id is not None)
    step = Principal(user_id=user_id, grants=grants, tenant_ids=tenant_ids, admin_region_ids=admin_regions)
    bind_principal(session, step)
    memberships = session.scalars(select(RegionMembership)).all()
    member_regions = frozenset(m.region_id for m in memberships if m.tenant_id in tenant_ids)
    administered = frozenset(m.tenant_id for m in memberships if m.region_id in admin_regions)
    return Principal(
        user_id=user_id,
        grants=grants,
        tenant_ids=tenant_ids,
        directory_tenant_ids=tenant_ids | administered,
        region_ids=admin_regions | member_regions | partner_regions,
        admin_region_ids=admin_regions,
        partner_ids=partner_ids,
        is_operator=any(g.role == Role.OPERATOR for g in grants),
    )
