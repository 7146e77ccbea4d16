"""The daily reminder of benefit measurements due and overdue, to each municipality's IT coordinators.

Each (line, period, kind) is claimed by inserting its ``BenefitReminder`` row in the job's transaction: the
unique key makes a repeated or concurrent run find it (the second waits for the first's commit, then fails
to insert) and send nothing twice; if sending fails, the transaction rolls back and a retry sends it. A
period overdue when first found is reminded once, as overdue. One mail per municipality and run, in its
country's language first, listing every measurement it owes.
"""

from __future__ import annotations

import logging
from itertools import groupby

from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.jobs.runner import task
from samverka.platform.audit.services import record
from samverka.platform.benefits import labels
from samverka.platform.benefits.models import BenefitReminder
from samverka.platform.benefits.services.due import Missing, missing_measurements
from samverka.platform.benefits.services.follow_up import OVERDUE, overdue_days
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.core.time import local_today
from samverka.platform.mail.mailer import get_mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, render_mail
from samverka.tenants.roles import Role
from samverka.tenants.services.recipients import role_emails

log = logging.getLogger("samverka.benefits")


@task("remind municipalities of benefit measurements due", queue="mail")
def send_benefit_reminders() -> None:
    session = db.session
    missing = missing_measurements(session, local_today)
    mailed = 0
    for tenant_id, owed in groupby(missing, key=lambda item: item.tenant_id):
        claimed = [item for item in owed if _claim(session, item)]
        if claimed:
            mailed += _mail(session, tenant_id, claimed)
    log.info("benefit reminders: %d measurements owed, %d municipalities e-mailed", len(missing), mailed)


def _claim(session: Session, item: Missing) -> bool:
    """This reminder, once: a row another run (or an earlier one) inserted makes the insert fail."""
    try:
        with session.begin_nested():
            session.add(BenefitReminder(line=item.line, period_start=item.period.start, kind=item.state))
            session.flush()
    except IntegrityError:
        return False
    return True


def _mail(session: Session, tenant_id: int, claimed: list[Missing]) -> int:
    addresses = role_emails(session, Role.IT_COORDINATOR, tenant_id=tenant_id)
    first = claimed[0]
    base = current_app.config["PUBLIC_URL"]
    locale = COUNTRY_LOCALES[first.country]
    mail = render_mail(
        "benefit_reminder",
        (locale, "en"),
        tenant=first.tenant_name,
        items=[_item(item, base) for item in claimed],
        overdue=any(item.state == OVERDUE for item in claimed),
        days=overdue_days(),
        period_label=labels.period_label,  # each period named in the language the mail is rendered in
        link=f"{base}/tenants/{tenant_id}/benefit-follow-up",
    )
    mailer = get_mailer(current_app)
    for address in addresses:
        mailer.send(address, mail.subject, mail.text, mail.html)
    summary = {"recipients": len(addresses), "due": sum(i.state != OVERDUE for i in claimed)}
    summary["overdue"] = len(claimed) - summary["due"]
    record(session, principal_of(session), "benefit.reminders_sent", None, tenant_id=tenant_id, summary=summary)
    return 1 if addresses else 0


def _item(item: Missing, base: str) -> dict:
    """What the mail lists; the period is named in each language as the mail is rendered."""
    return {
        "need": item.need_title,
        "benefit": item.line.description,
        "kind": item.line.follow_up_period,
        "period": item.period,
        "overdue": item.state == OVERDUE,
        "link": f"{base}/benefit-plans/{item.plan_id}/follow-up#line-{item.line.id}",
    }
