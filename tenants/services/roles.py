"""Changing who holds which role, scoped like invitations."""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.tenants import permissions as perm
from samverka.tenants.models import RoleAssignment
from samverka.tenants.principal import Principal
from samverka.tenants.roles import Role, ScopeKind
from samverka.tenants.services.directory import NotFoundError, access_tenant, tenant_region_ids


def _manageable_tenant(session: Session, principal: Principal, tenant_id: int):
    tenant = access_tenant(session, principal, tenant_id)
    if not perm.has_permission(
        principal, perm.TENANT_ROLES_MANAGE, tenant_id=tenant.id, tenant_region_ids=tenant_region_ids(tenant)
    ):
        raise NotFoundError()
    return tenant


def grant_tenant_role(
    session: Session, principal: Principal, *, tenant_id: int, user_id: int, role: Role
) -> RoleAssignment:
    """Give a user who already works for the tenant another tenant role."""
    if role.scope_kind is not ScopeKind.TENANT:
        raise ValueError("role")
    tenant = _manageable_tenant(session, principal, tenant_id)
    known = {ra.user_id for ra in session.query(RoleAssignment).filter_by(tenant_id=tenant.id)}
    if user_id not in known:
        raise NotFoundError()
    assignment = (
        session.query(RoleAssignment).filter_by(tenant_id=tenant.id, user_id=user_id, role=role.value).one_or_none()
    )
    if assignment is None:
        assignment = RoleAssignment(
            tenant_id=tenant.id, user_id=user_id, role=role.value, granted_by_id=principal.user_id
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


def revoke_tenant_role(session: Session, principal: Principal, *, tenant_id: int, user_id: int, role: Role) -> None:
    tenant = _manageable_tenant(session, principal, tenant_id)
    assignment = (
        session.query(RoleAssignment).filter_by(tenant_id=tenant.id, user_id=user_id, role=role.value).one_or_none()
    )
    if assignment is None:
        raise NotFoundError()
    record(
        session,
        principal,
        "role.revoke",
        assignment,
        tenant_id=tenant.id,
        summary={"user_id": user_id, "role": role.value},
    )
    session.delete(assignment)
