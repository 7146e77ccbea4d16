"""bench/jobs.py still runs, end to end, at a tiny scale (its timings are not checked here: bench/README.md)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest

from tests.jobs.harness import REPO_ROOT
from tests.support import services

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _facts(output: str) -> dict[str, str]:
    return {label.strip(): value.strip() for label, value in re.findall(r"^\s*([^:\n]+): (.+)$", output, re.M)}


def test_the_jobs_benchmark_runs_every_job_at_a_tiny_scale():
    env = dict(
        os.environ, TEST_PG_DATABASE=f"samverka_bench_jobs_smoke_{os.getpid()}", BENCH_REDIS_URL=services.REDIS_URL
    )
    done = subprocess.run(
        [sys.executable, "bench/jobs.py", "--scale", "0.01", "--mail-port", str(_free_port())],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 3), done.stdout + done.stderr  # 3: a target missed, on a busy machine
    facts = _facts(done.stdout)
    for label in ("nightly re-match, all regions", "lead-time job", "plan export PDF", "contract import, job"):
        assert label in facts
    assert int(facts["re-procurements created"]) > 0
    assert facts["enqueued match_region"] == "2"  # the tiny set's two regions, once each
    assert "enqueued match_need" not in facts
    expected = facts["mails expected"]
    assert int(facts["notices asked for"]) > 0
    assert facts["mails at the catcher"] == expected == facts["distinct Message-IDs"]
    assert facts["doubled (same recipient, same contract)"] == "0"
