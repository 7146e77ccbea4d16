"""The national data set (issue 14, item 1): every municipality of Norway and Sweden on one installation.

    .venv/bin/python bench/national.py load [--scale national|small] [--database NAME] [--reuse]
    .venv/bin/python bench/national.py drop [--database NAME]

``load`` (re)creates a PostgreSQL database with the production-like roles of the test suite (an owner,
the web role and the system role, through ``TEST_PG_ADMIN_URL``), migrates it, loads the set in bulk
as the system principal, and prints the timings, the rows per table and the people to sign in with.
The database is kept: the HTTP and job benchmarks reuse it through ``prepare``. Seeded: the same
scale always gives the same rows. Sizes, and the load time measured here, in bench/README.md.
"""

from __future__ import annotations

import os
import sys

# Run as a script, the repository root is not on the path: bench.* and tests.support are imported from it.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import argparse
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from flask import current_app
from sqlalchemy import create_engine, func, select, text

from bench.dataset.common import Scale
from bench.dataset.deliveries import load_deliveries
from bench.dataset.directory import load_directory
from bench.dataset.needs import load_needs
from bench.dataset.people import LOCAL, REGIONAL, Person, key, load_people, pid
from bench.dataset.regional import load_plans, load_procurements, load_proposals
from bench.dataset.register import load_contracts
from samverka.platform.core.extensions import db
from samverka.platform.core.identity import identity_hash
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.tenants.models import RegionMembership, RoleAssignment, Tenant, User
from tests.support import services  # the test suite's three roles and its way to a fresh database

SCALES = {
    # 40 regions (22 Norwegian, 18 Swedish), 647 municipalities (357, 290), 25,880 needs, 18,763 contracts,
    # 3,000 joint procurements (1,000 delivered), 4 staffed municipalities (2 Norwegian, 2 Swedish).
    "national": Scale(
        tenants=647,
        regions=40,
        needs_per_tenant=40,
        contracts_per_tenant=29,
        procurements_per_region=75,
        items_per_plan=12,
        staffed_tenants=4,
        delivered_per_region=25,
    ),
    # A few thousand rows: one Norwegian and one Swedish region, 30 municipalities.
    "small": Scale(
        tenants=30,
        regions=2,
        needs_per_tenant=10,
        contracts_per_tenant=6,
        procurements_per_region=5,
        items_per_plan=6,
        staffed_tenants=2,
        delivered_per_region=2,
    ),
}
SEED = 2026
DATABASE = "samverka_bench_national"
# Not a secret: it only hashes the fake identity numbers of bench/dataset/people.py. The HTTP benchmark
# gives its app the same key, so that the development e-ID provider's sign-ins find these users.
IDENTITY_HASH_KEY = "bench-national-not-a-secret"
DISMISSED_SHARE = 1 / 3  # of the matching's proposals: dismissed by the coordinator


@dataclass(frozen=True)
class NationalDatabase:
    """Where the set is, as each of the three roles, and who signs in to it."""

    name: str
    owner_url: str
    app_url: str
    system_url: str
    identity_hash_key: str
    people: dict[str, Person]


@contextmanager
def _timed(timings: dict[str, float] | None, step: str):
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[step] = time.perf_counter() - started


def load(
    session, *, scale: str = "national", identity_key: str | None = None, timings: dict[str, float] | None = None
) -> dict[str, Person]:
    """Load the set into an empty database and commit; the people to sign in with, by ``people.key``.

    ``identity_key`` hashes the people's identity numbers (default: the app's IDENTITY_HASH_KEY);
    ``timings``, if given, receives the seconds each step took.
    """
    sizes, rng = SCALES[scale], random.Random(SEED)
    system = Principal.system("bench: national data set")
    bind_principal(session, system)
    with _timed(timings, "regions and municipalities"):
        directory = load_directory(session, sizes, rng)
    with _timed(timings, "needs, CPV codes, submissions, benefit plans"):
        needs = load_needs(session, sizes, directory, rng)
    with _timed(timings, "contracts and their CPV codes"):
        load_contracts(session, sizes, directory, rng)
    with _timed(timings, "joint procurements, invitations, needs held"):
        procurements = load_procurements(session, sizes, directory, needs, rng)
    with _timed(timings, "deliveries, benefit measurements"):
        load_deliveries(session, procurements, needs, rng)
    with _timed(timings, "matching proposals (the real engine)"):
        load_proposals(session, directory, system, DISMISSED_SHARE)
    with _timed(timings, "action plans, items, shares, votes"):
        load_plans(session, sizes, directory, procurements, rng)
    with _timed(timings, "people"):
        people = load_people(session, sizes, directory, identity_key or current_app.config["IDENTITY_HASH_KEY"])
    with _timed(timings, "commit"):
        session.commit()
    return people


def loaded_people(session, scale: str, identity_key: str) -> dict[str, Person] | None:
    """The people of a set loaded before with this key, or None if the database does not hold that set."""
    sizes = SCALES[scale]
    bind_principal(session, Principal.system("bench: national data set"))
    counts = (session.scalar(select(func.count()).select_from(t)) for t in (Tenant, Need))
    if tuple(counts) != (sizes.tenants, sizes.tenants * sizes.needs_per_tenant):
        return None
    wanted = [(r, n) for r in REGIONAL for n in range(1, sizes.regions + 1)]
    wanted += [(r, n) for r in LOCAL for n in range(1, sizes.staffed_tenants + 1)]
    by_hash = {identity_hash(pid(r, n), identity_key): (r, n) for r, n in wanted}
    grants = session.execute(
        select(User.eid_hash, RoleAssignment.user_id, RoleAssignment.tenant_id, RoleAssignment.region_id)
        .join(User, User.id == RoleAssignment.user_id)
        .where(User.eid_hash.in_(by_hash))
    ).all()
    homes = dict(session.execute(select(RegionMembership.tenant_id, RegionMembership.region_id)).all())
    people = {}
    for eid_hash, user_id, tenant_id, region_id in grants:
        role, number = by_hash[eid_hash]
        people[key(role, number)] = Person(role, user_id, pid(role, number), tenant_id, region_id or homes[tenant_id])
    session.rollback()
    return people if len(people) == len(wanted) else None


def bench_app(database: str, identity_key: str = IDENTITY_HASH_KEY):
    """The app on ``database`` as production runs it (web role, system role, RLS), migrated to the head."""
    from samverka.platform.app import create_app
    from samverka.platform.core.migrate import upgrade

    os.environ["APP_DB_ROLE"], os.environ["SYSTEM_DB_ROLE"] = services.APP_ROLE, services.SYSTEM_ROLE
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": services.app_url(database),
            "DATABASE_OWNER_URL": services.owner_url(database),
            "SYSTEM_DATABASE_URL": services.system_url(database),
            "IDENTITY_HASH_KEY": identity_key,
            "REDIS_URL": None,
        }
    )
    upgrade(app)
    return app


def dispose(app) -> None:
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def _exists(database: str) -> bool:
    with psycopg.connect(services.ADMIN_URL) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone() is not None


def analyze(database: str) -> None:
    """Fresh planner statistics, as the owner (only a table's owner may analyze it)."""
    engine = create_engine(services.owner_url(database), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def prepare(database: str = DATABASE, scale: str = "national", reuse: bool = True) -> NationalDatabase:
    """A database holding the set: the one there if ``reuse`` and it holds it, else made and loaded anew."""
    people = None
    if reuse and _exists(database):
        app = bench_app(database)
        with app.app_context():
            people = loaded_people(db.session, scale, IDENTITY_HASH_KEY)
        dispose(app)
    if people is None:
        services.recreate_database(database)
        app = bench_app(database)
        with app.app_context():
            people = load(db.session, scale=scale, identity_key=IDENTITY_HASH_KEY)
        dispose(app)
        analyze(database)
    urls = (services.owner_url(database), services.app_url(database), services.system_url(database))
    return NationalDatabase(database, *urls, IDENTITY_HASH_KEY, people)


def row_counts(session) -> dict[str, int]:
    """Rows per table holding any, read as the system (RLS lets it read everything)."""
    bind_principal(session, Principal.system("bench: counting"))
    counts = {t.name: session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    session.rollback()
    return {name: n for name, n in sorted(counts.items()) if n}


def _load_command(args) -> None:
    started = time.perf_counter()
    services.recreate_database(args.database)
    app = bench_app(args.database)
    print(f"database {args.database} created and migrated in {time.perf_counter() - started:.1f} s")
    timings: dict[str, float] = {}
    with app.app_context():
        people = load(db.session, scale=args.scale, identity_key=IDENTITY_HASH_KEY, timings=timings)
        for step, seconds in timings.items():
            print(f"{seconds:8.1f} s  {step}")
        print(f"{sum(timings.values()):8.1f} s  loading in all (scale {args.scale})")
        for table, n in row_counts(db.session).items():
            print(f"{n:>9,}  {table}")
    dispose(app)
    analyze(args.database)
    print(f"people (sign in with the pid; IDENTITY_HASH_KEY={IDENTITY_HASH_KEY}):")
    for name, p in people.items():
        print(f"  {name:<20} pid {p.pid}  user {p.user_id}  tenant {p.tenant_id}  region {p.region_id}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    loading = commands.add_parser("load", help="(re)create the database and load the set")
    loading.add_argument("--scale", choices=sorted(SCALES), default="national")
    loading.add_argument("--database", default=DATABASE)
    dropping = commands.add_parser("drop", help="drop the database")
    dropping.add_argument("--database", default=DATABASE)
    args = parser.parse_args(argv)
    if args.command == "load":
        _load_command(args)
    else:
        services.drop_database(args.database)
        print(f"database {args.database} dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
