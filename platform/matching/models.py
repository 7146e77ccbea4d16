"""Stored proposals: groups of needs the matching engine found, and the coordinator's decision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm

OPEN, ACCEPTED, DISMISSED = "open", "accepted", "dismissed"
PROPOSAL_STATUSES = (OPEN, ACCEPTED, DISMISSED)


class MatchProposal(db.Model):
    """A proposed joint procurement: needs of two or more tenants of one region, with the reasons.

    Region-owned: only the region's coordinator and purchaser read it. ``signature``
    covers the needs and their versions, so a dismissed group comes back only when
    one of its needs changes.
    """

    __tablename__ = "match_proposals"
    __table_args__ = (
        UniqueConstraint("region_id", "signature", name="uq_match_proposals_signature"),
        CheckConstraint(f"status IN ('{OPEN}', '{ACCEPTED}', '{DISMISSED}')", name="status"),
    )
    # Proposals name other municipalities' needs: the region's own staff only; the matching job
    # (the system) writes them, the coordinator decides them.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROPOSALS_READ),
        write=Held("region_id", perm.REGION_PROPOSALS_DECIDE),
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    signature: Mapped[str] = mapped_column(String(64))
    need_ids: Mapped[list[int]] = mapped_column(JSON)
    tenant_ids: Mapped[list[int]] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[dict]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    dismiss_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    procurement_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
