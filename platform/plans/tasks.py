"""Jobs of the action plan: drafting (on the coordinator's request, and daily for next year's
drafts) and the mail asking the council of chief executives to vote on a submitted plan.

The daily job runs after the contract register's lead-time job, so that re-procurements
falling due that morning are in the draft the same day. Drafting is idempotent: the
service adds only candidates that are not in the plan yet. The council mail is claimed
by a conditional UPDATE of ``council_mailed_at``, so a repeated run sends nothing.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import update

from samverka.jobs.runner import task
from samverka.platform.audit.services import record
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.core.time import earliest_local_today, utcnow
from samverka.platform.mail.mailer import get_mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, render_mail
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import drafting
from samverka.platform.plans.services.council import Seat, council_seats
from samverka.tenants.models import Region

log = logging.getLogger("samverka.plans")


@task("draft the region's action plan")
def draft_plan(region_id: int, year: int) -> None:
    drafted = drafting.draft(db.session, principal_of(db.session), region_id, year)
    plan_id = drafted.plan.id if drafted.plan else None
    log.info("action plan draft for region %s, %s: plan %s, %d items added", region_id, year, plan_id, drafted.added)


@task("refresh next year's action plan drafts")
def refresh_plan_drafts() -> None:
    refreshed = drafting.refresh_next_year_drafts(db.session, principal_of(db.session), earliest_local_today().year + 1)
    log.info("action plan drafts refreshed in %d regions", refreshed)


@task("ask the council of chief executives to vote", queue="mail")
def send_council_mail(plan_id: int) -> None:
    """Mail every member municipality's chief executive, once, that the plan awaits their vote."""
    session = db.session
    claimed = session.execute(
        update(ActionPlan)
        .where(ActionPlan.id == plan_id, ActionPlan.status == "submitted", ActionPlan.council_mailed_at.is_(None))
        .values(council_mailed_at=utcnow())
    )
    if claimed.rowcount != 1:
        log.info("action plan %s: not submitted, missing or already announced", plan_id)
        return
    plan = session.get(ActionPlan, plan_id)
    region = session.get(Region, plan.region_id)
    link = f"{current_app.config['PUBLIC_URL']}/action-plans/{plan.id}/vote"
    principal = principal_of(session)
    # The same seats the coordinator confirmed before submitting: the number promised is the number sent.
    sent = sum(_mail_chiefs(seat, plan, region.name, link) for seat in council_seats(session, region.id))
    record(
        session,
        principal,
        "action_plan.council_mail",
        plan,
        region_id=plan.region_id,
        summary={"year": plan.year, "version": plan.version, "recipients": sent},
    )
    log.info("action plan %s: council asked to vote, %d recipients", plan_id, sent)


def _mail_chiefs(seat: Seat, plan: ActionPlan, region: str, link: str) -> int:
    """Each chief executive in the municipality's own language; returns how many were mailed."""
    tenant = seat.tenant
    mail = render_mail(
        "plan_submitted",
        (COUNTRY_LOCALES[tenant.country], "en"),
        region=region,
        year=plan.year,
        version=plan.version,
        tenant=tenant.name,
        link=link,
    )
    mailer = get_mailer(current_app)
    for _name, address in seat.chiefs:
        mailer.send(address, mail.subject, mail.text, mail.html)
    return len(seat.chiefs)
