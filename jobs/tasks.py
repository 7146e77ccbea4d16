"""The outbox's own upkeep: relay the jobs whose dispatch was lost, and forget old finished ones."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from samverka.jobs import outbox
from samverka.jobs.models import DONE, QueuedJob
from samverka.jobs.queue import dispatch
from samverka.jobs.runner import task
from samverka.platform.core.extensions import db
from samverka.platform.core.time import utcnow

log = logging.getLogger("samverka.jobs")
# A finished job's row is kept this long, for the operator's record of what ran.
KEEP_DONE = timedelta(days=14)


@task("relay jobs left pending", queue="maintenance")
def relay_outbox() -> int:
    """Dispatch every job still pending a minute after its change committed (Redis was down, a crash)."""
    relayed = outbox.relay(current_app._get_current_object(), dispatch)
    if relayed:
        log.info("relayed %d pending jobs", relayed)
    return relayed


@task("forget finished jobs", queue="maintenance")
def forget_finished_jobs() -> int:
    """Delete finished jobs older than two weeks; failed ones stay until the operator has seen to them."""
    gone = db.session.execute(
        delete(QueuedJob).where(QueuedJob.state == DONE, QueuedJob.updated_at < utcnow() - KEEP_DONE)
    )
    return gone.rowcount
