"""Users and their role assignments.

A user is recognised at e-ID login by ``eid_hash``: an HMAC of the national
identity number under a server key. The number itself is never stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, String, UniqueConstraint, event, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import (
    NEVER,
    CurrentUser,
    Held,
    HeldEverywhere,
    OtherUser,
    TenancyRule,
    is_null,
)
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
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
# Who sees a grant or an invitation: those who see the users of its municipality or region; the
# operator sees the regional ones it hands out (coordinators) but no municipality's.
SCOPE_READ = (
    Held("tenant_id", perm.TENANT_USERS_READ)
    | Held("region_id", perm.REGION_USERS_READ)
    | (HeldEverywhere(perm.PLATFORM_INVITE_COORDINATOR) & is_null("tenant_id") & is_null("partner_id"))
)


class User(db.Model):
    """A person who signs in with e-ID.

    Only the person reads their own row; others see a person through the role assignments
    they may read, which carry the name and e-mail (kept equal by the composite foreign key).
    """

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("id", "name", "email", name="uq_users_id_name_email"),)
    __tenancy__ = TenancyRule(read=CurrentUser("id"), write=CurrentUser("id"))

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
    partner_id: Mapped[int | None] = mapped_column(index=True)


def partner_in_region(table: str) -> ForeignKeyConstraint:
    """A partner role or invitation names the partner's own region: the database proves it."""
    return ForeignKeyConstraint(
        ["partner_id", "region_id"],
        ["partner_organisations.id", "partner_organisations.region_id"],
        ondelete="CASCADE",
        name=f"fk_{table}_partner_region",
    )


class RoleAssignment(ScopeColumns, db.Model):
    """A role held by a user in one scope, with the holder's name and e-mail as the directory shows them."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLE_NAMES), name="role"),
        CheckConstraint(SCOPE_SHAPE, name="scope_shape"),
        UniqueConstraint("user_id", "role", "tenant_id", "region_id", "partner_id", name="uq_role_assignments_grant"),
        ForeignKeyConstraint(
            ["user_id", "user_name", "user_email"],
            ["users.id", "users.name", "users.email"],
            ondelete="CASCADE",
            onupdate="CASCADE",
            name="fk_role_assignments_user",
        ),
        partner_in_region("role_assignments"),
    )
    # One's own grants are readable; granting is done by those who manage a municipality's roles, to
    # others only (regional roles are granted only by accepting an invitation, which the system does).
    # A grant is never changed: its holder's name and e-mail follow the user by the foreign key.
    __tenancy__ = TenancyRule(
        read=CurrentUser("user_id") | SCOPE_READ,
        write=Held("tenant_id", perm.TENANT_ROLES_MANAGE),
        insert=Held("tenant_id", perm.TENANT_ROLES_MANAGE) & OtherUser("user_id"),
        update=NEVER,
        scopes={"tenant": "tenant_id", "region": "region_id", "partner": "partner_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(index=True)
    user_name: Mapped[str] = mapped_column(String(120))
    user_email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(32))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_assignments", foreign_keys=[user_id])


@event.listens_for(RoleAssignment, "before_insert")
def _holder_as_known(mapper, connection, target: RoleAssignment) -> None:
    """A grant made without the holder's name and e-mail (by the system: fixtures, demo data) copies them.

    Services acting for a person fill them in themselves, from what that person may read.
    """
    if target.user_name is not None and target.user_email is not None:
        return
    found = connection.execute(select(User.name, User.email).where(User.id == target.user_id)).one()
    target.user_name, target.user_email = found.name, found.email
