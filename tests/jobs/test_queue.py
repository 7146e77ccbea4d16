"""Enqueueing after commit: a job asked for twice in one transaction is enqueued once."""

from __future__ import annotations

import pytest
from redis import Redis
from rq import Queue

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal

PLANNING = "samverka.platform.contracts.tasks.plan_reprocurements"
MATCH = "samverka.platform.matching.tasks.match_need"


@pytest.mark.redis
def test_the_same_job_twice_in_a_transaction_is_enqueued_once(queued_app, redis_url):
    queue = Queue("default", connection=Redis.from_url(redis_url))
    queue.empty()
    with queued_app.app_context():
        bind_principal(db.session, Principal.system("test"))
        db.session.connection()  # a transaction for the jobs to wait on
        enqueue_after_commit(db.session, job(PLANNING))
        enqueue_after_commit(db.session, job(PLANNING))
        enqueue_after_commit(db.session, job(MATCH), 1)
        enqueue_after_commit(db.session, job(MATCH), 2)
        db.session.commit()

    assert sorted((job.func_name, job.args) for job in queue.jobs) == [(PLANNING, ()), (MATCH, (1,)), (MATCH, (2,))]
    queue.empty()
