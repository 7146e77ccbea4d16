"""Who receives a mail: the active people holding a role in one tenant or one region."""

from __future__ import annotations

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
