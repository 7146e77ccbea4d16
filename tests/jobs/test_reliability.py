"""No job lost or doubled: Redis away for a while, a worker killed in the middle of a job, a job that never succeeds.

Each test runs real ``samverka worker`` processes on committed data. A job is made to stop at a known
point by what it waits for (an SMTP server holding its DATA, a row lock the test holds), never by a
sleep; the worker is then killed with SIGKILL (with its work horse and scheduler) and a new one started.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry
from sqlalchemy import create_engine, select, text, update

from samverka.jobs import outbox
from samverka.jobs.models import DONE, FAILED, PENDING, RUNNING, QueuedJob
from samverka.jobs.queue import dispatch, enqueue_after_commit
from samverka.jobs.registry import QUEUES, job
from samverka.platform.contracts.models import Reprocurement
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.needs.models import Need
from tests.jobs.failing import REFUSE
from tests.jobs.harness import (
    INVITEE_EMAIL,
    REPO_ROOT,
    VENV_BIN,
    ServiceProcess,
    app_environment,
    mails_to,
    wait_until,
)
from tests.jobs.holding_smtp import HoldingSMTPServer
from tests.platform.contracts.support import make_contract
from tests.support import services
from tests.support.api import count_rows
from tests.support.fixtures import free_port
from tests.support.login import HIGH_LEVEL, sign_in

pytestmark = [pytest.mark.committed, pytest.mark.postgres, pytest.mark.redis]
SYSTEM = Principal.system("test: job reliability")
PLANNING = job("samverka.platform.contracts.tasks.plan_reprocurements")
NOBODY_LISTENS = "redis://127.0.0.1:1/0"
TODAY = "2026-03-01"
KONGSBERG_IT = "kongsb_it@example.test"


def _start_worker(app, tmp_path, name: str, **env: str) -> ServiceProcess:
    environment = app_environment(app, tmp_path, REDIS_URL=app.config["REDIS_URL"], PYTHONPATH=str(REPO_ROOT), **env)
    environment["JOB_RETRY_BACKOFF"] = ",".join(str(s) for s in app.config["JOB_RETRY_BACKOFF"])
    worker = ServiceProcess([str(VENV_BIN / "samverka"), "worker"], environment, tmp_path / f"{name}.log")
    worker.wait_for("Listening on")
    return worker


@pytest.fixture
def workers(queued_app, tmp_path):
    """Start workers with ``workers(name, **env)``; each is stopped (or already killed) at the end."""
    started: list[ServiceProcess] = []

    def start(name: str, **env: str) -> ServiceProcess:
        started.append(_start_worker(queued_app, tmp_path, name, **env))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()
        print(worker.output())  # shown by pytest when the test failed


@pytest.fixture
def holding_smtp():
    server = HoldingSMTPServer(port=free_port())
    server.start()
    yield server
    server.stop()


def _rows(app) -> list[QueuedJob]:
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        rows = list(db.session.scalars(select(QueuedJob).order_by(QueuedJob.id)))
        db.session.expunge_all()
        return rows


def _row(app, name: str) -> QueuedJob:
    return next(row for row in _rows(app) if row.name == name)


def _stage(app, ref, *args) -> None:
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        db.session.connection()
        enqueue_after_commit(db.session, ref, *args)
        db.session.commit()


def _use_redis(app, url: str) -> None:
    app.config["REDIS_URL"] = url
    connection = app.extensions.pop("samverka.redis", None)
    if connection is not None:
        connection.close()


def _all_done(app) -> list[QueuedJob]:
    """Every job asked for so far, once all are done (else an empty list)."""
    rows = _rows(app)
    return rows if all(row.state == DONE for row in rows) else []


def _let_the_dead_workers_heartbeats_run_out(redis_url: str) -> None:
    """What 90 s without a heartbeat does: the dead worker's started jobs are due for RQ's clean-up,
    which the next worker runs when it starts (and every ``WORKER_MAINTENANCE_SECONDS`` after)."""
    connection = Redis.from_url(redis_url)
    for name in QUEUES:
        key = Queue(name, connection=connection).started_job_registry.key
        executions = connection.zrange(key, 0, -1)
        if executions:
            connection.zadd(key, dict.fromkeys(executions, 0))
    connection.close()


def test_with_redis_away_pages_serve_the_jobs_wait_and_run_once_when_it_is_back(
    queued_app, client, tenant_a, invite, load_invitation, smtp_server, workers
):
    redis_url = queued_app.config["REDIS_URL"]
    smtp_server.clear()
    _use_redis(queued_app, NOBODY_LISTENS)

    sign_in(client, tenant_a.people["coordinator"])
    assert client.get("/").status_code == 200
    invitation_id = invite()  # the change commits; its job cannot be queued
    assert client.get("/readyz").get_json()["checks"]["redis"] != "ok"
    assert [row.state for row in _rows(queued_app)] == [PENDING]

    _use_redis(queued_app, redis_url)
    workers("worker")
    with queued_app.app_context():  # a minute later, the relay's turn
        bind_principal(db.session, SYSTEM)
        db.session.execute(update(QueuedJob).values(created_at=utcnow() - outbox.RELAY_AFTER - timedelta(seconds=1)))
        db.session.commit()
    assert outbox.relay(queued_app, dispatch) == 1

    wait_until(lambda: _all_done(queued_app), what="the relayed job done")
    assert load_invitation(invitation_id).emailed_at is not None
    assert outbox.relay(queued_app, dispatch) == 0
    assert len(mails_to(smtp_server, INVITEE_EMAIL)) == 1
    assert _rows(queued_app)[0].attempts == 1


def test_a_worker_killed_while_it_sends_a_mail_leaves_it_sent_exactly_once(
    queued_app, invite, load_invitation, holding_smtp, workers, redis_url
):
    queued_app.config["JOB_RETRY_BACKOFF"] = (0,)  # retried as soon as it is found abandoned
    first = workers("killed", MAIL_PORT=str(holding_smtp.port))
    invitation_id = invite()
    wait_until(holding_smtp.holding, what="the mail job in the middle of its SMTP DATA")
    assert _rows(queued_app)[0].state == RUNNING

    first.kill()
    holding_smtp.release()
    assert load_invitation(invitation_id).emailed_at is None  # the claim died with the worker's transaction
    _let_the_dead_workers_heartbeats_run_out(redis_url)
    workers("next", MAIL_PORT=str(holding_smtp.port))

    wait_until(lambda: _all_done(queued_app), what="the abandoned mail job done by the next worker")
    assert len(mails_to(holding_smtp, INVITEE_EMAIL)) == 1
    assert load_invitation(invitation_id).emailed_at is not None
    assert _rows(queued_app)[0].attempts == 2


def test_a_job_whose_worker_died_on_its_last_try_is_shown_failed_not_running(
    queued_app, invite, load_invitation, holding_smtp, workers, redis_url
):
    queued_app.config["JOB_RETRY_BACKOFF"] = ()  # no retry left
    first = workers("killed", MAIL_PORT=str(holding_smtp.port))
    invitation_id = invite()
    wait_until(holding_smtp.holding, what="the mail job in the middle of its SMTP DATA")

    first.kill()
    holding_smtp.release()
    _let_the_dead_workers_heartbeats_run_out(redis_url)
    workers("next", MAIL_PORT=str(holding_smtp.port))

    row = wait_until(
        lambda: next((r for r in _rows(queued_app) if r.state == FAILED), None), what="the job shown failed"
    )
    assert row.last_error.startswith("AbandonedJobError") and row.attempts == 1
    assert holding_smtp.messages == [] and load_invitation(invitation_id).emailed_at is None


def test_a_worker_killed_in_the_middle_of_the_lead_time_job_leaves_each_effect_exactly_once(
    app, queued_app, databases, tenant_a, smtp_server, workers, redis_url
):
    smtp_server.clear()
    queued_app.config["JOB_RETRY_BACKOFF"] = (0,)
    contracts = [
        make_contract(app, tenant_id=tenant_a.tenant_id, title=f"Ekonomisystem {n}", ends_on=date(2027, 6, 30))
        for n in range(3)
    ]
    first = workers("killed")
    owner = create_engine(databases.superuser_url)
    lock = owner.connect()
    lock.execute(text("SELECT id FROM contracts WHERE id = :id FOR UPDATE"), {"id": contracts[1]})
    try:
        _stage(queued_app, PLANNING, TODAY, 1)  # one contract a transaction (a batch's claims wait together)
        wait_until(lambda: _waiting_for_a_lock(owner), what="the job waiting at its second contract's claim")
        assert count_rows(app, Reprocurement) == 1  # the first contract's transaction committed
        first.kill()
    finally:
        lock.rollback()
        lock.close()
        owner.dispose()
    _let_the_dead_workers_heartbeats_run_out(redis_url)
    workers("next")

    rows = wait_until(lambda: _all_done(queued_app), what="the planning and the jobs it asked for done")
    assert count_rows(app, Reprocurement) == 3 and count_rows(app, Need) == 3
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        planned = list(db.session.execute(select(Reprocurement.contract_id, Reprocurement.id)))
    assert sorted(contract for contract, _ in planned) == contracts
    notices = sorted(rid for row in rows if row.name.endswith("send_reprocurement_notices") for rid in row.args[0])
    assert notices == sorted(reprocurement for _, reprocurement in planned)
    assert len(mails_to(smtp_server, KONGSBERG_IT)) == 3
    assert _row(queued_app, PLANNING.name).attempts == 2


def _waiting_for_a_lock(engine) -> bool:
    """Whether a job (the system role's session) waits for a lock (asked afresh: a transaction sees one snapshot)."""
    with engine.connect() as connection:
        waiting = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND usename = :role"
            ),
            {"role": services.SYSTEM_ROLE},
        )
        return waiting.scalar() > 0


def test_a_job_that_keeps_failing_stops_after_its_retries_is_shown_failed_and_blocks_nothing(
    queued_app, client, operator, workers, redis_url
):
    queued_app.config["JOB_RETRY_BACKOFF"] = (1, 1)
    workers("worker")
    started = time.monotonic()
    _stage(queued_app, REFUSE, "timeout")
    _stage(queued_app, PLANNING, TODAY)  # behind it on the same queue

    wait_until(lambda: _row(queued_app, REFUSE.name).state == FAILED, what="the failing job given up")
    # Both 1 s pauses were waited out; RQ schedules by whole seconds, so the sum may fall a little short of 2 s.
    assert time.monotonic() - started >= 1.5
    failing, later = _row(queued_app, REFUSE.name), _row(queued_app, PLANNING.name)
    assert failing.attempts == 3 and "RuntimeError" in failing.last_error and "timeout" in failing.last_error
    assert later.state == DONE and later.updated_at < failing.updated_at  # ran while the failing one waited
    failed = FailedJobRegistry("default", connection=Redis.from_url(redis_url))
    assert f"outbox-{failing.id}" in failed.get_job_ids()

    sign_in(client, operator, acr=HIGH_LEVEL)
    page = client.get("/operator/jobs").get_data(as_text=True)
    assert "refuse" in page and "the supplier&#39;s service refused: timeout" in page
