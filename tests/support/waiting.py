"""Waiting for an event instead of sleeping for a fixed time: poll a condition until a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

POLL_SECONDS = 0.05


def wait_until(predicate: Callable[[], object], timeout: float = 60, what: str = "condition") -> object:
    """Poll ``predicate`` until it returns something truthy; fail the test after ``timeout`` seconds (generous:
    a loaded CI machine starts a worker process slowly, and the deadline costs nothing when the event comes)."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout}s")
        time.sleep(POLL_SECONDS)


@contextmanager
def lock_waiters(superuser_url: str) -> Iterator[Callable[[], int]]:
    """A probe counting the connections to the test database that wait for a lock (a row's, a transaction's)."""
    engine = create_engine(superuser_url)

    def count() -> int:
        with engine.connect() as conn:
            return conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()

    try:
        yield count
    finally:
        engine.dispose()
