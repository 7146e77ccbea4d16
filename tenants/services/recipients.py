"""Who receives a mail: the active people holding a role in one tenant or one region."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.tenants.models import RoleAssignment, User
from samverka.tenants.roles import Role


def role_emails(
    session: Session, role: Role, *, tenant_id: int | None = None, region_id: int | None = None
) -> list[str]:
    """Each address once, sorted; read with the session's principal (the jobs read as the system)."""
    scope = (
        (RoleAssignment.tenant_id == tenant_id) if tenant_id is not None else (RoleAssignment.region_id == region_id)
    )
    stmt = (
        select(User.email)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(scope, RoleAssignment.role == role.value, User.active.is_(True))
    )
    return sorted(set(session.scalars(stmt)))


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


def tenant_role_recipients(session: Session, role: Role, tenant_ids: list[int]) -> dict[int, list[Recipient]]:
    """Per tenant, whom ``role_emails`` would mail: the same people, with their names, in one query."""
    stmt = (
        select(RoleAssignment.tenant_id, User.name, User.email)
        .join(User, User.id == RoleAssignment.user_id)
        .where(RoleAssignment.tenant_id.in_(sorted(tenant_ids)), RoleAssignment.role == role.value)
        .where(User.active.is_(True))
        .distinct()
        .order_by(RoleAssignment.tenant_id, User.name, User.email)
    )
    found: dict[int, list[Recipient]] = {tenant_id: [] for tenant_id in tenant_ids}
    for tenant_id, name, email in session.execute(stmt):
        found[tenant_id].append(Recipient(name, email))
    return found
