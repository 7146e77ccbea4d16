"""The audit log: an append-only, hash-chained record of every state change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, CurrentUser, Held, TenancyRule, WorksIn
from samverka.platform.core.time import utcnow

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    """Who did what to which object, in which tenant or region, and when.

    ``hash`` covers every other column and the previous event's hash, so altering or
    deleting any stored row breaks the chain from that row on. The application's
    database role may only insert and read this table.
    """

    __tablename__ = "audit_events"
    # Append-only, through ``samverka_append_audit`` only: an event names the acting user and scopes
    # that user works in; one reads one's own actions and the events of the municipalities and regions
    # one audits.
    __tenancy__ = TenancyRule(
        read=CurrentUser("actor_user_id")
        | Held("tenant_id", "tenant:audit:read")
        | Held("region_id", "region:audit:read"),
        write=NEVER,
        insert=CurrentUser("actor_user_id") & WorksIn("tenant_id", "tenant") & WorksIn("region_id", "region"),
        scopes={"tenant": "tenant_id", "region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(index=True)
    actor_label: Mapped[str] = mapped_column(String(64))
    tenant_id: Mapped[int | None] = mapped_column(index=True)
    region_id: Mapped[int | None] = mapped_column(index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(db.Model):
    """One row holding the newest event's sequence number and hash.

    Appending locks this row, which serialises writers without letting the
    application read other tenants' events to find the previous hash.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
