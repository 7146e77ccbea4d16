"""Users and their role assignments.

A user is recognised at e-ID login by ``eid_hash``: an HMAC of the national
identity number under a server key. The number itself is never stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.extensions import db
from samverka.tenants.models.base import utcnow
from samverka.tenants.roles import ROLE_NAMES

# Exactly the scope columns a role's scope kind needs; partner roles also carry
# their partner's region so that region staff can see them without a join.
SCOPE_SHAPE = (
    "(role IN ('it_coordinator','chief_executive') AND tenant_id IS NOT NULL AND region_id IS NULL"
    " AND partner_id IS NULL)"
    " OR (role IN ('coordinator','purchaser') AND region_id IS NOT NULL AND tenant_id IS NULL"
    " AND partner_id IS NULL)"
    " OR (role = 'partner_reader' AND partner_id IS NOT NULL AND region_id IS NOT NULL AND tenant_id IS NULL)"
    " OR (role = 'operator' AND tenant_id IS NULL AND region_id IS NULL AND partner_id IS NULL)"
)


class User(db.Model):
    """A person who signs in with e-ID."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    eid_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    role_assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="RoleAssignment.user_id"
    )


class ScopeColumns:
    """The tenant / region / partner scope an assignment or invitation applies to."""

    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisations.id", ondelete="CASCADE"), index=True
    )


class RoleAssignment(ScopeColumns, db.Model):
    """A role held by a user in one scope."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLE_NAMES}", name="role"),
        CheckConstraint(SCOPE_SHAPE, name="scope_shape"),
        UniqueConstraint("user_id", "role", "tenant_id", "region_id", "partner_id", name="uq_role_assignments_grant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_assignments", foreign_keys=[user_id])
