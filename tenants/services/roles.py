"""Changing who holds which role, scoped like invitations."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import NotFound
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants import permissions as perm
from samverka.tenants.models import RoleAssignment
from samverka.tenants.roles import Role, ScopeKind
from samverka.tenants.services.directory import access_tenant


def _manageable_tenant(session: Session, principal: Principal, tenant_id: int):
    return access_tenant(session, principal, tenant_id, perm.TENANT_ROLES_MANAGE)


def grant_tenant_role(
    session: Session, principal: Principal, *, tenant_id: int, user_id: int, role: Role
) -> RoleAssignment:
    """Give a user who already works for the tenant another tenant role."""
    if role.scope_kind is not ScopeKind.TENANT:
        raise ValueError("role")
    tenant = _manageable_tenant(session, principal, tenant_id)
    held = session.scalars(
        select(RoleAssignment).where(RoleAssignment.tenant_id == tenant.id, RoleAssignment.user_id == user_id)
    ).all()
    if not held:
        raise NotFound()
    assignment = next((ra for ra in held if ra.role == role.value), None)
    if assignment is None:
        # The person as the municipality already knows them: the name and e-mail of their other role here.
        assignment = RoleAssignment(
            tenant_id=tenant.id,
            user_id=user_id,
            user_name=held[0].user_name,
            user_email=held[0].user_email,
            role=role.value,
            granted_by_id=principal.user_id,
        )
        session.add(assignment)
        session.flush()
        record(
            session,
            principal,
            "role.grant",
            assignment,
            tenant_id=tenant.id,
            summary={"user_id": user_id, "role": role.value},
        )
    return assignment


def revoke_tenant_role(session: Session, principal: Principal, *, tenant_id: int, user_id: int, role: Role) -> str:
    tenant = _manageable_tenant(session, principal, tenant_id)
    assignment = (
        session.query(RoleAssignment).filter_by(tenant_id=tenant.id, user_id=user_id, role=role.value).one_or_none()
    )
    if assignment is None:
        raise NotFound()
    record(
        session,
        principal,
        "role.revoke",
        assignment,
        tenant_id=tenant.id,
        summary={"user_id": user_id, "role": role.value},
    )
    session.delete(assignment)
    return role.value
