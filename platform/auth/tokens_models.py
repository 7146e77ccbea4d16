"""A partner organisation's read-only API tokens: kept as a SHA-256 of the secret, never the secret itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm


class ApiToken(db.Model):
    """One token: scoped to its partner's region, read-only, with an expiry; revoked, never deleted.

    The partner's readers (``partner:tokens:write``) read and write their partner's tokens. Finding a
    token by its hash, before anyone is known, is the system's work (the bearer look-up), and so is
    marking it used.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint("expires_at > created_at", name="expiry"),
        # The region is the partner's own: the database proves it.
        ForeignKeyConstraint(
            ["partner_id", "region_id"],
            ["partner_organisations.id", "partner_organisations.region_id"],
            ondelete="CASCADE",
            name="fk_api_tokens_partner",
        ),
    )
    __tenancy__ = TenancyRule(
        read=Held("partner_id", perm.PARTNER_TOKENS_WRITE),
        write=Held("partner_id", perm.PARTNER_TOKENS_WRITE),
        delete=NEVER,  # a revoked token stays, so its use can be traced afterwards
        scopes={"partner": "partner_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(80))
    # The token's first characters, shown so its holder can tell which one it is; they open nothing.
    prefix: Mapped[str] = mapped_column(String(8))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    # When the last ``api_token.used`` audit event was written: at most one an hour per token.
    use_audited_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"
