"""The award's mail: the quality check's outcome, a withdrawal's new shares, the decision, reminders.

Each mail is claimed by a conditional UPDATE of its row's ``mailed_at`` (``reminded_at``, ``escalated_at``)
in the job's transaction, so a repeated or concurrent run sends nothing twice; if sending fails, the
transaction rolls back and a retry sends it. Each recipient reads it in their country's language first.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from samverka.jobs.runner import task
from samverka.platform.audit.services import record
from samverka.platform.awards.models import WITHDRAW, AwardApproval, AwardDecision, AwardQualityCheck
from samverka.platform.awards.services import approved_check, participants, shares
from samverka.platform.core.extensions import db
from samverka.platform.core.money import money
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.core.time import CURRENCY_COUNTRIES, utcnow
from samverka.platform.mail.mailer import get_mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, render_mail
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.tenders.models import AwardRecommendation, Tender
from samverka.tenants.models import Region, Tenant
from samverka.tenants.roles import Role
from samverka.tenants.services.recipients import role_emails

log = logging.getLogger("samverka.awards")


def _claim(session: Session, model, row_id: int, column: str = "mailed_at", *conditions) -> bool:
    stamp = getattr(model, column)
    claimed = session.execute(
        update(model).where(model.id == row_id, stamp.is_(None), *conditions).values({column: utcnow()})
    )
    return claimed.rowcount == 1


def _link(procurement: JointProcurement) -> str:
    return f"{current_app.config['PUBLIC_URL']}/procurements/{procurement.id}/award"


def _send(addresses, template: str, locale: str, **context) -> int:
    mail = render_mail(template, (locale, "en"), money=money, **context)
    mailer = get_mailer(current_app)
    for address in sorted(set(addresses)):
        mailer.send(address, mail.subject, mail.text, mail.html)
    return len(set(addresses))


def _tenant_people(session: Session, tenant_id: int, roles=(Role.CHIEF_EXECUTIVE,)) -> list[str]:
    return [address for role in roles for address in role_emails(session, role, tenant_id=tenant_id)]


def _supplier(session: Session, recommendation_id: int) -> str:
    return session.get(Tender, session.get(AwardRecommendation, recommendation_id).tender_id).supplier_name


def _region_locale(region: Region) -> str:
    return COUNTRY_LOCALES[CURRENCY_COUNTRIES[region.currency]]


@task("mail the award's quality check", queue="mail")
def send_quality_check_mail(check_id: int) -> None:
    """Approved: each participant's chief executives are asked to approve. Returned: the purchasers are told."""
    session = db.session
    if not _claim(session, AwardQualityCheck, check_id):
        log.info("award quality check %s: missing or already e-mailed", check_id)
        return
    check = session.get(AwardQualityCheck, check_id)
    procurement = session.get(JointProcurement, check.procurement_id)
    region = session.get(Region, procurement.region_id)
    if check.outcome == "returned":
        sent = _send(
            role_emails(session, Role.PURCHASER, region_id=region.id),
            "award_returned",
            _region_locale(region),
            procurement=procurement.title,
            comment=check.comment,
            link=_link(procurement),
        )
    else:
        sent = _ask_chiefs(session, check, procurement, region)
    summary = {"outcome": check.outcome, "recipients": sent}
    record(session, principal_of(session), "award.quality_check_mailed", check, region_id=region.id, summary=summary)


def _ask_chiefs(session: Session, check: AwardQualityCheck, procurement: JointProcurement, region: Region) -> int:
    taking_part = participants(session, procurement)
    split = shares(session, procurement, check.estimated_value_minor, taking_part)
    supplier = _supplier(session, check.recommendation_id)
    return sum(
        _send(
            _tenant_people(session, p.tenant_id),
            "award_approval_asked",
            COUNTRY_LOCALES[p.country],
            region=region.name,
            procurement=procurement.title,
            supplier=supplier,
            tenant=p.name,
            share_minor=split[p.tenant_id],
            currency=check.currency,
            link=_link(procurement),
        )
        for p in taking_part
    )


@task("mail the participants their share after a withdrawal", queue="mail")
def send_withdrawal_mail(approval_id: int) -> None:
    """The remaining participants' chief executives and IT coordinators: who withdrew, and their new share."""
    session = db.session
    if not _claim(session, AwardApproval, approval_id, "mailed_at", AwardApproval.decision == WITHDRAW):
        log.info("award withdrawal %s: missing or already e-mailed", approval_id)
        return
    withdrawn = session.get(AwardApproval, approval_id)
    procurement = session.get(JointProcurement, withdrawn.procurement_id)
    check = approved_check(session, procurement)
    remaining = participants(session, procurement)
    split = shares(session, procurement, check.estimated_value_minor, remaining)
    sent = sum(
        _send(
            _tenant_people(session, p.tenant_id, (Role.CHIEF_EXECUTIVE, Role.IT_COORDINATOR)),
            "award_share_changed",
            COUNTRY_LOCALES[p.country],
            procurement=procurement.title,
            withdrawn=withdrawn.tenant_name,
            reason=withdrawn.reason,
            tenant=p.name,
            share_minor=split[p.tenant_id],
            currency=check.currency,
            link=_link(procurement),
        )
        for p in remaining
    )
    summary = {"recipients": sent, "remaining": len(remaining)}
    record(
        session,
        principal_of(session),
        "award.withdrawal_mailed",
        withdrawn,
        region_id=withdrawn.region_id,
        summary=summary,
    )


@task("mail the award decision", queue="mail")
def send_decision_mail(decision_id: int) -> None:
    """The region's coordinators and purchasers, and every participant's chief executives and IT coordinators."""
    session = db.session
    if not _claim(session, AwardDecision, decision_id):
        log.info("award decision %s: missing or already e-mailed", decision_id)
        return
    decision = session.get(AwardDecision, decision_id)
    procurement = session.get(JointProcurement, decision.procurement_id)
    region = session.get(Region, procurement.region_id)
    groups: dict[str, set[str]] = {_region_locale(region): set()}
    for role in (Role.COORDINATOR, Role.PURCHASER):
        groups[_region_locale(region)].update(role_emails(session, role, region_id=region.id))
    for p in participants(session, procurement):
        people = _tenant_people(session, p.tenant_id, (Role.CHIEF_EXECUTIVE, Role.IT_COORDINATOR))
        groups.setdefault(COUNTRY_LOCALES[p.country], set()).update(people)
    context = {
        "procurement": procurement.title,
        "supplier": _supplier(session, decision.recommendation_id),
        "ends_on": decision.standstill_ends_on,
        "link": _link(procurement),
    }
    sent = sum(_send(addresses, "award_decided", locale, **context) for locale, addresses in groups.items())
    record(
        session,
        principal_of(session),
        "award.decision_mailed",
        decision,
        region_id=region.id,
        summary={"recipients": sent},
    )


@task("remind the chief executives of awards awaiting approval", queue="mail")
def send_award_reminders() -> None:
    """Daily: each pending approval's chief executives at most once every ``AWARD_REMINDER_DAYS``; the region's
    coordinators once, when an approval has waited ``AWARD_ESCALATION_DAYS``."""
    session, now = db.session, utcnow()
    every, escalate_after = current_app.config["AWARD_REMINDER_DAYS"], current_app.config["AWARD_ESCALATION_DAYS"]
    reminded = escalated = 0
    for approval_id in _waiting(session, now - timedelta(days=every)):
        due = or_(AwardApproval.reminded_at.is_(None), AwardApproval.reminded_at <= now - timedelta(days=every))
        if _claim_again(session, approval_id, "reminded_at", due):
            reminded += _remind(session, session.get(AwardApproval, approval_id), "award_reminder")
    for approval_id in _waiting(session, now - timedelta(days=escalate_after)):
        if _claim(session, AwardApproval, approval_id, "escalated_at", AwardApproval.decision.is_(None)):
            escalated += _remind(session, session.get(AwardApproval, approval_id), "award_escalation", escalate_after)
    log.info("award reminders: %d approvals reminded, %d escalated", reminded, escalated)


def _waiting(session: Session, requested_before) -> list[int]:
    stmt = (
        select(AwardApproval.id)
        .join(JointProcurement, JointProcurement.id == AwardApproval.procurement_id)
        .where(
            AwardApproval.decision.is_(None),
            JointProcurement.status == "approval",
            AwardApproval.requested_at <= requested_before,
        )
        .order_by(AwardApproval.id)
    )
    return list(session.scalars(stmt))


def _claim_again(session: Session, approval_id: int, column: str, due) -> bool:
    """A stamp claimed again once it is old enough (a reminder every few days), by one run only."""
    claimed = session.execute(
        update(AwardApproval)
        .where(AwardApproval.id == approval_id, AwardApproval.decision.is_(None), due)
        .values({column: utcnow()})
    )
    return claimed.rowcount == 1


def _remind(session: Session, approval: AwardApproval, template: str, days: int = 0) -> int:
    procurement = session.get(JointProcurement, approval.procurement_id)
    tenant = session.get(Tenant, approval.tenant_id)
    if template == "award_escalation":
        region = session.get(Region, procurement.region_id)
        addresses, locale = role_emails(session, Role.COORDINATOR, region_id=region.id), _region_locale(region)
    else:
        addresses, locale = _tenant_people(session, tenant.id), COUNTRY_LOCALES[tenant.country]
    sent = _send(
        addresses,
        template,
        locale,
        procurement=procurement.title,
        tenant=tenant.name,
        days=days,
        link=_link(procurement),
    )
    summary = {"template": template, "recipients": sent}
    record(
        session,
        principal_of(session),
        f"award.{template}",
        approval,
        tenant_id=tenant.id,
        region_id=approval.region_id,
        summary=summary,
    )
    return 1
