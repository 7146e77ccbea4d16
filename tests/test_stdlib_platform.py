"""The repository's platform/ folder never shadows the standard library's ``platform``.

Each process that starts from the repository root (plain Python, pytest, gunicorn,
the RQ worker) has the root on ``sys.path``; ``import platform`` must still find
the standard library's module there.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import requests
from redis import Redis
from rq import Queue

from tests.jobs.harness import REPO_ROOT, VENV_BIN, ServiceProcess
from tests.support import services
from tests.support.fixtures import free_port
from tests.support.waiting import wait_until

STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL")}
    env.update(SAMVERKA_INSTANCE=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'samverka.db'}", **extra)
    return env


def test_python_started_from_the_repository_root_imports_the_stdlib_platform():
    script = "import platform; print(platform.system()); print(platform.__file__)"

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=True
    )

    system, module_file = result.stdout.splitlines()
    assert system == platform.system() != ""
    assert Path(module_file).resolve().parent == STDLIB


def test_pytest_sees_the_stdlib_platform_and_the_project_as_samverka_platform():
    import samverka.platform

    assert Path(platform.__file__).resolve().parent == STDLIB
    assert platform.system() != ""
    assert Path(REPO_ROOT / "platform").resolve() in [Path(p).resolve() for p in samverka.platform.__path__]
    assert not (REPO_ROOT / "platform" / "__init__.py").exists()


def test_gunicorn_starts_from_the_repository_root_and_serves_healthz(tmp_path):
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        "-c",
        "deploy/gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "samverka.platform.app:create_app()",
    ]
    server = ServiceProcess(command, _clean_env(tmp_path), tmp_path / "gunicorn.log")
    try:
        server.wait_for(f"Samverka web ready on {platform.system()}")
        response = wait_until(lambda: _get(f"http://127.0.0.1:{port}/healthz"), what="/healthz answering")
    finally:
        server.stop()
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def _get(url: str) -> requests.Response | None:
    try:
        return requests.get(url, timeout=5)
    except (requests.ConnectionError, requests.Timeout):  # not listening yet, or no worker booted yet (slow machine)
        return None


@pytest.mark.redis
def test_the_worker_starts_from_the_repository_root_and_its_jobs_see_the_stdlib_platform(tmp_path):
    connection = Redis.from_url(services.REDIS_URL)
    connection.flushdb()
    worker = ServiceProcess(
        [str(VENV_BIN / "samverka"), "worker", "default"],
        _clean_env(tmp_path, REDIS_URL=services.REDIS_URL),
        tmp_path / "worker.log",
    )
    try:
        worker.wait_for("Listening on default")
        # RQ imports the job's function by name in the work horse, from the repository root.
        job = Queue("default", connection=connection).enqueue("platform.system")
        result = wait_until(lambda: job.refresh() or job.return_value(), what="platform.system job done")
    finally:
        worker.stop()
        connection.flushdb()
    assert result == platform.system()
    assert f"samverka worker on {platform.system()}" in worker.output()
