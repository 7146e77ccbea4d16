"""A procurement's team: a person's role on one joint procurement, in the one permission model.

A team role is a grant whose scope is one procurement (``tenants.permissions.TEAM_ROLE_PERMISSIONS``):
the principal look-up reads these rows beside the role assignments, so the procurement's id joins the
principal's scope and the tenancy rules, in the application and in PostgreSQL, admit the member to that
procurement only. The table lives here, not in an area, because the principal is built here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import CurrentUser, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
from samverka.tenants.roles import TEAM_ROLE_NAMES

# Read by the region's procurement staff, the procurement's team and the member; assigned by the staff.
TEAM_RULE = TenancyRule(
    read=Held("region_id", perm.REGION_PROCUREMENTS_TEAM)
    | Held("procurement_id", perm.PROCUREMENT_READ)
    | CurrentUser("user_id"),
    write=Held("region_id", perm.REGION_PROCUREMENTS_TEAM),
    scopes={"region": "region_id", "procurement": "procurement_id"},
)


class TeamMember(db.Model):
    """``user`` holds ``role`` on one procurement; ``tenant_id`` names the municipality a user represents."""

    __tablename__ = "procurement_team_members"
    __table_args__ = (
        CheckConstraint(one_of("role", TEAM_ROLE_NAMES), name="role"),
        UniqueConstraint("procurement_id", "user_id", "role", name="uq_procurement_team_members_role"),
        # The member's name and e-mail as the directory shows them, kept current by the key.
        ForeignKeyConstraint(
            ["user_id", "user_name", "user_email"],
            ["users.id", "users.name", "users.email"],
            ondelete="CASCADE",
            onupdate="CASCADE",
            name="fk_procurement_team_members_user",
        ),
        ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            ondelete="CASCADE",
            name="fk_procurement_team_members_procurement",
        ),
    )
    __tenancy__ = TEAM_RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(index=True)
    user_name: Mapped[str] = mapped_column(String(120))
    user_email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(32))
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner_organisations.id", ondelete="CASCADE"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
