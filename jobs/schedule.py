"""Periodic jobs, declared as data, and the one process that enqueues them.

We use RQ's own cron (``rq.cron.CronScheduler``, RQ 3) rather than the separate
rq-scheduler package: one dependency less, and the periodic jobs run through
the same queues and workers as every other job. Each entry has a stable id,
which RQ uses as the cron job's name (its run history in Redis is kept under it).

Run exactly ONE cron process (``samverka cron``) per Redis: RQ's cron has no
leader election, so two processes would enqueue every job twice. The process
registers under the fixed name ``CRON_NAME``, so a second one is refused while
the first is alive. Cron expressions are read in the process's local time zone:
set ``TZ`` (e.g. ``Europe/Oslo``) for the cron process.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import click
from flask import Flask
from redis import Redis
from rq import cron_scheduler_registry
from rq.cron import CronScheduler
from rq.exceptions import DuplicateSchedulerError

from samverka.jobs.queue import QUEUES, redis_connection

log = logging.getLogger("samverka.jobs")
CRON_NAME = "samverka-cron"


@dataclass(frozen=True)
class PeriodicJob:
    id: str
    func: str
    cron: str
    queue: str = "maintenance"


PERIODIC: tuple[PeriodicJob, ...] = (
    # Nightly, outside office hours: a broken chain fails the job and shows in RQ's failed registry.
    PeriodicJob(id="audit-chain-verify", func="samverka.platform.audit.tasks.verify_audit_chain",
                cron="15 2 * * *", queue="maintenance"),
)


def _resolve(func_path: str):
    module_name, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def build_scheduler(connection: Redis, jobs: Iterable[PeriodicJob] = PERIODIC) -> CronScheduler:
    """A cron scheduler with every periodic job registered (not started)."""
    scheduler = CronScheduler(connection=connection, name=CRON_NAME)
    for job in jobs:
        if job.queue not in QUEUES:
            raise ValueError(f"periodic job {job.id}: unknown queue {job.queue!r}")
        scheduler.register(_resolve(job.func), job.queue, cron=job.cron, name=job.id)
    return scheduler


def run_cron(app: Flask) -> None:
    """Enqueue the periodic jobs on time until stopped; refuse if another cron process is alive."""
    connection = redis_connection(app)
    if connection is None:
        raise click.ClickException("REDIS_URL is not set: periodic jobs need Redis and a worker.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # A crashed cron process leaves its registration behind until it goes stale; clear those first.
    cron_scheduler_registry.cleanup(connection)
    try:
        build_scheduler(connection).start()
    except DuplicateSchedulerError as exc:
        raise click.ClickException(f"another cron process is already running ({CRON_NAME}): run exactly one") from exc
