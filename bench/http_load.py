"""Load and counting for the HTTP benchmark: wrk runs (parsed from bench/wrk_report.lua's line), the SQL
statements of one request of each endpoint, and the scope settings the bare query runs under."""

from __future__ import annotations

import json
import os
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import requests
from sqlalchemy import event

from bench.http_stack import SESSION_COOKIE, Server

LUA = Path(__file__).resolve().parent / "wrk_report.lua"
MARK = "WRK_RESULT "
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Endpoint:
    name: str
    who: str | None  # the role signed in, None: anonymous
    path: str
    kind: str  # "list" (a list page or API), "health", "bare-no-rls", "bare-rls"


@dataclass(frozen=True)
class Run:
    endpoint: Endpoint
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    first_bad_status: int
    socket_errors: int
    statements: int | None = None
    cpu_ms: float | None = None  # the web workers' CPU per request (not PostgreSQL's): steadier than req/s under load

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return self.requests > 0 and self.non2xx == 0 and self.socket_errors == 0


def parse_wrk(output: str) -> dict:
    """The figures of wrk_report.lua's ``done``; an error if wrk printed none (it failed to run)."""
    for line in output.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK) :])
    raise RuntimeError(f"wrk printed no result line:\n{output[-2000:]}")


def warm_up(endpoint: Endpoint, base_url: str, cookie: str | None, times: int = 2) -> None:
    """About one request for each worker first, not counted: a worker compiles a page's templates once.
    What they answer is not judged here: wrk's run counts every answer that is not 2xx."""
    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
    for _ in range(times):
        requests.get(f"{base_url}{endpoint.path}", headers=headers, allow_redirects=False, timeout=60)


def workers_cpu(master_pid: int) -> dict[int, float]:
    """CPU seconds (user and system) of each of the gunicorn master's workers, by pid (Linux's /proc)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    used = {}
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # recycled (max_requests) between listing and reading
            continue
        used[int(pid)] = (int(fields[11]) + int(fields[12])) / TICKS  # utime and stime: fields 14 and 15
    return used


def cpu_per_request(before: dict[int, float], after: dict[int, float], requests: int) -> float | None:
    """The workers' CPU milliseconds per request; None when a worker was recycled during the run. Somewhat
    high when few requests were answered: the ones still being served when wrk stopped count only in the CPU."""
    if set(before) != set(after) or not requests:
        return None
    return sum(after[pid] - before[pid] for pid in after) * 1000 / requests


def settle(server: Server, limit: float = 20.0) -> None:
    """Wait until the workers are idle: when wrk stops, up to a connection's worth of queued requests each
    are still served, and they would slow the next run (the bare query after a slow page, above all)."""
    deadline = time.monotonic() + limit
    previous = sum(workers_cpu(server.pid).values())
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = sum(workers_cpu(server.pid).values())
        if now - previous < 0.01:  # under 10 ms of CPU in 0.3 s: nothing is being served
            return
        previous = now


def run_wrk(endpoint: Endpoint, server: Server, wrk: dict, cookie: str | None = None, statements=None) -> Run:
    base_url = server.url
    warm_up(endpoint, base_url, cookie)
    headers = ["-H", f"Cookie: {SESSION_COOKIE}={cookie}"] if cookie else []
    command = ["wrk", "-t", str(wrk["threads"]), "-c", str(wrk["connections"]), "-d", f"{wrk['seconds']}s"]
    command += ["--timeout", "10s", "-s", str(LUA), *headers, f"{base_url}{endpoint.path}"]
    before = workers_cpu(server.pid)
    done = subprocess.run(command, capture_output=True, text=True, timeout=wrk["seconds"] + 60)
    after = workers_cpu(server.pid)
    settle(server)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed on {endpoint.name}: {(done.stderr or done.stdout)[-2000:]}")
    found = parse_wrk(done.stdout)
    run = Run(
        endpoint,
        requests=found["requests"],
        seconds=found["duration_us"] / 1e6,
        p50_ms=found["p50_us"] / 1000,
        p99_ms=found["p99_us"] / 1000,
        non2xx=found["non2xx"],
        first_bad_status=found["first_bad_status"],
        socket_errors=found["socket_errors"],
        statements=statements,
        cpu_ms=cpu_per_request(before, after, found["requests"]),
    )
    cpu = "-" if run.cpu_ms is None else f"{run.cpu_ms:.1f}"
    print(f"  {endpoint.name:<45} {run.per_second:8.1f} req/s  p99 {run.p99_ms:7.1f} ms  CPU {cpu} ms", flush=True)
    return run


@contextmanager
def in_process_app(env: dict[str, str]):
    """The same app as under gunicorn (same environment), in this process: for counting, not for timing."""
    from samverka.platform.app import create_app
    from samverka.platform.core.extensions import db

    with mock.patch.dict(os.environ, env, clear=True):
        app = create_app()
        try:
            yield app
        finally:
            with app.app_context():
                for engine in db.engines.values():
                    engine.dispose()


def count_statements(env: dict[str, str], endpoints: list[Endpoint], cookies: dict[str, str]) -> dict[str, int]:
    """SQL statements of one request of each endpoint (after a first one: caches warm), with the real session."""
    from samverka.platform.core.extensions import db

    counted: dict[str, int] = {}
    with in_process_app(env) as app:
        with app.app_context():
            engines = list(db.engines.values())
        for endpoint in endpoints:
            client = app.test_client()
            if endpoint.who:
                client.set_cookie(SESSION_COOKIE, cookies[endpoint.who])
            client.get(endpoint.path)
            seen: list[str] = []

            def count(_conn, _cursor, statement, *_args, seen=seen):
                seen.append(statement)

            for engine in engines:
                event.listen(engine, "before_cursor_execute", count)
            try:
                status = client.get(endpoint.path).status_code
            finally:
                for engine in engines:
                    event.remove(engine, "before_cursor_execute", count)
            counted[endpoint.name] = len(seen) if status == 200 else None
    return counted


def scope_json(env: dict[str, str], user_id: int) -> str:
    """The settings the app's guard sets for this user (``scope_settings``), for the bare query under RLS."""
    from samverka.platform.core.extensions import db
    from samverka.platform.core.tenancy.settings import scope_settings
    from samverka.tenants.services.principals import load_principal

    with in_process_app(env) as app, app.app_context():
        principal = load_principal(db.session, user_id)
        db.session.rollback()
        return json.dumps(scope_settings(principal))
