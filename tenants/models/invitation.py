"""Invitations: single-use, expiring links that provision a role on first e-ID login."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import ColumnIs, Held, HeldEverywhere, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
from samverka.tenants.models.user import SCOPE_READ, SCOPE_SHAPE, ScopeColumns, partner_in_region
from samverka.tenants.roles import ROLE_NAMES

# open → accepted (by the named person, or confirmed by the inviter) or awaiting_confirmation → accepted/rejected.
OPEN, AWAITING, ACCEPTED, REJECTED = "open", "awaiting_confirmation", "accepted", "rejected"
INVITATION_STATUSES = (OPEN, AWAITING, ACCEPTED, REJECTED)
INVITATION_STATUSES = (OPEN, AWAITING, ACCEPTED, REJECTED)


class Invitation(ScopeColumns, db.Model):
    """Only a SHA-256 of the link's token is stored: a database leak must not yield usable links."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLE_NAMES), name="role"),
        CheckConstraint(SCOPE_SHAPE, name="scope_shape"),
        CheckConstraint(one_of("status", INVITATION_STATUSES), name="status"),
        partner_in_region("invitations"),
    )
    # A municipality's roles by those who manage them; purchasers and partners by the region's
    # coordinator; coordinators by the operator.
    __tenancy__ = TenancyRule(
        read=SCOPE_READ,
        write=(
            Held("tenant_id", perm.TENANT_ROLES_MANAGE)
            | (Held("region_id", perm.REGION_INVITE) & ColumnIs("role", ("purchaser", "partner_reader")))
            | (HeldEverywhere(perm.PLATFORM_INVITE_COORDINATOR) & ColumnIs("role", ("coordinator",)))
        ),
        scopes={"tenant": "tenant_id", "region": "region_id", "partner": "partner_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(32))
    salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(24), default=OPEN)
    # The keyed hash of the invitee's national identity number (like ``User.eid_hash``), when the
    # inviter named the person: then only that person's e-ID can accept.
    invitee_eid_hash: Mapped[str | None] = mapped_column(String(64))
    # Who accepted, as their account reads: the inviter confirms (or rejects) this person.
    accepted_by_name: Mapped[str | None] = mapped_column(String(120))
    accepted_by_email: Mapped[str | None] = mapped_column(String(254))
    inviter_mailed_at: Mapped[datetime | None]  # the inviter is told of the acceptance once
    decided_at: Mapped[datetime | None]  # the inviter's confirmation or rejection
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    emailed_at: Mapped[datetime | None]  # set by the mail job, which skips when already sent
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_bound(self) -> bool:
        return self.invitee_eid_hash is not None

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at
