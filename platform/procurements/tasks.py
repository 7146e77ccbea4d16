"""Mail about invitations to join: when an invitation is sent, and a few days before its deadline.

Each mail is claimed by a conditional UPDATE of ``emailed_at`` or ``reminded_at``
in the job's transaction, so a repeated or concurrent run finds it claimed and
sends nothing; if sending fails, the transaction rolls back and a retry sends it.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.jobs.runner import task
from samverka.platform.audit.services import record
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.core.time import CURRENCY_COUNTRIES, utcnow
from samverka.platform.mail.mailer import get_mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, render_mail
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed, StageChange
from samverka.platform.procurements.services import reminders_due
from samverka.platform.procurements.stages import CANCEL_REASON_LABELS
from samverka.tenants.models import Region, Tenant
from samverka.tenants.roles import Role
from samverka.tenants.services.recipients import role_emails

log = logging.getLogger("samverka.procurements")


@task("send join invitation email", queue="mail")
def send_join_invitation_email(join_invitation_id: int) -> None:
    """Tell the invited municipality's IT coordinators, once, that they are asked to join."""
    session = db.session
    claimed = session.execute(
        update(JoinInvitation)
        .where(JoinInvitation.id == join_invitation_id, JoinInvitation.emailed_at.is_(None))
        .values(emailed_at=utcnow())
    )
    if claimed.rowcount != 1:
        log.info("join invitation %s: missing or already emailed", join_invitation_id)
        return
    _send(session, session.get(JoinInvitation, join_invitation_id), "join_invitation")


@task("send join invitation deadline reminders", queue="mail")
def send_deadline_reminders() -> None:
    """Remind every unanswered invitation whose deadline is within ``JOIN_REMINDER_DAYS``, once each."""
    session = db.session
    for invitation_id in reminders_due(session, utcnow(), current_app.config["JOIN_REMINDER_DAYS"]):
        claimed = session.execute(
            update(JoinInvitation)
            .where(JoinInvitation.id == invitation_id, JoinInvitation.reminded_at.is_(None))
            .values(reminded_at=utcnow())
        )
        if claimed.rowcount == 1:
            _send(session, session.get(JoinInvitation, invitation_id), "join_reminder")


def _send(session: Session, invitation: JoinInvitation, template: str) -> None:
    tenant = session.get(Tenant, invitation.tenant_id)
    locale = COUNTRY_LOCALES[tenant.country]
    link = f"{current_app.config['PUBLIC_URL']}/join-invitations/{invitation.id}"
    mail = render_mail(
        template,
        (locale, "en"),
        procurement=invitation.procurement.title,
        tenant=tenant.name,
        deadline=invitation.deadline,
        link=link,
    )
    recipients = role_emails(session, Role.IT_COORDINATOR, tenant_id=invitation.tenant_id)
    record(
        session,
        principal_of(session),
        f"join_invitation.{template}",
        invitation,
        tenant_id=invitation.tenant_id,
        region_id=invitation.region_id,
        summary={"locale": locale, "recipients": len(recipients)},
    )
    mailer = get_mailer(current_app)
    for address in recipients:
        mailer.send(address, mail.subject, mail.text, mail.html)
    log.info("join invitation %s: %s sent to %d recipients", invitation.id, template, len(recipients))


@task("send procurement cancellation email", queue="mail")
def send_cancellation_email(stage_change_id: int) -> None:
    """Tell the participants' IT coordinators (in their country's language) and the region's partners.

    Claimed like the invitations' mail, by a conditional UPDATE of ``mailed_at``: it goes once.
    """
    session = db.session
    claimed = session.execute(
        update(StageChange)
        .where(StageChange.id == stage_change_id, StageChange.to_stage == "cancelled", StageChange.mailed_at.is_(None))
        .values(mailed_at=utcnow())
    )
    if claimed.rowcount != 1:
        log.info("cancellation %s: missing or already e-mailed", stage_change_id)
        return
    change = session.get(StageChange, stage_change_id)
    procurement = session.get(JointProcurement, change.procurement_id)
    region = session.get(Region, procurement.region_id)
    groups = _cancellation_recipients(session, procurement, region)
    record(
        session,
        principal_of(session),
        "procurement.cancellation_mailed",
        change,
        region_id=change.region_id,
        summary={"recipients": sum(len(r) for r in groups.values())},
    )
    mailer = get_mailer(current_app)
    for locale, recipients in groups.items():
        mail = render_mail(
            "procurement_cancelled",
            (locale, "en"),
            procurement=procurement.title,
            region=region.name,
            reason=CANCEL_REASON_LABELS[change.reason],
            text=change.comment,
            link=f"{current_app.config['PUBLIC_URL']}/procurements/{procurement.id}",
        )
        for address in sorted(recipients):
            mailer.send(address, mail.subject, mail.text, mail.html)


def _cancellation_recipients(session: Session, procurement: JointProcurement, region: Region) -> dict[str, set[str]]:
    """Addresses per language: each participant's IT coordinators, and the region's partner readers."""
    tenants = session.execute(
        select(Tenant.id, Tenant.country)
        .join(ProcurementNeed, ProcurementNeed.tenant_id == Tenant.id)
        .where(ProcurementNeed.procurement_id == procurement.id)
        .distinct()
    ).all()
    groups: dict[str, set[str]] = {}
    for tenant_id, country in tenants:
        groups.setdefault(COUNTRY_LOCALES[country], set()).update(
            role_emails(session, Role.IT_COORDINATOR, tenant_id=tenant_id)
        )
    region_locale = COUNTRY_LOCALES[CURRENCY_COUNTRIES[region.currency]]
    groups.setdefault(region_locale, set()).update(role_emails(session, Role.PARTNER_READER, region_id=region.id))
    return groups
