"""Jobs that draft action plans: on the coordinator's request, and daily for next year's drafts.

The daily job runs after the contract register's lead-time job, so that re-procurements
falling due that morning are in the draft the same day. Both are idempotent: the
drafting service adds only candidates that are not in the plan yet.
"""
from __future__ import annotations

import logging

from samverka.jobs.runner import task
from samverka.platform.core.extensions import db
from samverka.platform.plans.services import drafting
from samverka.tenants.models.base import utcnow
from samverka.tenants.scoping import principal_of

log = logging.getLogger("samverka.plans")


@task("draft the region's action plan")
def draft_plan(region_id: int, year: int) -> None:
    plan = drafting.draft(db.session, principal_of(db.session), region_id, year)
    log.info("action plan draft for region %s, %s: plan %s", region_id, year, plan.id if plan else None)


@task("refresh next year's action plan drafts")
def refresh_plan_drafts() -> None:
    refreshed = drafting.refresh_next_year_drafts(db.session, principal_of(db.session), utcnow().year + 1)
    log.info("action plan drafts refreshed in %d regions", refreshed)
