"""Benchmark: "What needs my attention" at national scale on PostgreSQL (issue 10, item 1).

    .venv/bin/python bench/attention.py            # from the repository root; PostgreSQL as for the tests

Makes a database of its own (``samverka_bench_attention``, through ``TEST_PG_ADMIN_URL`` like the test
suite), migrates it, loads 647 municipalities in 40 regions with 40 needs each (25,880 needs), joint
procurements with invitations to join, the matching's proposals, contracts with re-procurements and a
submitted action plan per region (the generators of the national data set, bench/dataset/, with fewer
procurements and contracts), then times the attention list of a region's coordinator, an IT coordinator and
a chief executive (best of N runs, the people taking turns) and counts its SQL statements. Loading is
not timed. See bench/README.md for the figures measured on our machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta

# Run as a script, the repository root is not on the path: bench.* and tests.support are imported from it.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask import current_app
from sqlalchemy import event

from bench.dataset.common import NORWAY, SWEDEN, TODAY, Scale, insert_all
from bench.dataset.directory import load_directory
from bench.dataset.needs import load_needs
from bench.dataset.people import load_people
from bench.dataset.regional import load_plans, load_procurements, load_proposals
from bench.dataset.register import load_contracts
from bench.national import bench_app, dispose
from samverka.platform.attention import services as attention
from samverka.platform.contracts.models import Reprocurement
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.services.principals import load_principal
from tests.support import services

DATABASE = "samverka_bench_attention"
REGIONS, NEEDS_PER_TENANT = 40, 40
PROCUREMENTS_PER_REGION, CONTRACTS_PER_TENANT, ITEMS_PER_PLAN = 5, 5, 12
PEOPLE = ("coordinator", "it_coordinator", "chief_executive")


def load_reprocurements(session, contracts: list[dict]) -> None:
    """The re-procurements the lead-time job would have made of the contracts due (starting 540 days ahead)."""
    ends = [(c, c["extendable_to"] or c["ends_on"]) for c in contracts]
    due = [
        {"contract_id": c["id"], "tenant_id": c["tenant_id"], "period_end": end, "starts_on": end - timedelta(days=540)}
        for c, end in ends
        if (end - TODAY).days < 900
    ]
    insert_all(session, Reprocurement, due)


def load(session, tenants: int = NORWAY + SWEDEN, regions: int = REGIONS, per_tenant: int = NEEDS_PER_TENANT):
    """The attention list's world (the national set's generators, fewer procurements and contracts), seeded;
    returns the timed people's user ids: region 1's coordinator, and an IT coordinator and chief of a member."""
    scale = Scale(tenants, regions, per_tenant, CONTRACTS_PER_TENANT, PROCUREMENTS_PER_REGION, ITEMS_PER_PLAN, 1)
    rng = random.Random(2026)
    system = Principal.system("bench: loading")
    bind_principal(session, system)
    directory = load_directory(session, scale, rng)
    needs = load_needs(session, scale, directory, rng)
    load_reprocurements(session, load_contracts(session, scale, directory, rng))
    procurements = load_procurements(session, scale, directory, needs, rng)
    load_proposals(session, directory, system, dismissed_share=0.5)
    load_plans(session, scale, directory, procurements, rng)
    people = load_people(session, scale, directory, current_app.config["IDENTITY_HASH_KEY"])
    session.commit()
    return {role: people[role].user_id for role in PEOPLE}


def time_attention(app, user_id: int) -> tuple[float, int, int]:
    """Wall seconds, SQL statements and items of one person's attention list (principal loaded before)."""
    statements = []

    def count(*_args):
        statements.append(1)

    with app.test_request_context(headers={"Accept-Language": "nb"}):
        principal = load_principal(db.session, user_id)
        bind_principal(db.session, principal)
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            start = time.perf_counter()
            items = attention.collect(db.session, principal, TODAY)
            took = time.perf_counter() - start
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        db.session.rollback()
    return took, len(statements), len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    services.recreate_database(DATABASE)
    app = bench_app(DATABASE)
    try:
        with app.app_context():
            started = time.perf_counter()
            people = load(db.session)
            print(f"loaded in {time.perf_counter() - started:.1f} s")
        best = {role: (float("inf"), 0, 0) for role in people}
        for _ in range(args.runs):
            for role, user_id in people.items():
                best[role] = min(best[role], time_attention(app, user_id))
        for role, (took, statements, items) in best.items():
            print(f"{role:>16}: {took * 1000:7.1f} ms (best of {args.runs})  {statements:>2} statements  {items} items")
    finally:
        dispose(app)
        services.drop_database(DATABASE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
