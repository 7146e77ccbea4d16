"""Liveness and readiness probes for the load balancer."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from samverka.platform.core.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    ready = all(v in ("ok", "not configured") for v in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503


def _database_ok() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:
        current_app.logger.warning("readiness: database unreachable")
        return "unreachable"


def _redis_ok() -> str:
    from samverka.jobs.queue import redis_connection

    conn = redis_connection(current_app)
    if conn is None:
        return "not configured"
    try:
        conn.ping()
        return "ok"
    except Exception:
        current_app.logger.warning("readiness: redis unreachable")
        return "unreachable"
