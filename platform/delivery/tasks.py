"""The delivery job and its mail.

``deliver_procurement`` locks the procurement's row, does nothing if it was delivered already (a second
run, or two at once: the second waits for the lock and then finds the delivery), checks again that it is
ready, and delivers (``delivering``). Its mail is claimed like the other areas' mail, by a conditional
UPDATE of ``mailed_at``: it goes once; if sending fails the claim rolls back and a retry sends it.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.jobs.runner import task
from samverka.platform.contracts.models import Contract
from samverka.platform.core.extensions import db
from samverka.platform.core.time import CURRENCY_COUNTRIES, utcnow
from samverka.platform.delivery import delivering, services
from samverka.platform.delivery.models import Delivery
from samverka.platform.mail.mailer import get_mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, render_mail
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import participant_ids
from samverka.tenants.models import Region, RoleAssignment, Tenant, User
from samverka.tenants.roles import Role
from samverka.tenants.services.recipients import role_emails

log = logging.getLogger("samverka.delivery")
MAIL_JOB = job("samverka.platform.delivery.tasks.send_delivery_email")


@task("deliver a procurement's signed papers")
def deliver_procurement(procurement_id: int) -> None:
    session = db.session
    procurement = session.scalar(
        select(JointProcurement).where(JointProcurement.id == procurement_id).with_for_update()
    )
    if procurement is None:
        log.info("procurement %s: missing, nothing to deliver", procurement_id)
        return
    if services.delivery_of(session, procurement) is not None:
        log.info("procurement %s: already delivered", procurement_id)
        return
    found = services.readiness(session, procurement)
    if not found.ready:
        log.info("procurement %s: not ready for delivery", procurement_id)
        return
    delivery = delivering.deliver(session, procurement, found)
    enqueue_after_commit(session, MAIL_JOB, delivery.id)


@task("send the delivered papers' e-mail", queue="mail")
def send_delivery_email(delivery_id: int) -> None:
    """Tell each participant's IT coordinators and chief executives, and the partner recipients' readers."""
    session = db.session
    claimed = session.execute(
        update(Delivery).where(Delivery.id == delivery_id, Delivery.mailed_at.is_(None)).values(mailed_at=utcnow())
    )
    if claimed.rowcount != 1:
        log.info("delivery %s: missing or already e-mailed", delivery_id)
        return
    delivery = session.get(Delivery, delivery_id)
    procurement = session.get(JointProcurement, delivery.procurement_id)
    region = session.get(Region, procurement.region_id)
    with_dpa = session.get(Contract, delivery.contract_id).processes_personal_data if delivery.contract_id else True
    sent = 0
    for locale, link, recipients in _groups(session, procurement, region):
        sent += _send(procurement, region, with_dpa, (locale, link, recipients))
    log.info("delivery %s: e-mailed %d recipients", delivery_id, sent)


def _groups(session: Session, procurement: JointProcurement, region: Region) -> list[tuple[str, str, list[str]]]:
    """(language, link to the recipient's documents, addresses) per participant and partner recipient."""
    base = current_app.config["PUBLIC_URL"]
    groups = []
    for tenant in session.scalars(select(Tenant).where(Tenant.id.in_(participant_ids(session, procurement)))):
        addresses = role_emails(session, Role.IT_COORDINATOR, tenant_id=tenant.id)
        addresses += role_emails(session, Role.CHIEF_EXECUTIVE, tenant_id=tenant.id)
        groups.append((COUNTRY_LOCALES[tenant.country], f"{base}/tenants/{tenant.id}/documents", addresses))
    region_locale = COUNTRY_LOCALES[CURRENCY_COUNTRIES[region.currency]]
    for partner_id in delivering.recipient_partner_ids(session, region.id):
        groups.append((region_locale, f"{base}/partners/{partner_id}/documents", _partner_readers(session, partner_id)))
    return groups


def _partner_readers(session: Session, partner_id: int) -> list[str]:
    stmt = (
        select(User.email)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(
            RoleAssignment.partner_id == partner_id,
            RoleAssignment.role == Role.PARTNER_READER.value,
            User.active.is_(True),
        )
    )
    return sorted(set(session.scalars(stmt)))


def _send(procurement: JointProcurement, region: Region, with_dpa: bool, group: tuple[str, str, list[str]]) -> int:
    locale, link, recipients = group
    mail = render_mail(
        "papers_delivered",
        (locale, "en"),
        procurement=procurement.title,
        region=region.name,
        with_dpa=with_dpa,
        link=link,
    )
    mailer = get_mailer(current_app)
    for address in sorted(set(recipients)):
        mailer.send(address, mail.subject, mail.text, mail.html)
    return len(set(recipients))
