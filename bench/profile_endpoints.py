"""Where an endpoint's worker CPU goes: the HTTP benchmark's endpoints served in this process, timed and profiled.

    .venv/bin/python bench/profile_endpoints.py --only "needs"                 # CPU ms/request of each
    .venv/bin/python bench/profile_endpoints.py --only "action plan: page" --profile 25   # and its top functions

The same national set (``--database``: another copy, for work in parallel), environment and people as
``bench/http_bench.py`` (the stack is started so that the people sign in through the development e-ID
provider), then each chosen endpoint is asked ``--requests`` times through the app's test client with the
real session cookie, in this one process: the CPU time per request is what a gunicorn worker spends
(PostgreSQL's own CPU is not in it), without wrk's noise. With ``--profile N`` the requests run under
cProfile and the N most expensive functions (own time and cumulative) are printed. Redis:
``BENCH_REDIS_URL`` as for the benchmark. For finding causes; the targets are measured by
``bench/http_bench.py``.
"""

from __future__ import annotations

import os
import sys

sys.path.append(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import argparse
import cProfile
import io
import pstats
import tempfile
import time

from sqlalchemy import event

from bench import floor, national
from bench.http_bench import REDIS_URL, endpoints, national_database, scope_of
from bench.http_load import Endpoint, in_process_app, scope_json
from bench.http_stack import SESSION_COOKIE, Ports, app_environment, running, sign_in


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only endpoints whose name contains this")
    parser.add_argument("--requests", type=int, default=40, help="requests per endpoint (after 3 to warm up)")
    parser.add_argument("--profile", type=int, default=0, help="print this many of the most expensive functions")
    parser.add_argument("--port", type=int, default=18210, help="the first of four ports for the stack")
    parser.add_argument("--path", help="profile this path instead of the benchmark's endpoints (with --as)")
    parser.add_argument("--as", dest="who", default="it_coordinator", help="who asks for --path")
    parser.add_argument("--database", default=national.DATABASE, help="where the national set is (loaded if not)")
    parser.add_argument("--sql", action="store_true", help="print the SQL statements of one request (shortened)")
    parser.add_argument("--floor", action="store_true", help="what a signed-in request costs before its own work")
    return parser.parse_args(argv)


def measure(client, path: str, count: int, profile: cProfile.Profile | None) -> float:
    """CPU milliseconds per request of ``count`` requests of ``path`` (each must answer 200)."""
    for _ in range(3):
        client.get(path)
    started = time.process_time()
    if profile:
        profile.enable()
    for _ in range(count):
        status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    if profile:
        profile.disable()
    return (time.process_time() - started) * 1000 / count


def print_statements(app, client, path: str) -> None:
    """The SQL statements one request of ``path`` sends (after the first: caches warm), each shortened."""
    from samverka.platform.core.extensions import db

    with app.app_context():
        engines = list(db.engines.values())
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(path)
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
    for number, statement in enumerate(seen, 1):
        print(f"    {number:2}. {statement[:400]}", flush=True)


def report(profile: cProfile.Profile, top: int) -> str:
    out = io.StringIO()
    for key in ("tottime", "cumulative"):
        pstats.Stats(profile, stream=out).sort_stats(key).print_stats(top)
    return out.getvalue()


def print_floor(app, cookie: str, count: int, bare) -> None:
    paths = floor.add_probes(app)
    client = app.test_client()
    client.set_cookie(SESSION_COOKIE, cookie)
    for name, path in paths.items():
        print(f"{floor.cpu_ms(client, path, count):7.2f} ms CPU/request  {name}", flush=True)
    print(f"{floor.cpu_ms(bare, '/needs', count):7.2f} ms CPU/request  the bare 20 rows, RLS (bench/bare_app.py)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = national_database(True, args.database)
    scope = scope_of(db)
    chosen = [e for e in endpoints(scope) if args.only in e.name]
    if args.path:
        chosen = [Endpoint(args.path, args.who, args.path, "path")]
    with tempfile.TemporaryDirectory(prefix="samverka-profile-") as instance:
        env = app_environment(db, Ports.starting_at(args.port), REDIS_URL, instance)
        bare_scope = scope_json(env, db.people["it_coordinator"].user_id)
        with running(db, Ports.starting_at(args.port), env, scope.tenant_id, bare_scope) as stack:
            cookies = {role: sign_in(stack.app.url, person.pid, role) for role, person in db.people.items()}
            with in_process_app(env) as app:
                if args.floor:
                    print_floor(
                        app,
                        cookies["it_coordinator"],
                        args.requests,
                        floor.bare_client(db.app_url, scope.tenant_id, bare_scope),
                    )
                    return 0
                for endpoint in chosen:
                    client = app.test_client()
                    if endpoint.who:
                        client.set_cookie(SESSION_COOKIE, cookies[endpoint.who])
                    # Timed by CPU, not the wall: on a shared machine, waiting for a CPU or for
                    # PostgreSQL is not the worker's cost.
                    profile = cProfile.Profile(time.process_time) if args.profile else None
                    cpu = measure(client, endpoint.path, args.requests, profile)
                    print(f"{cpu:7.2f} ms CPU/request  {endpoint.name}  ({endpoint.path})", flush=True)
                    if args.sql:
                        print_statements(app, client, endpoint.path)
                    if profile:
                        print(report(profile, args.profile), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
