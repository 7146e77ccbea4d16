"""The delivered demo procurement's business dates, moved back so it was delivered about 14 months ago.

The loader runs every step today through the services; then the system moves the dates people read as the
procurement's history to a plausible timeline ending with the delivery ``DELIVERED_MONTHS_AGO`` months before
today: the needs' submissions, the stage changes, the tenders' receipt, the recommendation and the documents
uploaded before the award, the quality check, the approvals, the award decision and its standstill period, the
contract's signing, the delivery and its copies, and the go-live's confirmation. The contract's own dates and the
go-live day are given as such when they are entered. What is sealed or signed keeps the real time of the load:
the data processing agreement's versions, signatures, evidence and PAdES signatures (their timestamps are signed
and ``samverka signatures verify`` checks them), the signed agreement stored from them, and the audit log (a
hash chain). An audit event ``demo.dated_back`` records each move, so the history says it was done and by whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.awards.models import AwardApproval, AwardDecision, AwardQualityCheck, ContractSigning
from samverka.platform.awards.standstill import last_day
from samverka.platform.contracts.models import Contract
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import months_before, utcnow
from samverka.platform.delivery.models import DeliveredDocument, Delivery, GoLive
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.needs.models import NeedSubmission
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed, StageChange
from samverka.platform.tenders.models import AwardRecommendation, Tender

DELIVERED_MONTHS_AGO = 14
# Days from the delivery at which each stage was entered (negative: before it).
STAGE_DAYS = {
    "draft": -470,
    "preparation": -430,
    "requirements": -360,
    "competition": -250,
    "evaluation": -190,
    "award_recommendation": -150,
    "quality_check": -140,
    "approval": -130,
    "award_decided": -105,
    "standstill": -105,
    "contract_signed": -90,
    "dpa_signed": -20,
    "delivered": 0,
    "in_operation": 45,
}
SUBMITTED_DAYS = -500  # the participants' needs, before the coordinator formed the procurement


@dataclass(frozen=True)
class Timeline:
    delivered_on: date

    @classmethod
    def from_today(cls, today: date) -> Timeline:
        return cls(months_before(today, DELIVERED_MONTHS_AGO))

    def day(self, stage: str) -> date:
        return self.delivered_on + timedelta(days=STAGE_DAYS[stage])

    def at(self, stage: str, clock: time = time(10, 0), days: int = 0) -> datetime:
        return datetime.combine(self.day(stage) + timedelta(days=days), clock)


def date_back_award(session: Session, procurement_id: int, timeline: Timeline) -> None:
    """Up to the award decision: its standstill period ends long before the contract is signed."""
    system = _system(session)
    procurement = session.get(JointProcurement, procurement_id)
    procurement.created_at = timeline.at("draft")
    _needs(session, procurement_id, timeline)
    _stages(session, procurement_id, timeline)
    _tendering(session, procurement_id, timeline)
    _award(session, procurement_id, timeline)
    summary = {"until": "award_decided", "delivered_on": timeline.delivered_on.isoformat()}
    record(session, system, "demo.dated_back", procurement, region_id=procurement.region_id, summary=summary)


def date_back_delivery(session: Session, procurement_id: int, timeline: Timeline) -> None:
    """From the contract's signing to the go-live (the agreement's signatures keep their real time)."""
    system = _system(session)
    procurement = session.get(JointProcurement, procurement_id)
    moved = _stages(session, procurement_id, timeline)
    for signing in _rows(session, ContractSigning, procurement_id):
        signing.signed_at = moved["contract_signed"]
        contract = session.get(Contract, signing.contract_id)  # entered in the register as it was signed
        contract.created_at = contract.updated_at = signing.signed_at
    for delivery in _rows(session, Delivery, procurement_id):
        delivery.delivered_at = moved["delivered"]
    for copy in _rows(session, DeliveredDocument, procurement_id):
        copy.delivered_at = moved["delivered"]
    for go_live in _rows(session, GoLive, procurement_id):
        go_live.confirmed_at = moved["in_operation"]
    summary = {"until": "in_operation", "delivered_on": timeline.delivered_on.isoformat()}
    record(session, system, "demo.dated_back", procurement, region_id=procurement.region_id, summary=summary)


def _system(session: Session) -> Principal:
    system = Principal.system("demo: the delivered procurement's dates moved back")
    bind_principal(session, system)
    return system


def _rows(session: Session, model, procurement_id: int) -> list:
    return list(session.scalars(select(model).where(model.procurement_id == procurement_id).order_by(model.id)))


def _needs(session: Session, procurement_id: int, timeline: Timeline) -> None:
    need_ids = select(ProcurementNeed.need_id).where(ProcurementNeed.procurement_id == procurement_id)
    submissions = session.scalars(select(NeedSubmission).where(NeedSubmission.need_id.in_(need_ids)))
    for number, submission in enumerate(submissions):
        submission.submitted_at = datetime.combine(
            timeline.delivered_on + timedelta(days=SUBMITTED_DAYS + 7 * number), time(11, 0)
        )


def _stages(session: Session, procurement_id: int, timeline: Timeline) -> dict[str, datetime]:
    """Each stage change on its day, in office hours and in the order taken; when each stage was entered."""
    for number, change in enumerate(_rows(session, StageChange, procurement_id)):
        change.changed_at = timeline.at(change.to_stage, time(9, number))
    return {change.to_stage: change.changed_at for change in _rows(session, StageChange, procurement_id)}


def _tendering(session: Session, procurement_id: int, timeline: Timeline) -> None:
    """Tenders received in the weeks before the evaluation, as they were spaced before the evaluation today."""
    moved = timeline.day("evaluation") - utcnow().date()
    for tender in _rows(session, Tender, procurement_id):
        tender.received_on += moved
        tender.created_at = datetime.combine(tender.received_on, time(12, 0))
    for recommendation in _rows(session, AwardRecommendation, procurement_id):
        recommendation.created_at = timeline.at("award_recommendation", time(9, 0), days=-1)
    for document in _rows(session, ProcurementDocument, procurement_id):
        document.uploaded_at = timeline.at("award_recommendation", time(8, 0), days=-2)


def _award(session: Session, procurement_id: int, timeline: Timeline) -> None:
    for check in _rows(session, AwardQualityCheck, procurement_id):
        check.checked_at = timeline.at("approval", time(13, 0))
    for number, approval in enumerate(_rows(session, AwardApproval, procurement_id)):
        approval.requested_at = timeline.at("approval", time(13, 0))
        approval.decided_at = timeline.at("award_decided", time(9 + number, 0), days=number - 6)
    for decision in _rows(session, AwardDecision, procurement_id):
        decision.decided_at = timeline.at("award_decided", time(15, 0))
        decision.decided_on = timeline.day("award_decided")
        decision.standstill_ends_on = last_day(decision.decided_on, decision.standstill_days)
