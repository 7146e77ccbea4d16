"""Benchmark: the background jobs at national scale, through the real jobs (issue 14, item 5).

    .venv/bin/python bench/jobs.py                 # from the repository root; PostgreSQL and Redis as for the tests
    .venv/bin/python bench/jobs.py --scale 0.02    # the small set (any scale below 1), the smoke test's size

Makes a database of its own (``samverka_bench_jobs``), loads bench/national.py's data set (``national``), then runs
each job the way an RQ worker runs it: looked up in the job registry by its dotted name and called with ids, in
its own app context and transaction, as the system. The jobs a job enqueues go to RQ (``BENCH_REDIS_URL``, db 6
by default) and are counted there, not run, except the notices, which two real ``samverka worker`` processes
send to a local SMTP catcher. Prints each figure with its target, met or missed. See bench/README.md.
"""

from __future__ import annotations

import os

os.environ.setdefault("TEST_PG_DATABASE", "samverka_bench_jobs")

import argparse
import random
import sys
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/ and tests/ from the repository root

from redis import Redis
from rq import Queue
from sqlalchemy import event, func, insert, select
from sqlalchemy.engine import Engine

from bench.dataset.common import TODAY, bulk
from bench.national import IDENTITY_HASH_KEY, bench_app
from bench.national import load as load_national
from samverka.jobs.registry import lookup
from samverka.platform.contracts.models import Contract, TenantContractSettings
from samverka.platform.contracts.services.access import Owner
from samverka.platform.contracts.services.imports import create_import
from samverka.platform.contracts.services.lead_times import reprocurement_start
from samverka.platform.contracts.services.schedule import horizon
from samverka.platform.core.catalogue import lead_time
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.exports import plan_pdf, plan_xlsx
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services.reports import plan_export
from samverka.tenants.models import RegionMembership, RoleAssignment, Tenant, User
from samverka.tenants.services.principals import load_principal
from tests.support import services

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 6, tzinfo=UTC)
CONTRACTS, DUE, IMPORT_LINES, MAILS = 19_000, 9_000, 10_000, 10_000
TARGETS = {
    "nightly re-match, all regions": 60,
    "lead-time job": 60,
    "plan draft, largest region": 2,
    "plan export XLSX": 1,
    "plan export PDF": 1,
    "contract import, job": 20,
    "notices through 2 workers": 60,
}
CATEGORIES = ("business_systems", "it_hardware", "it_consultants", "telecom")
SYSTEM = Principal.system("bench: jobs")
MISSED = 3  # the exit status when a target is missed (a crash exits with 1)
PARTS = ("matching", "plan", "import", "notices")  # --only: the re-match and lead-time job, the plan draft and
# exports, the import, the notices


def national(session, scale: float) -> None:
    """bench/national.py's seeded set, committed: its national sizes at ``scale`` 1 or more, its small set
    below (that loader has only these two; the register, the import and the notices still follow ``scale``)."""
    load_national(session, scale="national" if scale >= 1 else "small", identity_key=IDENTITY_HASH_KEY)


def load_register(session, contracts: int, due: int, rng: random.Random) -> list[tuple[int, int]]:
    """Contracts up to ``contracts`` in all, ``due`` of them falling due by next year's end; one IT coordinator
    per municipality (the notices' one recipient), every municipality submitting re-procurement needs itself."""
    bind_principal(session, SYSTEM)
    tenants = list(session.execute(select(Tenant.id, Tenant.country).order_by(Tenant.id)))
    users = bulk(session, User, [{"name": f"IT {t}", "email": f"it-{t}@kommune.example"} for t, _c in tenants])
    session.execute(
        insert(RoleAssignment),
        [
            {"user_id": u, "role": "it_coordinator", "tenant_id": t, "user_name": f"IT {t}"}
            | {"user_email": f"it-{t}@kommune.example"}
            for u, (t, _c) in zip(users, tenants)
        ],
    )
    session.execute(
        insert(TenantContractSettings), [{"tenant_id": t, "auto_submit_reprocurements": True} for t, _c in tenants]
    )
    # The data set loads a register of its own (18,763 contracts, 9,005 due at national scale): only the
    # contracts and the due ones it lacks are added, so that the totals are the targets', not twice them.
    more = contracts - session.scalar(select(func.count()).select_from(Contract))
    more_due = min(max(0, more), max(0, due - _due(session)))
    rows = [_contract(tenants[k % len(tenants)], k, k < more_due, rng) for k in range(max(0, more))]
    bulk(session, Contract, rows)
    session.commit()
    return [(u, t) for u, (t, _c) in zip(users, tenants)]


def _due(session) -> int:
    """The contracts the lead-time job will find due: not ended, and re-procurement starting by the horizon."""
    last = horizon(TODAY)
    contracts = session.scalars(
        select(Contract).where(func.coalesce(Contract.extendable_to, Contract.ends_on) >= TODAY)
    )
    return sum(reprocurement_start(c, lead_time(c.category)) <= last for c in contracts)


def _contract(tenant: tuple[int, str], k: int, due: bool, rng: random.Random) -> dict:
    category = CATEGORIES[k % len(CATEGORIES)]
    horizon = date(TODAY.year + 1, 12, 31)
    if due:  # ends before the horizon: due whatever the lead time
        ends = TODAY + timedelta(days=rng.randint(30, (horizon - TODAY).days))
    else:  # ends so late that even its lead time starts after the horizon
        ends = horizon + timedelta(days=31 * lead_time(category) + rng.randint(40, 1500))
    tenant_id, country = tenant
    return {
        "tenant_id": tenant_id,
        "title": f"Avtale {k}",
        "supplier_name": f"Leverandør {k % 300}",
        "supplier_organisation_number": "980452345",
        "supplier_country": country,
        "category": category,
        "starts_on": date(2020, 1, 1),
        "ends_on": ends,
        "currency": "NOK" if country == "NO" else "SEK",
        "kraljic": "routine",
        "processes_personal_data": False,
    }


STATEMENTS: dict[str, int] = {}  # the SQL statements each timed job ran, on every engine (bench/README.md)


@contextmanager
def timed(results: dict, label: str):
    counted = [0]

    def count(*_args) -> None:
        counted[0] += 1

    event.listen(Engine, "before_cursor_execute", count)
    started = time.perf_counter()
    try:
        yield
    finally:
        results[label] = time.perf_counter() - started
        event.remove(Engine, "before_cursor_execute", count)
        STATEMENTS[label] = counted[0]


def run_job(app, name: str, *args):
    """As RQ runs it: looked up by its dotted name, called with ids; ``@task`` gives it its app context."""
    with app.app_context():
        return lookup(name).func(*args)


def enqueued(redis: Redis) -> Counter:
    """The jobs waiting in RQ, by function name."""
    found = Counter()
    for name in ("default", "mail", "maintenance"):
        for queued in Queue(name, connection=redis).get_jobs():
            found[queued.func_name] += 1
    return found


def bench_matching_and_lead_times(app, redis: Redis, results: dict) -> dict:
    with timed(results, "nightly re-match, all regions"):
        run_job(app, "samverka.platform.matching.tasks.match_all_regions")
    redis.flushdb()
    with timed(results, "lead-time job"):
        created = run_job(app, "samverka.platform.contracts.tasks.plan_reprocurements", NOW.isoformat())
    chained = enqueued(redis)
    redis.flushdb()
    return {"re-procurements created": created} | {f"enqueued {k.rsplit('.', 1)[1]}": v for k, v in chained.items()}


def largest_region(app) -> int:
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        members = func.count(RegionMembership.tenant_id)
        stmt = select(RegionMembership.region_id).group_by(RegionMembership.region_id)
        return db.session.scalar(stmt.order_by(members.desc(), RegionMembership.region_id).limit(1))


def bench_plan(app, results: dict) -> dict:
    region_id, year = largest_region(app), TODAY.year + 2
    with timed(results, "plan draft, largest region"):
        run_job(app, "samverka.platform.plans.tasks.draft_plan", region_id, year)
    with app.test_request_context(headers={"Accept-Language": "nb"}):
        bind_principal(db.session, SYSTEM)
        plan = db.session.scalar(select(ActionPlan).where(ActionPlan.region_id == region_id, ActionPlan.year == year))
        export = plan_export(db.session, Principal.system("bench: export"), plan, TODAY)
        with timed(results, "plan export XLSX"):
            plan_xlsx(plan_export(db.session, SYSTEM, plan, TODAY))
        with timed(results, "plan export PDF"):
            plan_pdf(plan_export(db.session, SYSTEM, plan, TODAY))
        db.session.rollback()
    return {"plan items": len(export.items), "plan members": len(export.tenants)}


def register_csv(lines: int, rng: random.Random) -> bytes:
    header = "title;supplier_name;supplier_organisation_number;supplier_country;category;cpv_codes;starts_on;ends_on"
    rows = [header + ";annual_value;kraljic;personal_data"]
    for k in range(lines):
        ends = TODAY + timedelta(days=rng.randint(60, 3000))
        category = CATEGORIES[k % len(CATEGORIES)]
        rows.append(f"Importert avtale {k};Leverandør {k % 97} AS;923456783;NO;{category};48000000-8;2022-01-01;{ends}")
        rows[-1] += f";{rng.randint(1, 900) * 1000};routine;nei"
    return ("\n".join(rows) + "\n").encode()


def bench_import(app, redis: Redis, results: dict, it_coordinator: tuple[int, int], lines: int) -> dict:
    data = register_csv(lines, random.Random(14))
    with app.test_request_context(headers={"Accept-Language": "nb"}):
        user_id, tenant_id = it_coordinator
        principal = load_principal(db.session, user_id)
        bind_principal(db.session, principal)
        tenant = db.session.get(Tenant, tenant_id)
        with timed(results, "contract import, upload check"):
            contract_import = create_import(db.session, principal, Owner(tenant=tenant), "national.csv", data)
            db.session.commit()
        import_id = contract_import.id
    redis.flushdb()
    with timed(results, "contract import, job"):
        run_job(app, "samverka.platform.contracts.tasks.run_import", import_id)
    chained = enqueued(redis)
    redis.flushdb()
    return {f"import enqueued {k.rsplit('.', 1)[1]}": v for k, v in chained.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the national sizes (smoke test: 0.02)")
    parser.add_argument("--mail-port", type=int, default=18601)
    parser.add_argument("--no-fork", action="store_true", help="the two workers run `samverka worker --no-fork`")
    parser.add_argument(
        "--only", nargs="+", choices=PARTS, default=PARTS, metavar="PART", help=f"run only these ({', '.join(PARTS)})"
    )
    args = parser.parse_args(argv)
    return run(args.scale, args.mail_port, ("--no-fork",) if args.no_fork else (), args.only)


def run(scale: float, mail_port: int, worker_options: tuple[str, ...] = (), only: tuple[str, ...] = PARTS) -> int:
    """Load, time the jobs of ``only`` (every one by default), print the table; 0 when every target is met,
    ``MISSED`` otherwise."""
    from bench import jobs_mail

    services.recreate_database()
    app = bench_app(services.TEST_DB)
    redis = Redis.from_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"))
    redis.flushdb()
    app.config.update(JOBS_MODE="rq", REDIS_URL=_redis_url(redis))
    results, facts = {}, {}
    try:
        started = time.perf_counter()
        with app.app_context():
            national(db.session, scale)
            it_users = load_register(db.session, round(CONTRACTS * scale), round(DUE * scale), random.Random(9))
        facts["loaded in (s)"] = round(time.perf_counter() - started, 1)
        if "matching" in only:
            facts |= bench_matching_and_lead_times(app, redis, results)
        if "plan" in only:
            facts |= bench_plan(app, results)
        if "import" in only:
            facts |= bench_import(app, redis, results, it_users[0], max(10, round(IMPORT_LINES * scale)))
        if "notices" in only:
            mails = max(10, round(MAILS * scale))
            if "matching" not in only:  # the notices are of the lead-time job's re-procurements: made without it
                jobs_mail.load_reprocurements(app, mails)
            facts |= jobs_mail.bench_notices(app, redis, results, mails, mail_port, worker_options)
    finally:
        redis.flushdb()
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()
        services.drop_database()
    return report(results, facts)


def _redis_url(redis: Redis) -> str:
    kwargs = redis.connection_pool.connection_kwargs
    return f"redis://{kwargs['host']}:{kwargs['port']}/{kwargs['db']}"


def report(results: dict, facts: dict) -> int:
    """Prints the table; the exit status: 0 when every target is met, ``MISSED`` otherwise."""
    missed = 0
    for label, took in results.items():
        target = TARGETS.get(label)
        verdict = "" if target is None else ("target met" if took < target else "TARGET MISSED")
        missed += verdict == "TARGET MISSED"
        print(f"{label:>34}: {took:8.2f} s  {'< ' + str(target) + ' s' if target else '':>7}  {verdict}")
        if label in STATEMENTS:
            print(f"{label + ', statements':>34}: {STATEMENTS[label]}")
    for label, value in facts.items():
        print(f"{label:>34}: {value}")
    return MISSED if missed else 0


if __name__ == "__main__":
    sys.exit(main())
