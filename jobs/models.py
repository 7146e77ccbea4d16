"""The job outbox: every job asked for is a row, written in the same transaction as the change that asked.

A job is therefore never lost (a crash after the commit leaves its row ``pending``, and the relay
runs it later) and never enqueued for a change that rolled back. The row also keeps what became of
the job, so the operator sees the jobs that failed, with the reason, in the UI.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, ColumnIs, CurrentUser, HeldEverywhere, TenancyRule
from samverka.platform.core.time import utcnow

PENDING, ENQUEUED, RUNNING, RETRYING, DONE, FAILED = "pending", "enqueued", "running", "retrying", "done", "failed"
STATES = (PENDING, ENQUEUED, RUNNING, RETRYING, DONE, FAILED)


class QueuedJob(db.Model):
    """One job asked for: its registered name, its arguments (ids and plain values), and how it went."""

    __tablename__ = "job_outbox"
    __table_args__ = (
        CheckConstraint(one_of("state", STATES), name="state"),
        Index("ix_job_outbox_state_created_at", "state", "created_at"),
    )
    # Anyone's change may ask for a job (a new, pending row, in their own name); only the system moves
    # it on; the operator reads the list, a person the jobs they asked for. Arguments are ids only.
    __tenancy__ = TenancyRule(
        read=CurrentUser("requested_by_id") | HeldEverywhere("platform:operate"),
        write=NEVER,
        insert=ColumnIs("state", (PENDING,)) & CurrentUser("requested_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    queue: Mapped[str] = mapped_column(String(32))
    args: Mapped[list] = mapped_column(JSON)
    requested_by_id: Mapped[int | None] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
