"""Enqueueing background jobs, only after the transaction that caused them has committed.

With ``REDIS_URL`` set, jobs go to RQ queues named by purpose. Without it (the
embedded default), the same job functions run in-process right after the commit,
in a fresh application context and so a fresh database session.

A job that was asked for inside a transaction that rolls back is never run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, current_app
from redis import Redis
from rq import Queue
from sqlalchemy import event
from sqlalchemy.orm import Session

from samverka.jobs.registry import QUEUES, JobRef, lookup

log = logging.getLogger("samverka.jobs")

_PENDING = "samverka.pending_jobs"


@dataclass(frozen=True)
class PendingJob:
    queue: str
    name: str
    args: tuple


def redis_connection(app: Flask) -> Redis | None:
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    connection = app.extensions.get("samverka.redis")
    if connection is None:
        connection = Redis.from_url(url)
        app.extensions["samverka.redis"] = connection
    return connection


def enqueue_after_commit(session: Session, ref: JobRef, *args) -> None:
    """Run the job ``ref`` names with ``args`` once the session's current transaction commits.

    Arguments must be ids and plain values: jobs reload what they need and
    re-check its scope, so a job never acts on stale or foreign objects.
    """
    registered = lookup(ref)
    pending = session.info.setdefault(_PENDING, [])
    job = PendingJob(registered.queue, ref.name, tuple(args))
    if job not in pending:  # the same job asked for twice in one transaction runs once
        pending.append(job)


@event.listens_for(Session, "after_commit")
def _dispatch(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    if not pending:
        return
    app = current_app._get_current_object()
    connection = redis_connection(app)
    for job in pending:
        if connection is not None:
            Queue(job.queue, connection=connection).enqueue(job.name, *job.args)
            log.info("enqueued %s on %s", job.name, job.queue)
        else:
            run_in_process(job)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_PENDING, None)


def run_in_process(job: PendingJob) -> None:
    """The embedded mode: ``@task`` gives the job its own app context, session and transaction."""
    try:
        lookup(job.name).func(*job.args)
    except Exception:
        log.exception("in-process job %s failed", job.name)


def init_app(app: Flask) -> None:
    app.extensions.setdefault("samverka.jobs", {"queues": QUEUES})
