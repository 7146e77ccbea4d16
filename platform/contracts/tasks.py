"""Jobs of the contract register: the daily lead-time planning, CSV imports, and re-procurement notices.

Each job takes ids (or nothing), reloads what it needs as the system, and can be
run again safely: a planned period, a finished import and a sent notice are each
claimed by a database write that a second run finds already taken.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.jobs.runner import task
from samverka.platform.audit.services import record
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.contracts.services import imports, schedule
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.core.time import earliest_local_today, utcnow
from samverka.platform.mail.mailer import get_mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, CURRENCY_LOCALES, render_mail
from samverka.tenants.models import Region, Tenant
from samverka.tenants.roles import Role
from samverka.tenants.services.recipients import role_emails

log = logging.getLogger("samverka.contracts")


@task("plan re-procurements from the contract register")
def plan_reprocurements(on: str | None = None, batch: int = schedule.PLAN_BATCH) -> int:
    """Create the re-procurements due by the planning horizon; ``on`` (an ISO instant, UTC) replaces now in tests.

    Each contract is planned on its owner's local date (a municipality's, or its region's); ``batch`` contracts
    are planned and committed together.
    """
    session = db.session
    now = datetime.fromisoformat(on) if on else utcnow()
    created, rules = 0, schedule.OwnerRules(now)
    with schedule.matching_once_per_region(session):
        due = schedule.due_contract_ids(session, rules, earliest_local_today(now))
        for start in range(0, len(due), batch):
            session.commit()  # one transaction per batch of contracts, beginning with their claims
            ids = due[start : start + batch]
            created += len(schedule.plan_contracts(session, principal_of(session), ids, now, rules))
    session.commit()
    log.info("lead-time planning at %s: %d re-procurements created", now.isoformat(), created)
    return created


@task("import a contract register file")
def run_import(import_id: int) -> None:
    session = db.session
    if not imports.claim(session, import_id):
        log.info("contract import %s: missing or already taken", import_id)
        return
    session.commit()
    try:
        batch = current_app.config.get("CONTRACT_IMPORT_BATCH", 100)
        imports.run(session, principal_of(session), import_id, batch, utcnow())
        session.commit()
    except imports.ImportRefused as exc:  # the file was valid when uploaded; a rule changed since
        session.rollback()
        imports.fail(session, import_id, exc.report())
    except Exception:
        # Nothing was imported; the page says so instead of showing "importing" for ever.
        session.rollback()
        imports.fail(session, import_id, [])
        raise
    log.info("contract import %s finished", import_id)


@task("send a re-procurement notice", queue="mail")
def send_reprocurement_notice(reprocurement_id: int) -> None:
    """Tell the owner (a tenant's IT coordinators, a region's coordinators) once that re-procurement is due."""
    session = db.session
    claim = (
        update(Reprocurement)
        .where(Reprocurement.id == reprocurement_id, Reprocurement.notified_at.is_(None))
        .values(notified_at=utcnow())
        .returning(Reprocurement)
    )
    reprocurement = session.scalars(claim).one_or_none()
    if reprocurement is None:
        log.info("re-procurement %s: missing or already notified", reprocurement_id)
        return
    _send(session, reprocurement)


def _notice(session: Session, reprocurement: Reprocurement) -> tuple[Contract, Tenant | Region, bool]:
    """The contract, its owner and whether the need waits as a draft: what a notice says, in one statement."""
    stmt = (
        select(Contract, Tenant, Region, schedule.need_is_draft())
        .select_from(Reprocurement)
        .join(Contract, Contract.id == Reprocurement.contract_id)
        .outerjoin(Tenant, Tenant.id == Contract.tenant_id)
        .outerjoin(Region, Region.id == Contract.region_id)
        .where(Reprocurement.id == reprocurement.id)
    )
    contract, tenant, region, drafted = session.execute(stmt).one()
    return contract, tenant if contract.tenant_id is not None else region, drafted


def _send(session: Session, reprocurement: Reprocurement) -> None:
    contract, owner, drafted = _notice(session, reprocurement)
    if contract.tenant_id is not None:
        locale = COUNTRY_LOCALES[owner.country]
        recipients = role_emails(session, Role.IT_COORDINATOR, tenant_id=owner.id)
    else:
        locale = CURRENCY_LOCALES[owner.currency]
        recipients = role_emails(session, Role.COORDINATOR, region_id=owner.id)
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
    mailer = get_mailer(current_app)
    for address in recipients:
        mailer.send(address, mail.subject, mail.text, mail.html)
    # Recorded after the sending: appending takes the audit log's head until the commit, and the other
    # workers' notices wait for it. A failed send still rolls back the claim (RQ retries), as before.
    record(
        session,
        principal_of(session),
        "reprocurement.notify",
        reprocurement,
        tenant_id=contract.tenant_id,
        region_id=contract.region_id,
        summary={"locale": locale, "recipients": len(recipients)},
    )
    log.info("re-procurement %s: notice sent to %d recipients", reprocurement.id, len(recipients))
