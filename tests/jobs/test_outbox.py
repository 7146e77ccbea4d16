"""The job outbox: no job lost while Redis is away, none run for a change that rolled back, and a job
that fails in-process kept visible, with its reason, on the operator's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import select, update

from samverka.jobs import outbox
from samverka.jobs.models import DONE, FAILED, PENDING, QueuedJob
from samverka.jobs.queue import dispatch, enqueue_after_commit
from samverka.jobs.registry import job
from samverka.jobs.runner import task
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from tests.support.login import HIGH_LEVEL, sign_in

SYSTEM = Principal.system("test: the outbox")
PLANNING = "samverka.platform.contracts.tasks.plan_reprocurements"


@task("a job that always fails, for the outbox's tests")
def always_fails(reason: str) -> None:
    raise RuntimeError(f"the supplier's service refused: {reason} (ops@supplier.example)")


FAILING = job(f"{always_fails.__module__}.{always_fails.__name__}")


def _rows(app) -> list[QueuedJob]:
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        rows = list(db.session.scalars(select(QueuedJob).order_by(QueuedJob.id)))
        db.session.expunge_all()
        return rows


def _stage(app, ref, *args, commit: bool = True) -> None:
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        db.session.connection()
        enqueue_after_commit(db.session, ref, *args)
        if commit:
            db.session.commit()
        else:
            db.session.rollback()


def test_a_job_of_a_rolled_back_change_is_neither_kept_nor_run(app):
    _stage(app, job(PLANNING), commit=False)
    assert _rows(app) == []


def test_a_job_that_fails_in_process_is_kept_failed_with_its_reason(app, client, operator):
    _stage(app, FAILING, "timeout")
    [row] = _rows(app)
    assert (row.state, row.attempts, row.args) == (FAILED, 1, ["timeout"])
    assert "RuntimeError" in row.last_error and "timeout" in row.last_error
    assert "ops@supplier.example" not in row.last_error  # no e-mail address kept with the reason

    sign_in(client, operator, acr=HIGH_LEVEL)
    page = client.get("/operator/jobs").get_data(as_text=True)
    assert "always_fails" in page and "timeout" in page


def test_a_job_that_ran_is_done(app, tenant_a):
    _stage(app, job(PLANNING))
    assert [(row.name, row.state) for row in _rows(app)] == [(PLANNING, DONE)]


def test_the_operators_page_is_the_operators_only(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    assert client.get("/operator/jobs").status_code == 403


@pytest.mark.redis
def test_with_redis_away_a_job_waits_and_the_relay_hands_it_on_once_redis_is_back(queued_app, redis_url):
    queue = Queue("default", connection=Redis.from_url(redis_url))
    queue.empty()
    queued_app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    queued_app.extensions.pop("samverka.redis", None)
    _stage(queued_app, job(PLANNING))
    assert [row.state for row in _rows(queued_app)] == [PENDING]

    queued_app.config["REDIS_URL"] = redis_url
    queued_app.extensions.pop("samverka.redis", None)
    assert outbox.relay(queued_app, dispatch) == 0  # staged a moment ago: its own dispatch may still come
    with queued_app.app_context():
        bind_principal(db.session, SYSTEM)
        db.session.execute(update(QueuedJob).values(created_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    assert outbox.relay(queued_app, dispatch) == 1
    assert [(j.func_name, j.meta["outbox_id"]) for j in queue.jobs] == [(PLANNING, _rows(queued_app)[0].id)]
    assert outbox.relay(queued_app, dispatch) == 0  # handed on once
    queue.empty()
