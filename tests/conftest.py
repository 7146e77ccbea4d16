"""Suite-wide fixtures: the real database, Redis, SMTP server and e-ID provider.

Each test runs in a SAVEPOINT of its module's transaction, rolled back afterwards
(tests/support/database.py). Tests whose data another thread, process or connection
must read (the browser's server, the RQ worker, racing threads, raw connections)
are ``committed``: they start from freshly emptied tables and commit for real.
Most of those are found here by the fixtures they use; the rest carry the marker.
"""

from __future__ import annotations

import inspect
import os

import pytest

from tests.support import services
from tests.support.database import *  # noqa: F403
from tests.support.fixtures import *  # noqa: F403 - fixtures shared by every test module
from tests.support.world import *  # noqa: F403

# Fixtures that hand the test's data to another thread or process, or to a connection of its own.
COMMITTED_FIXTURES = {"live_server", "worker", "app_engine", "limited_app"}
# Asked for by a test itself (not just through ``app``): the test reaches the database by its own URLs.
COMMITTED_ARGUMENTS = {"databases"}

_PG_PROBLEM = services.postgres_problem()
_REDIS_PROBLEM = services.redis_problem()


def pytest_configure(config):
    missing = [p for p in (_PG_PROBLEM, _REDIS_PROBLEM) if p]
    if missing and services.required():
        raise pytest.UsageError("services required but missing: " + "; ".join(missing))
    if _PG_PROBLEM is None:
        services.recreate_database()
        os.environ["APP_DB_ROLE"] = services.APP_ROLE
        os.environ["SYSTEM_DB_ROLE"] = services.SYSTEM_ROLE


def pytest_unconfigure(config):
    if _PG_PROBLEM is None:
        services.drop_database()


def _needs_committed_data(item) -> bool:
    arguments = set(inspect.signature(item.function).parameters) if hasattr(item, "function") else set()
    return bool(COMMITTED_FIXTURES & set(item.fixturenames) or COMMITTED_ARGUMENTS & arguments)


def pytest_collection_modifyitems(config, items):
    reasons = {"postgres": _PG_PROBLEM, "redis": _REDIS_PROBLEM}
    for item in items:
        if _needs_committed_data(item):
            item.add_marker(pytest.mark.committed)
        for marker, problem in reasons.items():
            if problem and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=f"SKIPPED: {problem}"))


def pytest_terminal_summary(terminalreporter):
    for problem in (_PG_PROBLEM, _REDIS_PROBLEM):
        if problem:
            terminalreporter.write_line(f"!!! {problem}: tests that need it were SKIPPED", red=True, bold=True)
