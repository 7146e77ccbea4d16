"""The RQ worker process behind ``samverka worker``.

The worker runs inside the app's context: RQ forks a work horse per job, the
horse inherits that context, and ``@task`` reuses its app instead of building
one per job. Each job still gets its own app context and database session.
"""

from __future__ import annotations

import logging
import platform
from collections.abc import Sequence

import click
from flask import Flask
from rq import SimpleWorker, Worker

from samverka.jobs.queue import QUEUES, redis_connection
from samverka.platform.core import logs

log = logging.getLogger("samverka.jobs")


def configure_logging(app: Flask) -> None:
    """One format (``LOG_FORMAT``) for the app's and RQ's records in the worker and cron processes' output."""
    logs.configure(app.config["LOG_FORMAT"])


def run_worker(app: Flask, queues: Sequence[str] = (), *, fork: bool = True) -> None:
    """Work the named queues (default: all of ``QUEUES``, in that order of priority) until stopped; each job
    in a forked work horse, or (``fork`` False) in this process."""
    connection = redis_connection(app)
    if connection is None:
        raise click.ClickException(
            "REDIS_URL is not set: there is no queue to work. Without Redis, jobs run in-process "
            "in the web app and no worker is needed."
        )
    names = tuple(queues) or QUEUES
    unknown = sorted(set(names) - set(QUEUES))
    if unknown:
        raise click.BadParameter(f"unknown queue(s) {', '.join(unknown)}; known: {', '.join(QUEUES)}")
    configure_logging(app)
    log.info("samverka worker on %s, Python %s", platform.system(), platform.python_version())
    # How often a worker looks for the jobs a dead worker abandoned (RQ's default is 10 minutes): such
    # a job is retried within this long after the dead worker's heartbeat (90 s) has run out.
    maintenance = app.config["WORKER_MAINTENANCE_SECONDS"]
    with app.app_context():
        # The scheduler moves retries whose pause is over back to their queue: without it a failed job
        # would wait in RQ's scheduled registry for ever. RQ lets one worker's scheduler act per queue.
        worker_class = Worker if fork else SimpleWorker
        worker_class(names, connection=connection, maintenance_interval=maintenance).work(with_scheduler=True)
