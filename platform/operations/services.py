"""What the operator sees of the background jobs: how many are in each state, and which failed and why."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from rq.registry import FailedJobRegistry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.jobs.models import FAILED, STATES, QueuedJob
from samverka.jobs.queue import QUEUES, redis_connection
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants import permissions as perm
from samverka.tenants.access import require


@dataclass(frozen=True)
class JobsOverview:
    counts: dict[str, int]  # jobs in the outbox per state
    failed: Page[QueuedJob]  # the failed ones, the latest first
    rq_failed: int | None  # in RQ's own failed registries (periodic jobs too); None without Redis


def jobs_overview(session: Session, principal: Principal, page: PageRequest = FIRST_PAGE) -> JobsOverview:
    require(principal, perm.PLATFORM_OPERATE)
    found = dict(session.execute(select(QueuedJob.state, func.count()).group_by(QueuedJob.state)).all())
    stmt = select(QueuedJob).where(QueuedJob.state == FAILED)
    failed = paginate(session, stmt, (Order(QueuedJob.updated_at, descending=True), Order(QueuedJob.id)), page)
    return JobsOverview({state: found.get(state, 0) for state in STATES}, failed, _rq_failed())


def _rq_failed() -> int | None:
    connection = redis_connection(current_app)
    if connection is None:
        return None
    return sum(FailedJobRegistry(name, connection=connection).count for name in QUEUES)
