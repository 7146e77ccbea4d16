"""Prometheus metrics at ``/metrics``, for the operator's monitoring only.

The request latencies each process recorded (``requests.REQUEST_SECONDS``; under gunicorn, summed over
its workers through ``PROMETHEUS_MULTIPROC_DIR``), and what is read afresh at each scrape: the depth,
oldest job's age and failed jobs of each RQ queue, whether the one cron process is alive, the job
outbox's backlog, and the last verification of the audit chain.

Only a scraper holding ``METRICS_TOKEN`` (``Authorization: Bearer ...``) is answered; anyone else, and
everyone while no token is configured, gets the same 404 as for a page that does not exist: the
endpoint is not advertised to the public, which nginx also keeps away from it.
"""

from __future__ import annotations

import hmac
import logging
import os
import time

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from redis.exceptions import RedisError
from rq import Queue
from rq.registry import FailedJobRegistry
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from samverka.jobs.models import DONE, STATES, QueuedJob
from samverka.jobs.queue import redis_connection
from samverka.jobs.registry import QUEUES
from samverka.jobs.schedule import cron_alive
from samverka.platform.audit import status as audit_status
from samverka.platform.core.extensions import system_engine
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal

bp = Blueprint("metrics", __name__)
log = logging.getLogger("samverka.metrics")
SYSTEM = Principal.system("metrics scrape")
_NOT_DONE = tuple(state for state in STATES if state != DONE)


@bp.get("/metrics")
def metrics():
    if not _authorised():
        abort(404)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_ThisInstallation(current_app._get_current_object()))
    registry.register(_RecordedByProcesses())
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _authorised() -> bool:
    expected = current_app.config.get("METRICS_TOKEN")
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given.removeprefix("Bearer ").encode(), expected.encode())


class _RecordedByProcesses:
    """The request latencies: of every gunicorn worker in multiprocess mode, else of this process."""

    def collect(self):
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            yield from MultiProcessCollector(CollectorRegistry()).collect()
        else:
            yield from REGISTRY.collect()


class _ThisInstallation:
    """What is read from Redis and the database at each scrape; a source that cannot be read is reported down
    (``samverka_scrape_source_up``) rather than failing the whole scrape."""

    def __init__(self, app):
        self.app = app

    def collect(self):
        up = GaugeMetricFamily("samverka_scrape_source_up", "1 if the scrape could read it.", labels=["source"])
        connection = redis_connection(self.app)
        if connection is not None:
            yield from _read(up, "redis", lambda: (*_queues(connection), *_audit_chain(connection)))
        yield from _read(up, "database", lambda: (_outbox(),))
        yield up


def _read(up: GaugeMetricFamily, source: str, families):
    try:
        found = families()
    except (RedisError, SQLAlchemyError):
        log.warning("metrics: %s unreadable", source, exc_info=True)
        up.add_metric([source], 0)
        return ()
    up.add_metric([source], 1)
    return found


def _queues(connection):
    depth = GaugeMetricFamily("samverka_queue_jobs", "Jobs waiting in each RQ queue.", labels=["queue"])
    age = GaugeMetricFamily(
        "samverka_queue_oldest_job_age_seconds", "How long the oldest waiting job has waited.", labels=["queue"]
    )
    failed = GaugeMetricFamily(
        "samverka_queue_failed_jobs", "Jobs in each queue's failed-job registry (retries used up).", labels=["queue"]
    )
    now = time.time()
    for name in QUEUES:
        queue = Queue(name, connection=connection)
        depth.add_metric([name], queue.count)
        oldest = next(iter(queue.get_jobs(0, 0)), None)
        waited = now - oldest.enqueued_at.timestamp() if oldest is not None and oldest.enqueued_at else 0
        age.add_metric([name], max(waited, 0))
        failed.add_metric([name], FailedJobRegistry(queue=queue).count)
    alive = GaugeMetricFamily("samverka_cron_alive", "1 while the one cron process sends its heartbeat.")
    alive.add_metric([], int(cron_alive(connection)))
    return depth, age, failed, alive


def _audit_chain(connection):
    last = audit_status.last(connection)
    if last is None:  # never verified: no sample, which the "not verified for 26 h" alert treats as stale
        return ()
    ok = GaugeMetricFamily("samverka_audit_chain_ok", "1 if the last verification found the chain intact.")
    ok.add_metric([], int(last.ok))
    at = GaugeMetricFamily(
        "samverka_audit_chain_verified_timestamp_seconds", "When the audit chain was last verified (Unix time)."
    )
    at.add_metric([], last.at)
    checked = GaugeMetricFamily("samverka_audit_chain_events_verified", "Events the last verification checked.")
    checked.add_metric([], last.checked)
    return ok, at, checked


def _outbox():
    """The outbox rows not done, by state: pending ones growing means dispatch is stuck; failed ones stay."""
    backlog = GaugeMetricFamily("samverka_outbox_jobs", "Job outbox rows not done, by state.", labels=["state"])
    with Session(bind=system_engine()) as session:
        bind_principal(session, SYSTEM)
        counts = session.execute(
            select(QueuedJob.state, func.count()).where(QueuedJob.state.in_(_NOT_DONE)).group_by(QueuedJob.state)
        )
        for state, count in counts:
            backlog.add_metric([state], count)
    return backlog
