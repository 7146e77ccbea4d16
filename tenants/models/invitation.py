"""Invitations: single-use, expiring links that provision a role on first e-ID login."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.extensions import db
from samverka.tenants.models.base import utcnow
from samverka.tenants.models.user import SCOPE_SHAPE, ScopeColumns
from samverka.tenants.roles import ROLE_NAMES


class Invitation(ScopeColumns, db.Model):
    """Only a SHA-256 of the link's token is stored: a database leak must not yield usable links."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLE_NAMES}", name="role"),
        CheckConstraint(SCOPE_SHAPE, name="scope_shape"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(32))
    salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    emailed_at: Mapped[datetime | None]  # set by the mail job, which skips when already sent
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at
