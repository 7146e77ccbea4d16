"""From a committed change to its jobs: stage in the transaction, dispatch after the commit, relay what waits.

``stage`` adds a ``QueuedJob`` row to the caller's transaction. Once that transaction commits, the
jobs it staged are dispatched: to their RQ queue (with retries and backoff), or run in this process
when there is no Redis (right away under test, in a background thread in the demo, never inside
the request). A job whose dispatch failed (Redis down) stays ``pending`` and the relay dispatches it
once Redis is back. What became of each job is written to its row in a transaction of its own, so a
job that fails keeps its failure visible to the operator.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from redis.exceptions import RedisError
from rq import Callback, Queue, Retry
from rq.exceptions import AbandonedJobError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.jobs.models import DONE, ENQUEUED, FAILED, PENDING, RETRYING, RUNNING, QueuedJob
from samverka.jobs.registry import JobRef, lookup
from samverka.platform.core import logs
from samverka.platform.core.extensions import db, system_engine
from samverka.platform.core.tenancy.guard import bind_principal, principal_of
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow

log = logging.getLogger("samverka.jobs")
_STAGED = "samverka.staged_jobs"
_COMMITTED = "samverka.committed_jobs"
_HELD = "samverka.held_jobs"
SYSTEM = Principal.system("job outbox")
RELAY_AFTER = timedelta(minutes=1)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@dataclass(frozen=True)
class Staged:
    outbox_id: int
    name: str
    queue: str
    args: tuple
    # The request that asked for the job, for the worker's log lines; None when relayed (not kept in the row).
    request_id: str | None = None


def stage(session: Session, ref: JobRef, args: tuple) -> None:
    """Add the job to the session's transaction; the same job with the same arguments is staged once."""
    registered = lookup(ref)
    held = session.info.get(_HELD, {}).get(ref.name)
    if held is not None:
        held.append(args)
        return
    staged = session.info.setdefault(_STAGED, {})
    key = (ref.name, args)
    if key not in staged:
        requested_by = principal_of(session).user_id
        row = QueuedJob(
            name=ref.name, queue=registered.queue, args=list(args), state=PENDING, requested_by_id=requested_by
        )
        session.add(row)
        staged[key] = row


@contextmanager
def holding(session: Session, ref: JobRef) -> Iterator[list[tuple]]:
    """Inside the block, asking for the job ``ref`` names stages nothing: its arguments are collected instead.

    For a batch job whose every row would ask for the same job (a submitted need asks to re-match its
    regions): it asks once for a wider job after the block, e.g. one re-match per region instead of one
    per row. What is collected survives the block's commits; a rolled-back row's arguments stay too,
    which only widens the one job asked for later.
    """
    held = session.info.setdefault(_HELD, {})
    if ref.name in held:
        raise RuntimeError(f"job {ref.name} is already held in this session")
    held[ref.name] = collected = []
    try:
        yield collected
    finally:
        del held[ref.name]


def staged_before_commit(session: Session) -> None:
    """The staged rows get their ids (a flush) while the transaction can still write them."""
    staged = session.info.pop(_STAGED, None)
    if not staged:
        return
    session.flush()
    request_id = logs.current("request_id")
    session.info[_COMMITTED] = [
        Staged(row.id, row.name, row.queue, tuple(row.args), request_id) for row in staged.values()
    ]


def committed(session: Session) -> list[Staged]:
    return session.info.pop(_COMMITTED, [])


def forget(session: Session) -> None:
    """A rolled-back transaction's jobs are never run."""
    session.info.pop(_STAGED, None)
    session.info.pop(_COMMITTED, None)


def retry_policy(backoff: tuple[int, ...]) -> Retry | None:
    """One retry per pause in ``backoff`` (seconds, ``JOB_RETRY_BACKOFF``: 10 s, 1 min, 5 min); the worker's
    scheduler re-queues each when it is due, and after the last the job stays failed for the operator to see.
    A worker killed in the middle of a job counts as a failure too: RQ's clean-up of the started-job
    registry retries the job the same way once the dead worker's heartbeat has run out."""
    return Retry(max=len(backoff), interval=list(backoff)) if backoff else None


def enqueue(connection, job: Staged, retry: Retry | None) -> bool:
    """Hand the job to RQ; False (and the row left pending for the relay) when Redis cannot take it."""
    return enqueue_all(connection, [job], retry)


def enqueue_all(connection, jobs: list[Staged], retry: Retry | None) -> bool:
    """Hand a commit's jobs to RQ in one Redis transaction (a pipeline) and mark them in one UPDATE: a batch job's
    thousands of notices cost two round trips, not a few each. False (all left pending) when Redis cannot take
    them."""
    by_queue: dict[str, list[Staged]] = {}
    for job in jobs:
        by_queue.setdefault(job.queue, []).append(job)
    try:
        pipe = connection.pipeline()
        for name, queued in by_queue.items():
            Queue(name, connection=connection).enqueue_many([_data(job, retry) for job in queued], pipeline=pipe)
        pipe.execute()
    except RedisError:
        log.warning("%d jobs wait for the relay: Redis did not take them", len(jobs))
        return False
    # Only those still pending: a worker may already have started one (its own mark stays).
    _mark([job.outbox_id for job in jobs], QueuedJob.state == PENDING, state=ENQUEUED)
    return True


def _data(job: Staged, retry: Retry | None):
    return Queue.prepare_data(
        job.name,
        job.args,
        job_id=f"outbox-{job.outbox_id}",
        meta={"outbox_id": job.outbox_id, "request_id": job.request_id},
        retry=retry,
        on_failure=Callback(abandoned),
    )


def mark(outbox_id: int, **values) -> None:
    """Write what became of a job in a transaction of its own, as the system."""
    _mark([outbox_id], **values)


def _mark(outbox_ids: list[int], *where, **values) -> None:
    with Session(bind=system_engine()) as side:
        bind_principal(side, SYSTEM)
        rows = update(QueuedJob).where(QueuedJob.id.in_(outbox_ids), *where)
        side.execute(rows.values(updated_at=utcnow(), **values))
        side.commit()


def started(outbox_id: int) -> None:
    mark(outbox_id, state=RUNNING, attempts=QueuedJob.attempts + 1)


def finished(outbox_id: int) -> None:
    mark(outbox_id, state=DONE, last_error=None)


def failed(outbox_id: int, error: BaseException, *, retried: bool) -> None:
    """The failure's kind and message, without the e-mail addresses a mail error may name."""
    reason = _EMAIL.sub("<address>", f"{type(error).__name__}: {error}")[:2000]
    mark(outbox_id, state=RETRYING if retried else FAILED, last_error=reason)


def abandoned(job, connection, kind, error, traceback) -> None:
    """RQ's failure callback. A job whose worker died has no run left to write its outcome: RQ's clean-up
    calls this (in a worker holding the app's context) before it retries the job or gives it up."""
    outbox_id = job.meta.get("outbox_id")
    if isinstance(error, AbandonedJobError) and outbox_id is not None:
        reason = "AbandonedJobError: the worker stopped in the middle of the job"
        mark(outbox_id, state=RETRYING if job.retries_left else FAILED, last_error=reason)


def waiting(session: Session, now) -> list[Staged]:
    """Jobs still pending a while after they were staged: their dispatch was lost (Redis down, a crash)."""
    stmt = (
        select(QueuedJob)
        .where(QueuedJob.state == PENDING, QueuedJob.created_at <= now - RELAY_AFTER)
        .order_by(QueuedJob.id)
        .limit(1000)
    )
    return [Staged(row.id, row.name, row.queue, tuple(row.args)) for row in session.scalars(stmt)]


def relay(app: Flask, dispatch) -> int:
    """Dispatch every job left pending; returns how many were handed on."""
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        jobs = waiting(db.session, utcnow())
        db.session.rollback()
        return sum(1 for job in jobs if dispatch(app, job) is not False)
