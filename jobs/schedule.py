"""Periodic jobs, declared as data, and the one process that enqueues them.

We use RQ's own cron (``rq.cron.CronScheduler``, RQ 3) rather than the separate
rq-scheduler package: one dependency less, and the periodic jobs run through
the same queues and workers as every other job. Each entry has a stable id,
which RQ uses as the cron job's name (its run history in Redis is kept under it).

Run exactly ONE cron process (``samverka cron``) per Redis: RQ's cron has no
leader election, so two processes would enqueue every job twice. The process
registers under the fixed name ``CRON_NAME``, and ``run_cron`` refuses to start
while a process of that name is alive (RQ's own duplicate-name check does not
fire, as it registers through a pipeline). Cron expressions are read in the
process's local time zone: set ``TZ`` (e.g. ``Europe/Oslo``) for the cron process.
"""

from __future__ import annotations

from dataclasses import dataclass

import click
from flask import Flask
from redis import Redis
from rq import cron_scheduler_registry
from rq.cron import CronScheduler
from rq.utils import import_attribute

from samverka.jobs import registry
from samverka.jobs.queue import redis_connection
from samverka.jobs.worker import configure_logging

CRON_NAME = "samverka-cron"


@dataclass(frozen=True)
class PeriodicJob:
    """``func`` is the job's registered name; the app checks at start-up that it exists."""

    id: str
    func: str
    cron: str
    queue: str = "maintenance"

    def __post_init__(self):
        registry.job(self.func)


PERIODIC: tuple[PeriodicJob, ...] = (
    # Every minute: a job whose dispatch was lost (Redis down a while, a crash after the commit) runs now.
    PeriodicJob(id="outbox-relay", func="samverka.jobs.tasks.relay_outbox", cron="* * * * *", queue="maintenance"),
    # Nightly: finished jobs' rows older than two weeks go; failed ones stay for the operator.
    PeriodicJob(
        id="outbox-cleanup", func="samverka.jobs.tasks.forget_finished_jobs", cron="45 2 * * *", queue="maintenance"
    ),
    # Every quarter of an hour: sessions whose browser never came back are forgotten (the database store).
    PeriodicJob(
        id="session-cleanup",
        func="samverka.platform.auth.tasks.forget_ended_sessions",
        cron="*/15 * * * *",
        queue="maintenance",
    ),
    # Nightly, outside office hours: a broken chain fails the job and shows in RQ's failed registry.
    PeriodicJob(
        id="audit-chain-verify",
        func="samverka.platform.audit.tasks.verify_audit_chain",
        cron="15 2 * * *",
        queue="maintenance",
    ),
    # Daily in the morning, so a reminder arrives while there is still a working day to answer.
    PeriodicJob(
        id="join-invitation-reminders",
        func="samverka.platform.procurements.tasks.send_deadline_reminders",
        cron="0 7 * * *",
        queue="mail",
    ),
    # Daily in the morning: chief executives whose approval of an award is awaited; the coordinator after a week.
    PeriodicJob(
        id="award-approval-reminders",
        func="samverka.platform.awards.tasks.send_award_reminders",
        cron="15 7 * * *",
        queue="mail",
    ),
    # Daily in the morning: the IT coordinators owing a benefit measurement (due, then once more when overdue).
    PeriodicJob(
        id="benefit-measurement-reminders",
        func="samverka.platform.benefits.tasks.send_benefit_reminders",
        cron="30 7 * * *",
        queue="mail",
    ),
    # Nightly per region: catches what a missed or failed per-need job left, and timing that moved with the date.
    PeriodicJob(
        id="nightly-matching",
        func="samverka.platform.matching.tasks.match_all_regions",
        cron="30 1 * * *",
        queue="default",
    ),
    # Daily, before the plan drafts: contracts whose re-procurement falls due get their need or procurement.
    PeriodicJob(
        id="lead-time-planning",
        func="samverka.platform.contracts.tasks.plan_reprocurements",
        cron="0 5 * * *",
        queue="default",
    ),
    # Daily, after the contract register's lead-time job: next year's draft plans pick up new candidates.
    PeriodicJob(
        id="plan-drafts", func="samverka.platform.plans.tasks.refresh_plan_drafts", cron="30 5 * * *", queue="default"
    ),
    # Nightly: municipalities' export archives past their 7 days are deleted (the export is marked expired).
    PeriodicJob(
        id="export-cleanup",
        func="samverka.platform.portability.tasks.expire_exports",
        cron="30 3 * * *",
        queue="maintenance",
    ),
)


def build_scheduler(connection: Redis) -> CronScheduler:
    """A cron scheduler with every periodic job registered (not started)."""
    scheduler = CronScheduler(connection=connection, name=CRON_NAME)
    for job in PERIODIC:
        # Resolved the way the worker will resolve it, so a typo fails here and not at 02:15.
        func = import_attribute(job.func)
        if registry.lookup(job.func).queue != job.queue:
            raise ValueError(f"periodic job {job.id}: {job.func} is a job of another queue than {job.queue!r}")
        scheduler.register(func, job.queue, cron=job.cron, name=job.id)
    return scheduler


def run_cron(app: Flask) -> None:
    """Enqueue the periodic jobs on time until stopped; refuse if another cron process is alive."""
    connection = redis_connection(app)
    if connection is None:
        raise click.ClickException("REDIS_URL is not set: periodic jobs need Redis and a worker.")
    if cron_alive(connection):
        raise click.ClickException(f"another cron process is already running ({CRON_NAME}): run exactly one")
    configure_logging(app)
    build_scheduler(connection).start()


def cron_alive(connection: Redis) -> bool:
    """Whether a cron process registered under ``CRON_NAME`` has sent a heartbeat recently.

    A crashed process leaves its registration behind; ``cleanup`` drops it once stale
    (two minutes), so a restart after a crash waits at most that long.
    """
    cron_scheduler_registry.cleanup(connection)
    return connection.zscore(cron_scheduler_registry.get_registry_key(), CRON_NAME) is not None


def periodic_job(job_id: str) -> PeriodicJob:
    """The periodic job with this stable id, for running it by hand (``samverka jobs run``)."""
    for job in PERIODIC:
        if job.id == job_id:
            return job
    known = ", ".join(job.id for job in PERIODIC)
    raise click.ClickException(f"unknown periodic job {job_id!r}; known: {known}")
