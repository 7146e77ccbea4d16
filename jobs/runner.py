"""Running job functions the same way in an RQ worker and in-process.

A job function is declared with ``@task("reason", queue=...)``. It runs in its own
application context (hence its own database session), bound to the system principal with
the task's reason, and must re-check the scope of whatever it reloads. In a worker the app
comes from the factory the ``samverka worker`` command installs (``use_app_factory``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from flask import Flask, current_app, has_app_context
from rq import get_current_job

from samverka.jobs import outbox, registry
from samverka.jobs.queue import current_outbox_id
from samverka.platform.core import logs
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal

log = logging.getLogger("samverka.jobs")
_app_factory: Callable[[], Flask] | None = None
_worker_app: Flask | None = None


def use_app_factory(factory: Callable[[], Flask]) -> None:
    """How a worker process builds its one app, on its first job."""
    global _app_factory
    _app_factory = factory


def _app() -> Flask:
    global _worker_app  # one app per worker process, created on first job
    if _worker_app is None:
        if _app_factory is None:
            raise RuntimeError("no app factory: start workers with `samverka worker`")
        _worker_app = _app_factory()
    return _worker_app


def task(reason: str, *, queue: str = "default"):
    """Mark a function as a job on ``queue``: it runs as the system, for ``reason``, in an app context."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args):
            # Always a fresh app context, hence a fresh session: a job never
            # shares (or re-binds) the session of the request that queued it.
            app = current_app._get_current_object() if has_app_context() else _app()
            with app.app_context():
                return _run(func, reason, args)

        registry.register(f"{func.__module__}.{func.__name__}", wrapper, queue)
        return wrapper

    return decorate


def _outbox_id() -> tuple[int | None, bool]:
    """The outbox row of the running job, and whether RQ will try it again if it fails now."""
    in_process = current_outbox_id.get()
    if in_process is not None:
        return in_process, False
    job = get_current_job()
    if job is None:
        return None, False
    return job.meta.get("outbox_id"), bool(job.retries_left)


def _log_context(func):
    """The job's name, and in a worker the id of the request that enqueued it (in-process it is bound already)."""
    name = f"{func.__module__}.{func.__name__}"
    job = get_current_job()
    if job is None:
        return logs.bind(job=name)
    return logs.bind(request_id=job.meta.get("request_id"), job=name)


def _run(func, reason: str, args: tuple):
    log_context = _log_context(func)
    try:
        return _run_recorded(func, reason, args)
    finally:
        logs.unbind(log_context)


def _run_recorded(func, reason: str, args: tuple):
    outbox_id, retried = _outbox_id()
    if outbox_id is not None:
        outbox.started(outbox_id)
    bind_principal(db.session, Principal.system(reason))
    try:
        result = func(*args)
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        log.exception("job %s (%s) failed", outbox_id or "-", func.__name__)
        if outbox_id is not None:
            outbox.failed(outbox_id, error, retried=retried)
        raise
    if outbox_id is not None:
        outbox.finished(outbox_id)
    return result


def call_job(name: str, *args):
    """Run the job registered as ``name`` here and now."""
    return registry.lookup(name).func(*args)
