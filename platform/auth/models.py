"""A browser's session, kept on the server: the cookie holds only a random id, never what is in here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import CurrentUser, TenancyRule
from samverka.platform.core.time import utcnow


class BrowserSession(db.Model):
    """One browser's session: keyed by the SHA-256 of the cookie's id, so the table alone opens none.

    A person reads and ends their own sessions; finding a session by its key, before anyone is
    known, is the system's work (the sign-in look-up). An anonymous session has no user.
    """

    __tablename__ = "browser_sessions"
    __tenancy__ = TenancyRule(read=CurrentUser("user_id"), write=CurrentUser("user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Shown on "Your sessions" and used to end one; unrelated to the key.
    handle: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    data: Mapped[str] = mapped_column(Text)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
