"""Benchmark: Samverka's main list pages and their API twins over HTTP, against a bare Flask stack (issue 14, item 2).

    .venv/bin/python bench/http_bench.py --reuse            # from the repository root; PostgreSQL, Redis, wrk

Starts the production stack (gunicorn, 2 sync workers, SAMVERKA_ENV=production, the RLS-bound application
role, Redis), signs in three people through the development e-ID provider, and runs wrk (16 connections,
2 threads) on each endpoint with the session cookie, each run followed by a run of the bare reference
(``bench/bare_app.py``: one indexed 20-row query of one tenant's needs, under RLS as the app role). Prints
req/s, p50 and p99, the ratio to the bare query and whether the targets are met; fails if any answer was
not 2xx. Not named ``http.py``: ``python bench/<script>.py`` puts bench/ first on the path, and a
``bench/http.py`` would then stand in for the standard library's ``http`` in every benchmark.
"""

from __future__ import annotations

import os
import sys

# Run as a script, bench/ is first on the path; the repository's root goes last, after the standard library.
sys.path.append(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import argparse
import tempfile
from dataclasses import dataclass

import requests
from sqlalchemy import create_engine, text

from bench import http_report, national
from bench.http_load import Endpoint, Run, count_statements, run_wrk, scope_json
from bench.http_stack import NationalDatabase, Person, Ports, admin_url, app_environment, running, sign_in

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
BARE_NO_RLS = Endpoint("bare 20 rows (no RLS)", None, "/needs", "bare-no-rls")
BARE_RLS = Endpoint("bare 20 rows (app role, RLS)", None, "/needs", "bare-rls")
MEMBERS = 16.5  # the coordinator signed in is of a region of 16–17 members (the nearest, on the small set)


def national_database(reuse: bool, database: str = national.DATABASE) -> NationalDatabase:
    """bench/national.py's national set (loaded anew unless ``reuse`` finds it) and the people who sign in."""
    return bench_database(national.prepare(database, "national", reuse))


def bench_database(loaded: national.NationalDatabase) -> NationalDatabase:
    """The three personas of a loaded set: a coordinator of a region of about 16–17 members, the first IT
    coordinator and the first chief executive (each of one of the first staffed municipalities)."""
    engine = create_engine(admin_url(loaded))
    with engine.connect() as conn:
        count = "SELECT region_id, count(*) FROM region_memberships GROUP BY region_id"
        members = dict(conn.execute(text(count)).all())
    engine.dispose()
    coordinators = [p for p in loaded.people.values() if p.role == "coordinator"]
    coordinator = min(coordinators, key=lambda p: (abs(members.get(p.region_id, 0) - MEMBERS), p.region_id))
    chosen = {"coordinator": coordinator} | {r: loaded.people[r] for r in ("it_coordinator", "chief_executive")}
    persons = {role: Person(p.pid, p.user_id) for role, p in chosen.items()}
    urls = (loaded.app_url, loaded.owner_url, loaded.system_url)
    return NationalDatabase(*urls, persons, loaded.identity_hash_key)


@dataclass(frozen=True)
class Scope:
    region_id: int
    members: int
    tenant_id: int
    plan_id: int


def scope_of(db: NationalDatabase) -> Scope:
    """The coordinator's region, the IT coordinator's municipality and the region's latest action plan."""
    engine = create_engine(admin_url(db))
    with engine.connect() as conn:
        assigned = "SELECT {0} FROM role_assignments WHERE user_id = :u AND {0} IS NOT NULL LIMIT 1"
        region_id = conn.scalar(text(assigned.format("region_id")), {"u": db.people["coordinator"].user_id})
        tenant_id = conn.scalar(text(assigned.format("tenant_id")), {"u": db.people["it_coordinator"].user_id})
        members = conn.scalar(text("SELECT count(*) FROM region_memberships WHERE region_id = :r"), {"r": region_id})
        plan = "SELECT id FROM action_plans WHERE region_id = :r ORDER BY year DESC, id DESC LIMIT 1"
        plan_id = conn.scalar(text(plan), {"r": region_id})
    engine.dispose()
    return Scope(region_id, members, tenant_id, plan_id)


def endpoints(s: Scope) -> list[Endpoint]:
    """Each main list page with its API twin, and who asks for it."""
    region, tenant = f"regions/{s.region_id}", f"tenants/{s.tenant_id}"
    pairs = [
        ("coordinator", "coordinator's landing page (attention)", "/", "/api/v1/me/attention"),
        ("chief_executive", "chief executive's landing page", "/", "/api/v1/me/attention"),
        ("it_coordinator", "municipality's needs", f"/{tenant}/needs", f"/api/v1/{tenant}/needs"),
        ("coordinator", "region's submitted needs", f"/{region}/needs", f"/api/v1/{region}/needs"),
        ("coordinator", "matching proposals", f"/{region}/proposals", f"/api/v1/{region}/proposals"),
        ("coordinator", "action plans", f"/{region}/action-plans", f"/api/v1/{region}/action-plans"),
        ("coordinator", "action plan", f"/action-plans/{s.plan_id}", f"/api/v1/action-plans/{s.plan_id}"),
        ("it_coordinator", "municipality's contracts", f"/{tenant}/contracts", f"/api/v1/{tenant}/contracts"),
        ("coordinator", "joint procurements", f"/{region}/procurements", f"/api/v1/{region}/procurements"),
        ("coordinator", "benefits roll-up", f"/{region}/benefits", f"/api/v1/{region}/benefits"),
    ]
    listed = [
        Endpoint("/healthz (anonymous)", None, "/healthz", "health"),
        Endpoint("/healthz (signed in)", "it_coordinator", "/healthz", "health"),
    ]
    for who, name, page, api in pairs:
        listed += [Endpoint(f"{name}: page", who, page, "list"), Endpoint(f"{name}: API", who, api, "list")]
    return listed


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the national set's database if it holds the set")
    parser.add_argument("--seconds", type=int, default=4, help="each wrk run (default 4: about 3 minutes in all)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=18200, help="the first of four ports; 0: any free ones")
    parser.add_argument("--only", default="", help="only endpoints whose name contains this")
    parser.add_argument("--write-readme", action="store_true", help="write the table into bench/README.md")
    return parser.parse_args(argv)


def run(db: NationalDatabase, args: argparse.Namespace) -> list[Run]:
    """The interleaved runs: each endpoint, then the bare query under RLS; the bare query without RLS at both ends."""
    scope = scope_of(db)
    print(f"the coordinator's region has {scope.members} members", flush=True)
    chosen = [e for e in endpoints(scope) if args.only in e.name]
    ports = Ports.starting_at(args.port)
    wrk = {"seconds": args.seconds, "connections": args.connections, "threads": args.threads}
    with tempfile.TemporaryDirectory(prefix="samverka-httpbench-instance-") as instance:
        env = app_environment(db, ports, REDIS_URL, instance)
        bare_scope = scope_json(env, db.people["it_coordinator"].user_id)
        with running(db, ports, env, scope.tenant_id, bare_scope) as stack:
            check_bare(stack)
            cookies = {role: sign_in(stack.app.url, person.pid, role) for role, person in db.people.items()}
            statements = count_statements(env, chosen, cookies)
            runs = [run_wrk(BARE_NO_RLS, stack.bare_no_rls, wrk, statements=1)]
            for endpoint in chosen:
                runs.append(run_wrk(endpoint, stack.app, wrk, cookies.get(endpoint.who), statements[endpoint.name]))
                runs.append(run_wrk(BARE_RLS, stack.bare_rls, wrk, statements=2))
            runs.append(run_wrk(BARE_NO_RLS, stack.bare_no_rls, wrk, statements=1))
    return runs


def check_bare(stack) -> None:
    """Both bare servers return the same rows, some: under RLS the reference must answer what it would without."""
    free, rls = (requests.get(f"{s.url}/needs", timeout=10) for s in (stack.bare_no_rls, stack.bare_rls))
    if not (free.status_code == rls.status_code == 200 and free.json() and free.json() == rls.json()):
        raise SystemExit(f"the bare app's answers differ (no RLS {free.status_code}, RLS {rls.status_code})")
    print(f"bare query: {len(rls.json())} rows without RLS and as the application role", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = national_database(args.reuse)
    runs = run(db, args)
    table = http_report.table(runs)
    print(table)
    if args.write_readme:
        http_report.write_readme(table, args)
    failed = [r.endpoint.name for r in runs if not r.ok]
    if failed:
        print(f"FAILED: answers that were not 2xx (or socket errors) in: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
