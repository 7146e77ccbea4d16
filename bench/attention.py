"""Benchmark: "What needs my attention" at national scale on PostgreSQL (issue 10, item 1).

    .venv/bin/python bench/attention.py            # from the repository root; PostgreSQL as for the tests

Makes a database of its own (``samverka_bench_attention``, through ``TEST_PG_ADMIN_URL`` like the test
suite), migrates it, loads 647 municipalities in 40 regions with 40 needs each (25,880 needs), joint
procurements with invitations to join, proposals, contracts with re-procurements and a submitted
action plan per region, then times the attention list of a region's coordinator, an IT coordinator and
a chief executive (best of N runs, the people taking turns) and counts its SQL statements. Loading is
not timed. See bench/README.md for the figures measured on our machine.
"""

from __future__ import annotations

import os

os.environ.setdefault("TEST_PG_DATABASE", "samverka_bench_attention")

import argparse
import random
import sys
import time
from datetime import date, timedelta

from sqlalchemy import event, insert

from samverka.platform.attention import services as attention
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import MatchProposal
from samverka.platform.needs.models import Need, NeedSubmission
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemShare, PlanVote
from samverka.platform.procurements.models import JoinInvitation, JointProcurement
from samverka.tenants.models import Region, RegionMembership, RoleAssignment, Tenant, User
from samverka.tenants.services.principals import load_principal

TODAY = date(2026, 3, 2)
NORWAY, SWEDEN, REGIONS, NEEDS_PER_TENANT = 357, 290, 40, 40
PROCUREMENTS_PER_REGION, PROPOSALS_PER_REGION, CONTRACTS_PER_TENANT, ITEMS_PER_PLAN = 5, 20, 5, 12
STATUSES = (("draft", 0.2), ("submitted", 0.4), ("under_consideration", 0.2), ("joined", 0.1), ("withdrawn", 0.1))
PEOPLE = ("coordinator", "it_coordinator", "chief_executive")


def _bulk(session, model, rows: list[dict]) -> list[int]:
    return list(session.scalars(insert(model).returning(model.id), rows)) if rows else []


def load_directory(session, tenants: int, regions: int, rng: random.Random) -> tuple[list[int], dict[int, list[int]]]:
    """Regions and municipalities (Norway's first, Sweden's after), each municipality in one region of its country."""
    norwegian = round(tenants * NORWAY / (NORWAY + SWEDEN))
    no_regions = max(1, round(regions * NORWAY / (NORWAY + SWEDEN)))
    region_ids = _bulk(
        session,
        Region,
        [{"name": f"Region {k}", "currency": "NOK" if k < no_regions else "SEK"} for k in range(regions)],
    )
    rows = [
        {
            "name": f"Kommune {k}",
            "country": "NO" if k < norwegian else "SE",
            "municipality_number": f"{k:04d}",
            "organisation_number": f"{900000000 + k}",
            "population": rng.randint(500, 60000),
        }
        for k in range(tenants)
    ]
    tenant_ids = _bulk(session, Tenant, rows)
    members: dict[int, list[int]] = {r: [] for r in region_ids}
    for k, tenant_id in enumerate(tenant_ids):
        home = k % no_regions if k < norwegian else no_regions + k % max(1, regions - no_regions)
        members[region_ids[min(home, regions - 1)]].append(tenant_id)
    memberships = [{"region_id": r, "tenant_id": t} for r, ts in members.items() for t in ts]
    session.execute(insert(RegionMembership), memberships)
    return tenant_ids, members


def load_needs(session, members: dict[int, list[int]], per_tenant: int, rng: random.Random) -> None:
    needs, shared = [], []
    for region_id, tenant_ids in members.items():
        for tenant_id in tenant_ids:
            for n in range(per_tenant):
                status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
                needs.append(_need(tenant_id, region_id, n, status))
                shared.append(status != "draft")
    ids = _bulk(session, Need, needs)
    submissions = [
        {"need_id": i, "region_id": n["shared_region_ids"][0], "tenant_id": n["tenant_id"]}
        for i, n, s in zip(ids, needs, shared)
        if s
    ]
    session.execute(insert(NeedSubmission), submissions)


def _need(tenant_id: int, region_id: int, n: int, status: str) -> dict:
    return {
        "tenant_id": tenant_id,
        "shared_region_ids": [] if status == "draft" else [region_id],
        "title": f"Behov {n}",
        "description": "Generert behov",
        "kind": "initiative" if n % 12 == 0 else "replacement",
        "category": "business_systems",
        "status": "reported" if n % 12 == 0 and status != "draft" else status,
        "currency": "NOK",
    }


def load_procurements(session, members: dict[int, list[int]], rng: random.Random) -> None:
    for region_id, tenant_ids in members.items():
        rows = [
            {"region_id": region_id, "title": f"Felles anskaffelse {k}", "category": "business_systems"}
            for k in range(PROCUREMENTS_PER_REGION)
        ]
        invitations = [
            {
                "procurement_id": p,
                "region_id": region_id,
                "tenant_id": t,
                "deadline": TODAY + timedelta(days=rng.randint(-10, 30)),
                "status": rng.choice(("pending", "pending", "joined", "declined")),
            }
            for p in _bulk(session, JointProcurement, rows)
            for t in tenant_ids
        ]
        session.execute(insert(JoinInvitation), invitations)
        proposals = [
            {"region_id": region_id, "signature": f"s{k}", "need_ids": [k, k + 1], "tenant_ids": tenant_ids[:2]}
            | {"score": 0.8, "reasons": [], "status": "open" if k % 2 else "dismissed"}
            for k in range(PROPOSALS_PER_REGION)
        ]
        session.execute(insert(MatchProposal), proposals)


def load_contracts(session, tenant_ids: list[int], rng: random.Random) -> None:
    rows = []
    for tenant_id in tenant_ids:
        for k in range(CONTRACTS_PER_TENANT):
            ends = TODAY + timedelta(days=rng.randint(100, 2000))
            rows.append(
                {"tenant_id": tenant_id, "title": f"Kontrakt {k}", "supplier_name": "Leverandør AS"}
                | {"supplier_organisation_number": "980452345", "supplier_country": "NO", "category": "it_hardware"}
                | {"starts_on": date(2020, 1, 1), "ends_on": ends, "currency": "NOK", "kraljic": "routine"}
            )
    ids = _bulk(session, Contract, rows)
    due = [
        {"contract_id": i, "tenant_id": r["tenant_id"], "period_end": r["ends_on"]}
        | {"starts_on": r["ends_on"] - timedelta(days=540)}
        for i, r in zip(ids, rows)
        if (r["ends_on"] - TODAY).days < 900
    ]
    session.execute(insert(Reprocurement), due)


def load_plans(session, members: dict[int, list[int]], rng: random.Random) -> None:
    """Per region a submitted plan for next year (half the members have voted) with items shared by all."""
    for region_id, tenant_ids in members.items():
        row = {"region_id": region_id, "year": TODAY.year + 1, "status": "submitted", "currency": "NOK"}
        plan_id = _bulk(session, ActionPlan, [row])[0]
        items = [
            {"plan_id": plan_id, "region_id": region_id, "title": f"Tiltak {k}", "category": "business_systems"}
            | {"start_quarter": f"{TODAY.year + 1}-Q1", "one_off_cost_minor": 10**8, "annual_cost_minor": 10**7}
            for k in range(ITEMS_PER_PLAN)
        ]
        shares = [
            {"item_id": i, "region_id": region_id, "tenant_id": t, "one_off_minor": 10**6, "annual_minor": 10**5}
            for i in _bulk(session, PlanItem, items)
            for t in tenant_ids
        ]
        session.execute(insert(PlanItemShare), shares)
        votes = [
            {"plan_id": plan_id, "region_id": region_id, "tenant_id": t, "voter_name": "Rådmann"}
            | {"decision": "approve", "acr": "idporten-loa-high"}
            for t in tenant_ids[: len(tenant_ids) // 2]
        ]
        session.execute(insert(PlanVote), votes)


def load_people(session, region_id: int, tenant_id: int) -> dict[str, int]:
    """The people whose lists are timed: region 1's coordinator, and an IT coordinator and chief of its last member."""
    ids = _bulk(session, User, [{"name": role, "email": f"{role}@example.test"} for role in PEOPLE])
    scopes = {"coordinator": {"region_id": region_id}}
    session.execute(
        insert(RoleAssignment),
        [
            {"user_id": u, "role": r, "user_name": r, "user_email": f"{r}@example.test"}
            | scopes.get(r, {"tenant_id": tenant_id})
            for u, r in zip(ids, PEOPLE)
        ],
    )
    return dict(zip(PEOPLE, ids))


def load(session, tenants: int = NORWAY + SWEDEN, regions: int = REGIONS, per_tenant: int = NEEDS_PER_TENANT):
    """The whole national data set, seeded; returns the timed people's user ids."""
    rng = random.Random(2026)
    bind_principal(session, Principal.system("bench: loading"))
    tenant_ids, members = load_directory(session, tenants, regions, rng)
    load_needs(session, members, per_tenant, rng)
    load_procurements(session, members, rng)
    load_contracts(session, tenant_ids, rng)
    load_plans(session, members, rng)
    first_region = next(iter(members))
    people = load_people(session, first_region, members[first_region][-1])
    session.commit()
    return people


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


def _app():
    from samverka.platform.app import create_app
    from samverka.platform.core.migrate import upgrade

    # The test suite's way to a fresh PostgreSQL database and its three roles, from the repository root.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from tests.support import services

    services.recreate_database()
    os.environ["APP_DB_ROLE"], os.environ["SYSTEM_DB_ROLE"] = services.APP_ROLE, services.SYSTEM_ROLE
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": services.app_url(),
            "DATABASE_OWNER_URL": services.owner_url(),
            "SYSTEM_DATABASE_URL": services.system_url(),
            "REDIS_URL": None,
        }
    )
    upgrade(app)
    return app, services


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    app, services = _app()
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
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()
        services.drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
