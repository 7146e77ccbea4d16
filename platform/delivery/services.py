"""When a procurement is ready for delivery, asking for its delivery, and confirming that it went live.

Ready for delivery: the data processing agreement is signed (stage ``dpa_signed``), or the contract is signed
and processes no personal data (stage ``contract_signed``); and the latest ``contract`` document, and the
latest ``dpa`` document when personal data is processed, are there. The delivery itself is a job
(``tasks.deliver_procurement``): it is never run inside a request, and it checks all this again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.contracts.models import Contract
from samverka.platform.contracts.services.contracts import procurement_contract
from samverka.platform.core.errors import Conflict, Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import CURRENCY_COUNTRIES, local_today
from samverka.platform.delivery.models import Delivery, GoLive
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.documents.services import latest_document
from samverka.platform.procurements import running
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import access_procurement
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region

DELIVER_JOB = job("samverka.platform.delivery.tasks.deliver_procurement")
DELIVERED, IN_OPERATION, DPA_SIGNED = "delivered", "in_operation", "dpa_signed"

NOT_SIGNED = _l(
    "The papers cannot be delivered before every signature: the contract must be signed, and the data "
    "processing agreement by every participant when the contract processes personal data."
)
NO_CONTRACT_DOCUMENT = _l("The signed contract is not among the procurement's documents yet.")
NO_DPA_DOCUMENT = _l("The signed data processing agreement is not among the procurement's documents yet.")
ALREADY_DELIVERED = _l("The signed papers have already been delivered.")
NOT_DELIVERED = _l("Only a procurement whose signed papers have been delivered can be confirmed in operation.")
IN_THE_FUTURE = _l("The day it went into operation cannot be in the future.")


@dataclass(frozen=True)
class Readiness:
    """What the delivery would copy, and what stops it (translated reasons; none when ready)."""

    contract: Contract | None
    contract_document: ProcurementDocument | None
    dpa_document: ProcurementDocument | None
    missing: tuple

    @property
    def ready(self) -> bool:
        return not self.missing


def readiness(session: Session, procurement: JointProcurement) -> Readiness:
    """Read with the session's principal: the system, or the region's staff and members (who read all of it)."""
    contract = procurement_contract(session, procurement.id)
    personal = contract is None or contract.processes_personal_data
    contract_document = latest_document(session, procurement, "contract")
    dpa_document = latest_document(session, procurement, "dpa") if personal else None
    # The register's contract naming the procurement is the contract's signature; without it nothing is signed.
    signed = contract is not None and (
        procurement.status == DPA_SIGNED or (procurement.status == CONTRACT_SIGNED and not personal)
    )
    missing = [] if signed else [NOT_SIGNED]
    missing += [] if contract_document else [NO_CONTRACT_DOCUMENT]
    missing += [NO_DPA_DOCUMENT] if personal and dpa_document is None else []
    return Readiness(contract, contract_document, dpa_document, tuple(missing))


def schedule_delivery(session: Session, procurement: JointProcurement) -> bool:
    """The delivery job, after the caller's commit, if the procurement is ready (the other areas' hook)."""
    if not readiness(session, procurement).ready:
        return False
    enqueue_after_commit(session, DELIVER_JOB, procurement.id)
    return True


def request_delivery(session: Session, principal: Principal, procurement_id: int) -> JointProcurement:
    """The coordinator's "Deliver": the job is enqueued; a procurement not ready is a 409 that changes nothing."""
    procurement = access_procurement(session, principal, procurement_id, perm.REGION_PROCUREMENTS_RUN)
    if delivery_of(session, procurement) is not None or procurement.status in (DELIVERED, IN_OPERATION):
        raise Conflict("already_delivered", ALREADY_DELIVERED)
    found = readiness(session, procurement)
    if not found.ready:
        raise Conflict("not_ready_for_delivery", found.missing[0])
    record(session, principal, "procurement.delivery_requested", procurement, region_id=procurement.region_id)
    enqueue_after_commit(session, DELIVER_JOB, procurement.id)
    return procurement


def delivery_of(session: Session, procurement: JointProcurement) -> Delivery | None:
    return session.scalar(select(Delivery).where(Delivery.procurement_id == procurement.id))


def go_live_of(session: Session, procurement: JointProcurement) -> GoLive | None:
    return session.scalar(select(GoLive).where(GoLive.procurement_id == procurement.id))


def confirm_go_live(session: Session, principal: Principal, procurement_id: int, *, day: date) -> JointProcurement:
    """The delivered procurement is in operation from ``day`` (not in the future): ``in_operation``."""
    procurement = access_procurement(session, principal, procurement_id, perm.REGION_PROCUREMENTS_GO_LIVE)
    if procurement.status != DELIVERED:
        raise Conflict("not_delivered", NOT_DELIVERED)
    region = session.get(Region, procurement.region_id)
    if day > local_today(CURRENCY_COUNTRIES[region.currency]):
        raise Refused.field("in_operation_on", IN_THE_FUTURE)
    procurement = running.locked(session, principal, procurement_id, DELIVERED, perm.REGION_PROCUREMENTS_GO_LIVE)
    session.add(
        GoLive(
            procurement_id=procurement.id,
            region_id=procurement.region_id,
            in_operation_on=day,
            confirmed_by_id=principal.user_id,
        )
    )
    running.move(session, principal, procurement, IN_OPERATION, comment=day.isoformat())
    return procurement
