"""Suite-wide fixtures: the real database, Redis, SMTP server and e-ID provider.

Tests that go through HTTP servers in other threads or processes (the e-ID
provider, the browser, the RQ worker) cannot share one rolled-back transaction,
so every test starts from an empty, freshly truncated database instead.
"""

from __future__ import annotations

import os

import pytest

from tests.support import services
from tests.support.fixtures import *  # noqa: F403 - fixtures shared by every test module
from tests.support.world import *  # noqa: F403

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


def pytest_collection_modifyitems(config, items):
    reasons = {"postgres": _PG_PROBLEM, "redis": _REDIS_PROBLEM}
    for item in items:
        for marker, problem in reasons.items():
            if problem and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=f"SKIPPED: {problem}"))


def pytest_terminal_summary(terminalreporter):
    for problem in (_PG_PROBLEM, _REDIS_PROBLEM):
        if problem:
            terminalreporter.write_line(f"!!! {problem}: tests that need it were SKIPPED", red=True, bold=True)
