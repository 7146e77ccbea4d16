"""Re-procurement notices: asking for them in batches, and sending a batch so that each goes out once.

The lead-time job asks for one job per ``NOTICES_PER_JOB`` re-procurements instead of one per notice (10,000
jobs, each with its own claim, reads, audit append and outbox updates: about ten minutes; issue 14). The batch
reads what every notice says and whom it tells in two queries, renders them all, and then sends them
``NOTICES_PER_COMMIT`` at a time: those are claimed (``notified_at`` set where still empty), sent, audited and
committed together. So:

* a notice already sent is never sent again: a retry (RQ's, or a second worker given the same ids) claims only
  the notices still un-notified;
* a notice the relay refuses is un-claimed in the same transaction and the others still go; the job then fails,
  and its retry sends only that one (to all its recipients again, as the single job always did);
* a relay that goes away (the connection lost, a timeout) ends the batch: the notices sent before are committed
  as notified, the rest stay un-notified, and the job fails;
* a worker that dies mid-transaction loses that transaction's claims, so its retry sends those notices again:
  at most ``NOTICES_PER_COMMIT`` of them, the window the single job had for its one notice.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import ColumnElement, and_, exists, or_, select, update
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import Entry, record_many
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.mail.mailer import Mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, CURRENCY_LOCALES, RenderedMail, render_mail
from samverka.platform.needs.lifecycle import DRAFT
from samverka.platform.needs.models import Need
from samverka.tenants.models import Region, RoleAssignment, Tenant, User
from samverka.tenants.roles import Role

log = logging.getLogger("samverka.contracts")
NOTICES_JOB = job("samverka.platform.contracts.tasks.send_reprocurement_notices")
NOTICES_PER_JOB = 100  # two workers share 10,000 notices as 100 jobs: few enqueues, an even split at the end
# Notices claimed, audited and committed together: one transaction per notice took 1.6x as long (16.0 s against
# 10.3 s for 1,000 at --scale 0.1), and a worker that dies mid-transaction sends at most these again.
NOTICES_PER_COMMIT = 10
# The relay refused this message (a recipient, its size): the batch's other notices still go.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


class NoticesNotSent(Exception):
    """Some notices of a batch were not sent (the rest were): the job fails, and its retry sends only those."""


@dataclass(frozen=True)
class Notice:
    reprocurement: Reprocurement
    contract: Contract
    locale: str
    mail: RenderedMail
    recipients: list[str]


def ask_for(session: Session, reprocurement_ids: list[int]) -> None:
    """Once the transaction commits, send these re-procurements' notices: one job per ``NOTICES_PER_JOB``."""
    for start in range(0, len(reprocurement_ids), NOTICES_PER_JOB):
        enqueue_after_commit(session, NOTICES_JOB, tuple(reprocurement_ids[start : start + NOTICES_PER_JOB]))


def send(session: Session, principal: Principal, mailer: Mailer, reprocurement_ids: Iterable[int]) -> int:
    """Send the notices of the re-procurements not yet notified, committing as described above; how many went.

    Raises ``NoticesNotSent`` after the others went when the relay refused some.
    """
    notices = _prepared(session, sorted(set(reprocurement_ids)))
    sent, refused = 0, []
    for start in range(0, len(notices), NOTICES_PER_COMMIT):
        done, failed = _send_group(session, principal, mailer, notices[start : start + NOTICES_PER_COMMIT])
        sent, refused = sent + done, refused + failed
    if refused:
        raise NoticesNotSent(f"re-procurements {refused}: the relay refused their notices")
    return sent


def _prepared(session: Session, reprocurement_ids: list[int]) -> list[Notice]:
    """Each un-notified re-procurement's notice, rendered in its owner's language, with its recipients."""
    if not reprocurement_ids:
        return []
    stmt = (
        select(Reprocurement, Contract, Tenant, Region, need_is_draft())
        .join(Contract, Contract.id == Reprocurement.contract_id)
        .outerjoin(Tenant, Tenant.id == Contract.tenant_id)
        .outerjoin(Region, Region.id == Contract.region_id)
        .where(Reprocurement.id.in_(reprocurement_ids), Reprocurement.notified_at.is_(None))
        .order_by(Reprocurement.id)
    )
    rows = session.execute(stmt).all()
    for row in rows:  # kept as read: each group's commit would expire them, and reading one again is a query
        for loaded in row[:4]:
            if loaded is not None and loaded in session:
                session.expunge(loaded)
    recipients = _recipients(session, [contract for _r, contract, *_ in rows])
    return [_notice(*row, recipients) for row in rows]


def _notice(
    reprocurement: Reprocurement,
    contract: Contract,
    tenant: Tenant | None,
    region: Region | None,
    drafted: bool,
    recipients: dict[tuple[int | None, int | None], list[str]],
) -> Notice:
    owner = tenant if contract.tenant_id is not None else region
    locale = COUNTRY_LOCALES[tenant.country] if tenant is not None else CURRENCY_LOCALES[region.currency]
    mail = render_mail(
        "reprocurement_notice",
        (locale, "en"),
        contract=contract.title,
        owner=owner.name,
        supplier=contract.supplier_name,
        last_end=contract.last_end,
        starts_on=reprocurement.starts_on,
        drafted=drafted,
        link=f"{current_app.config['PUBLIC_URL']}/contracts/{contract.id}",
    )
    return Notice(reprocurement, contract, locale, mail, recipients.get((contract.tenant_id, contract.region_id), []))


def need_is_draft() -> ColumnElement[bool]:
    """In a query of re-procurements: true while the need drafted from a municipality's contract waits for the
    municipality to submit it."""
    return exists().where(Need.id == Reprocurement.need_id, Need.status == DRAFT)


def _recipients(session: Session, contracts: list[Contract]) -> dict[tuple[int | None, int | None], list[str]]:
    """Per owner (tenant id, region id), each address once, sorted: a municipality's IT coordinators, a region's
    coordinators; active people only, as ``role_emails`` reads them, for every owner of the batch at once."""
    tenant_ids = sorted({c.tenant_id for c in contracts if c.tenant_id is not None})
    region_ids = sorted({c.region_id for c in contracts if c.tenant_id is None})
    of_tenant = and_(RoleAssignment.tenant_id.in_(tenant_ids), RoleAssignment.role == Role.IT_COORDINATOR.value)
    of_region = and_(RoleAssignment.region_id.in_(region_ids), RoleAssignment.role == Role.COORDINATOR.value)
    stmt = (
        select(RoleAssignment.tenant_id, RoleAssignment.region_id, User.email)
        .join(User, User.id == RoleAssignment.user_id)
        .where(or_(of_tenant, of_region), User.active.is_(True))
        .distinct()
    )
    found: dict[tuple[int | None, int | None], set[str]] = {}
    for tenant_id, region_id, email in session.execute(stmt):
        found.setdefault((tenant_id, None) if tenant_id is not None else (None, region_id), set()).add(email)
    return {owner: sorted(emails) for owner, emails in found.items()}


def _send_group(session: Session, principal: Principal, mailer: Mailer, notices: list[Notice]) -> tuple[int, list[int]]:
    """Claim, send, audit and commit these notices together; the sent count and the ids left un-notified.

    A notice the relay refuses is passed over; any other failure (the relay gone) ends the group, and is raised
    once the notices sent before it are committed as notified.
    """
    claim = (
        update(Reprocurement)
        .where(Reprocurement.id.in_([n.reprocurement.id for n in notices]), Reprocurement.notified_at.is_(None))
        .values(notified_at=utcnow())
        .returning(Reprocurement.id)
        .execution_options(synchronize_session=False)
    )
    claimed = set(session.scalars(claim))
    claimed_notices = [n for n in notices if n.reprocurement.id in claimed]
    sent, failure = [], None
    for notice in claimed_notices:
        try:
            for address in notice.recipients:
                mailer.send(address, notice.mail.subject, notice.mail.text, notice.mail.html)
        except REFUSED:
            continue
        except Exception as error:
            failure = error
            break
        sent.append(notice)
    unsent = sorted(claimed - {n.reprocurement.id for n in sent})
    if unsent:
        session.execute(update(Reprocurement).where(Reprocurement.id.in_(unsent)).values(notified_at=None))
    # Recorded after the sending: appending takes the audit log's head until the commit, and the other worker
    # would wait for it during the SMTP exchange.
    record_many(session, principal, [_notified(n) for n in sent])
    session.commit()
    for notice in sent:
        log.info("re-procurement %s: notice sent to %d recipients", notice.reprocurement.id, len(notice.recipients))
    for reprocurement_id in unsent:
        log.warning("re-procurement %s: its notice was not sent; it stays un-notified", reprocurement_id)
    if failure is not None:
        raise failure
    return len(sent), unsent


def _notified(notice: Notice) -> Entry:
    contract = notice.contract
    return Entry(
        "reprocurement.notify",
        notice.reprocurement,
        tenant_id=contract.tenant_id,
        region_id=contract.region_id,
        summary={"locale": notice.locale, "recipients": len(notice.recipients)},
    )
