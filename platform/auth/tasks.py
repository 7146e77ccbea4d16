"""Forgetting sessions that are over (scheduled in ``samverka.jobs.schedule``).

A session found over is deleted when its cookie comes back; this removes those whose browser never
came back. Redis forgets its sessions by itself; this is for the database store.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from samverka.jobs.runner import task
from samverka.platform.auth.session_store import DatabaseStore
from samverka.platform.core.time import utcnow


@task("forget ended sessions", queue="maintenance")
def forget_ended_sessions() -> int:
    now = utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    return DatabaseStore().purge(idle_since=now - idle, created_before=now - current_app.permanent_session_lifetime)
