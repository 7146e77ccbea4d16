"""Jobs of the contract register: the daily lead-time planning, CSV imports, and re-procurement notices.

Each job takes ids (or nothing), reloads what it needs as the system, and can be
run again safely: a planned period, a finished import and a sent notice are each
claimed by a database write that a second run finds already taken.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from samverka.jobs.runner import task
from samverka.platform.contracts.services import imports, notices, schedule
from samverka.platform.core.extensions import db
from samverka.platform.core.memory import cyclic_gc_paused
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.core.time import earliest_local_today, utcnow
from samverka.platform.mail.mailer import get_mailer

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
    # The session holds every contract, code, need and audit event of the file until the commit (10,000 lines:
    # 10,000 contracts, 3,282 needs, 19,847 events): a third of the job's CPU time at 1,000 lines went to cyclic
    # collections rescanning them.
    with cyclic_gc_paused():
        _import(session, import_id)
    log.info("contract import %s finished", import_id)


def _import(session, import_id: int) -> None:
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


@task("send a re-procurement notice", queue="mail")
def send_reprocurement_notice(reprocurement_id: int) -> None:
    """Tell the owner (a tenant's IT coordinators, a region's coordinators) once that re-procurement is due.

    The lead-time job asks for ``send_reprocurement_notices`` now; this one stays for the jobs queued before.
    """
    _send_notices([reprocurement_id])


@task("send re-procurement notices", queue="mail")
def send_reprocurement_notices(reprocurement_ids: list[int]) -> None:
    """Each re-procurement's notice, once, over this worker's SMTP connection (``services.notices``)."""
    _send_notices(reprocurement_ids)


def _send_notices(reprocurement_ids: list[int]) -> None:
    """In the running job's session: calling the other job would start a second run of its own (app context,
    outbox marks)."""
    session = db.session
    sent = notices.send(session, principal_of(session), get_mailer(current_app), reprocurement_ids)
    log.info("re-procurement notices: %d of %d sent", sent, len(reprocurement_ids))
