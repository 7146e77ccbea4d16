"""The outcome of the last verification of the audit chain, kept in Redis for the metrics to expose.

The nightly job (``tasks.verify_audit_chain``) records when it ran, whether the chain held and how many
events it verified; ``/metrics`` reads it at every scrape, so an alert fires both when the chain is
broken and when no verification has run for longer than a night (a cron or worker that stopped).
Without Redis (the demo) nothing is recorded: there is no cron there either.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app

from samverka.jobs.queue import redis_connection

KEY = "samverka:audit-chain:last-verification"


@dataclass(frozen=True)
class Verification:
    at: float  # seconds since the epoch
    ok: bool
    checked: int


def record(ok: bool, checked: int) -> None:
    connection = redis_connection(current_app)
    if connection is not None:
        connection.hset(KEY, mapping={"at": repr(time.time()), "ok": int(ok), "checked": checked})


def last(connection) -> Verification | None:
    """The last verification recorded, or None if none has been."""
    found = connection.hgetall(KEY)
    if not found:
        return None
    return Verification(at=float(found[b"at"]), ok=found[b"ok"] == b"1", checked=int(found[b"checked"]))
