"""Enqueueing background jobs, only once the transaction that asked for them has committed.

``enqueue_after_commit`` stages the job in the outbox, in the caller's transaction (``outbox``).
After the commit each staged job is dispatched by the mode the app runs in:

* ``rq`` (``REDIS_URL`` set): to its RQ queue, named by purpose;
* ``thread`` (the demo, without Redis): to a background thread of this process, so no request
  waits for a job;
* ``inline`` (the test suite): run right after the commit, so a test sees the job's effect.

A job asked for in a transaction that rolls back is never run.
"""

from __future__ import annotations

import logging
import queue as threads_queue
import threading
from contextvars import ContextVar

from flask import Flask, current_app
from redis import Redis
from sqlalchemy import event
from sqlalchemy.orm import Session

from samverka.jobs import outbox
from samverka.jobs.registry import QUEUES, JobRef, lookup
from samverka.platform.core import logs

log = logging.getLogger("samverka.jobs")
# The outbox row of the job running in this process, when it was dispatched from the outbox.
current_outbox_id: ContextVar[int | None] = ContextVar("current_outbox_id", default=None)
_BACKGROUND: threads_queue.Queue = threads_queue.Queue()
_BACKGROUND_LOCK = threading.Lock()
_background_thread: threading.Thread | None = None


def redis_connection(app: Flask) -> Redis | None:
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    connection = app.extensions.get("samverka.redis")
    if connection is None:
        connection = Redis.from_url(url)
        app.extensions["samverka.redis"] = connection
    return connection


def jobs_mode(app: Flask) -> str:
    """``rq`` with Redis; without it ``inline`` under test and ``thread`` otherwise (or ``JOBS_MODE``)."""
    if app.config.get("JOBS_MODE"):
        return app.config["JOBS_MODE"]
    if app.config.get("REDIS_URL"):
        return "rq"
    return "inline" if app.config.get("TESTING") else "thread"


def enqueue_after_commit(session: Session, ref: JobRef, *args) -> None:
    """Run the job ``ref`` names with ``args`` once the session's current transaction commits.

    Arguments must be ids and plain values: jobs reload what they need and re-check its scope, so
    a job never acts on stale or foreign objects. The same job with the same arguments asked for
    twice in one transaction runs once.
    """
    outbox.stage(session, ref, tuple(args))


@event.listens_for(Session, "before_commit")
def _stage(session: Session) -> None:
    outbox.staged_before_commit(session)


@event.listens_for(Session, "after_commit")
def _dispatch_committed(session: Session) -> None:
    jobs = outbox.committed(session)
    if not jobs:
        return
    app = current_app._get_current_object()
    if len(jobs) > 1 and jobs_mode(app) == "rq":  # a batch's jobs: one Redis pipeline, one UPDATE
        outbox.enqueue_all(redis_connection(app), jobs, outbox.retry_policy(app.config["JOB_RETRY_BACKOFF"]))
        return
    for job in jobs:
        dispatch(app, job)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    outbox.forget(session)


def dispatch(app: Flask, job: outbox.Staged):
    mode = jobs_mode(app)
    if mode == "rq":
        retry = outbox.retry_policy(app.config["JOB_RETRY_BACKOFF"])
        return outbox.enqueue(redis_connection(app), job, retry)
    if mode == "thread":
        _start_background(app)
        _BACKGROUND.put((app, job))
        return True
    run_in_process(job)
    return True


def run_in_process(job: outbox.Staged) -> None:
    """The job in this process: ``@task`` gives it its own app context, session and transaction."""
    token = current_outbox_id.set(job.outbox_id)
    log_context = logs.bind(request_id=job.request_id, job=job.name)
    try:
        lookup(job.name).func(*job.args)
    except Exception:
        log.exception("in-process job %s (%s) failed", job.outbox_id, job.name)
    finally:
        logs.unbind(log_context)
        current_outbox_id.reset(token)


def _start_background(app: Flask) -> None:
    global _background_thread
    with _BACKGROUND_LOCK:
        if _background_thread is None or not _background_thread.is_alive():
            _background_thread = threading.Thread(target=_work, args=(app,), name="samverka-jobs", daemon=True)
            _background_thread.start()


def _work(app: Flask) -> None:
    """The demo's worker: one job at a time, after the response that committed it.

    It starts with the jobs an earlier process staged but never ran (it stopped before they did).
    """
    try:
        outbox.relay(app, dispatch)
    except Exception:
        log.exception("the jobs an earlier process left could not be relayed")
    while True:
        app, job = _BACKGROUND.get()
        with app.app_context():
            run_in_process(job)
        _BACKGROUND.task_done()


def init_app(app: Flask) -> None:
    app.extensions.setdefault("samverka.jobs", {"queues": QUEUES})
