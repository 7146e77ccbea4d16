"""On PostgreSQL, with committed transactions: two chief executives approving at the same moment both count and
the award is decided once; and raw SQL as the app role reaches no other region's award and forges no decision."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, select, text

from samverka.platform.awards import approvals
from samverka.platform.awards.models import AwardApproval, AwardDecision
from samverka.platform.core.extensions import db
from samverka.platform.procurements.models import StageChange
from samverka.tenants.services.principals import load_principal
from tests.platform.awards.factories import HIGH, acting, decide, decided, in_approval, stage
from tests.support import services
from tests.support.api import count_rows
from tests.support.rls import scope_connection
from tests.support.waiting import lock_waiters, wait_until

pytestmark = [pytest.mark.committed, pytest.mark.postgres]


def test_two_chiefs_approving_at_once_both_count_and_the_award_is_decided_once(app, tenant_a):
    """The first holds its transaction open until the second waits for its lock (the procurement's row, and the
    audit chain's head), then commits: the second counts both approvals and decides."""
    made = in_approval(app, tenant_a)
    first_done, second_starting, second_done, errors = threading.Event(), threading.Event(), threading.Event(), []

    def first() -> None:
        with acting(app, made.chiefs["Kongsberg"]) as principal, lock_waiters(services.superuser_url()) as waiting:
            approvals.decide(db.session, principal, made.procurement_id, decision="approved", acr=HIGH)
            first_done.set()
            second_starting.wait(timeout=30)
            wait_until(lambda: second_done.is_set() or waiting(), what="the second approval waits or is done")
            db.session.commit()

    def second() -> None:
        first_done.wait(timeout=30)
        second_starting.set()
        try:
            decide(app, made.chiefs["Flesberg"], made.procurement_id)
        finally:
            second_done.set()

    threads = [threading.Thread(target=_reporting(errors, run)) for run in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert stage(app, made.procurement_id) == "standstill"
    assert count_rows(app, AwardDecision) == 1
    with acting(app, None):
        assert db.session.scalars(select(AwardApproval.decision)).all() == ["approved", "approved"]
        steps = db.session.scalars(select(StageChange.to_stage).where(StageChange.to_stage == "award_decided")).all()
    assert steps == ["award_decided"]


def _reporting(errors: list, run):
    def wrapped() -> None:
        try:
            run()
        except Exception as exc:
            errors.append(exc)

    return wrapped


def test_raw_sql_as_the_app_role_reads_no_other_regions_award_and_forges_no_decision(app, tenant_a, tenant_b):
    made = decided(app, tenant_a)
    engine = create_engine(services.app_url())
    try:
        for person, visible in (
            (tenant_b.people["coordinator"], 0),
            (tenant_b.people["chief"], 0),
            (tenant_a.people["it"], 2),
            (tenant_a.people["chief"], 2),
        ):
            with app.app_context():
                principal = load_principal(db.session, person.user_id)
            with engine.connect() as conn, conn.begin():
                scope_connection(conn, principal)
                assert conn.execute(text("SELECT count(*) FROM award_approvals")).scalar() == visible
                assert (
                    conn.execute(text("UPDATE award_approvals SET decision = 'withdrawn', reason = 'x'")).rowcount == 0
                )
                assert conn.execute(text("DELETE FROM award_decisions")).rowcount == 0
                assert conn.execute(text("UPDATE award_decisions SET standstill_days = 0")).rowcount == 0
    finally:
        engine.dispose()
    assert stage(app, made.procurement_id) == "standstill"
