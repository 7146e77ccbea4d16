"""Running job functions the same way in an RQ worker and in-process.

A job function is declared with ``@task("reason")``. When it runs outside an
application context (in the worker), one is created for the process; the
session is bound to the system principal with the task's reason, and the
function must re-check the scope of whatever it reloads.
"""

from __future__ import annotations

import functools
import importlib
import logging

from flask import current_app, has_app_context

log = logging.getLogger("samverka.jobs")
_worker_app = None


def _app():
    global _worker_app  # one app per worker process, created on first job
    if _worker_app is None:
        from samverka.platform.app import create_app

        _worker_app = create_app()
    return _worker_app


def task(reason: str):
    """Mark a function as a job: it runs as the system, for ``reason``, in an app context."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args):
            # Always a fresh app context, hence a fresh session: a job never
            # shares (or re-binds) the session of the request that queued it.
            app = current_app._get_current_object() if has_app_context() else _app()
            with app.app_context():
                return _run(func, reason, args)

        return wrapper

    return decorate


def _run(func, reason: str, args: tuple):
    from samverka.platform.core.extensions import db
    from samverka.tenants.principal import Principal
    from samverka.tenants.scoping import bind_principal

    bind_principal(db.session, Principal.system(reason))
    try:
        result = func(*args)
        db.session.commit()
        return result
    except Exception:
        db.session.rollback()
        log.exception("job %s failed", func.__name__)
        raise


def call_job(func_path: str, *args):
    module_name, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)(*args)
