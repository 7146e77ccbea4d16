"""Reading an award: the recommendation checked, the participants and their shares, the approvals, the decision.

The award is read by whoever reads the procurement's evaluation (the region's staff and its members'
users, ``region:tenders:read``); partners follow the stage on the procurement's page. Participants'
names, populations and countries are read as the platform (a chief executive reads only their own
municipality), as plain columns, after the caller has reached the procurement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.awards.models import AwardApproval, AwardDecision, AwardQualityCheck, ContractSigning
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.documents.services import latest_document
from samverka.platform.plans import sharing
from samverka.platform.plans.services.shares import cost_key
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.services import access_procurement
from samverka.platform.tenders.evaluation import Verdict
from samverka.platform.tenders.models import AwardCriterion, AwardRecommendation, Tender
from samverka.platform.tenders.recommendation import latest_recommendation
from samverka.platform.tenders.services import criteria_of, evaluation_of
from samverka.tenants import permissions as perm
from samverka.tenants.models import Tenant

AWARD_READ = perm.REGION_TENDERS_READ


@dataclass(frozen=True)
class Participant:
    tenant_id: int
    name: str
    country: str
    population: int


@dataclass(frozen=True)
class Score:
    criterion: str
    weight: int
    score: int | None


@dataclass
class AwardState:
    """Everything the award page and ``GET .../award`` show, at the procurement's current stage."""

    procurement: JointProcurement
    recommendation: AwardRecommendation | None = None
    tender: Tender | None = None
    points: int | None = None
    scores: list[Score] = field(default_factory=list)
    report: ProcurementDocument | None = None
    contract_document: ProcurementDocument | None = None
    checks: list[AwardQualityCheck] = field(default_factory=list)
    approvals: list[AwardApproval] = field(default_factory=list)
    shares: dict[int, int] = field(default_factory=dict)
    currency: str | None = None
    value_minor: int | None = None  # the estimated value the participants' shares are cut from
    decision: AwardDecision | None = None
    signing: ContractSigning | None = None

    @property
    def check(self) -> AwardQualityCheck | None:
        """The latest quality check."""
        return self.checks[-1] if self.checks else None

    @property
    def score(self) -> float | None:
        return None if self.points is None else self.points / 100


def access_award(session: Session, principal: Principal, procurement_id: int) -> JointProcurement:
    return access_procurement(session, principal, procurement_id, AWARD_READ)


def checks_of(session: Session, procurement: JointProcurement) -> list[AwardQualityCheck]:
    stmt = select(AwardQualityCheck).where(AwardQualityCheck.procurement_id == procurement.id)
    return list(session.scalars(stmt.order_by(AwardQualityCheck.id)))


def approved_check(session: Session, procurement: JointProcurement) -> AwardQualityCheck | None:
    """The quality check the participants were asked to approve on (the latest approved one)."""
    stmt = select(AwardQualityCheck).where(
        AwardQualityCheck.procurement_id == procurement.id, AwardQualityCheck.outcome == "approved"
    )
    return session.scalar(stmt.order_by(AwardQualityCheck.id.desc()).limit(1))


def approvals_of(session: Session, procurement: JointProcurement, recommendation_id: int) -> list[AwardApproval]:
    stmt = select(AwardApproval).where(
        AwardApproval.procurement_id == procurement.id, AwardApproval.recommendation_id == recommendation_id
    )
    return list(session.scalars(stmt.order_by(AwardApproval.tenant_name, AwardApproval.id)))


def decision_of(session: Session, procurement: JointProcurement) -> AwardDecision | None:
    return session.scalar(select(AwardDecision).where(AwardDecision.procurement_id == procurement.id))


def signing_of(session: Session, procurement: JointProcurement) -> ContractSigning | None:
    return session.scalar(select(ContractSigning).where(ContractSigning.procurement_id == procurement.id))


def participants(session: Session, procurement: JointProcurement) -> list[Participant]:
    """The municipalities with a need in the procurement, by name (read as the platform: see the module)."""
    with acting_as(session, Principal.system("award: the participating municipalities")):
        rows = session.execute(
            select(Tenant.id, Tenant.name, Tenant.country, Tenant.population)
            .where(
                Tenant.id.in_(select(ProcurementNeed.tenant_id).where(ProcurementNeed.procurement_id == procurement.id))
            )
            .order_by(Tenant.name, Tenant.id)
        ).all()
    return [Participant(*row) for row in rows]


def shares(session: Session, procurement: JointProcurement, value_minor: int, tenants: list[Participant]) -> dict:
    """Each participant's share of ``value_minor`` under the region's cost key (tenant id -> minor units)."""
    if not tenants:
        return {}
    with acting_as(session, Principal.system("award: the region's cost key")):
        key = cost_key(session, procurement.region_id)
    weights = sharing.weights(
        key.method, key.equal_percent, {t.tenant_id: t.population for t in tenants}, dict(key.fixed)
    )
    return sharing.split(value_minor, weights)


def _recommended(session: Session, principal: Principal, state: AwardState, recommendation) -> None:
    """The recommended tender, its weighted score and its score per criterion (the evaluation's own)."""
    state.recommendation = recommendation
    evaluation = evaluation_of(session, principal, state.procurement)
    verdict: Verdict | None = next((v for v in evaluation.verdicts if v.tender.id == recommendation.tender_id), None)
    state.tender = verdict.tender if verdict else session.get(Tender, recommendation.tender_id)
    state.points = recommendation.points
    marks = {s.criterion_id: s.score for s in state.tender.scores}
    criteria: list[AwardCriterion] = criteria_of(session, state.procurement)
    state.scores = [Score(c.name, c.weight, marks.get(c.id)) for c in criteria]


def award_state(session: Session, principal: Principal, procurement_id: int) -> AwardState:
    procurement = access_award(session, principal, procurement_id)
    state = AwardState(procurement)
    state.checks = checks_of(session, procurement)
    asked = approved_check(session, procurement)
    recommendation = (
        session.get(AwardRecommendation, asked.recommendation_id)
        if asked
        else latest_recommendation(session, procurement)
    )
    if recommendation is not None:
        _recommended(session, principal, state, recommendation)
    state.report = latest_document(session, procurement, "evaluation_report")
    state.contract_document = latest_document(session, procurement, "contract")
    if asked is not None:
        state.approvals = approvals_of(session, procurement, asked.recommendation_id)
        state.currency, state.value_minor = asked.currency, asked.estimated_value_minor
        state.shares = shares(session, procurement, asked.estimated_value_minor, participants(session, procurement))
    state.decision = decision_of(session, procurement)
    state.signing = signing_of(session, procurement)
    return state
