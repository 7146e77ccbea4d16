"""Recording one tender's evaluation: yes or no with a comment per mandatory requirement, a score per criterion.

What is sent replaces what was recorded for the requirements and criteria it names; a requirement or
criterion of another procurement is refused, and nothing is written.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.tenders import services
from samverka.platform.tenders.models import Tender, TenderAnswer, TenderScore
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on


def record_evaluation(
    session: Session,
    principal: Principal,
    tender: Tender,
    *,
    answers: list[dict],
    scores: list[dict],
) -> Tender:
    """``answers``: {requirement_id, met, comment}; ``scores``: {criterion_id, score (0-10)}."""
    require_on(principal, tender, perm.REGION_TENDERS_WRITE)
    procurement = session.get(JointProcurement, tender.procurement_id)
    services.require_in_competition(procurement)
    requirement_ids = {r.id for r in services.requirements_of(session, procurement)}
    criterion_ids = {c.id for c in services.criteria_of(session, procurement)}
    if not {a["requirement_id"] for a in answers} <= requirement_ids:
        raise Refused.field("answers", services.NOT_EVALUATED_HERE)
    if not {s["criterion_id"] for s in scores} <= criterion_ids:
        raise Refused.field("scores", services.NOT_EVALUATED_HERE)
    _answers(tender, answers)
    _scores(tender, scores)
    session.flush()
    summary = {"answers": answers, "scores": scores}
    record(session, principal, "tender.evaluate", tender, region_id=tender.region_id, summary=summary)
    return tender


def _answers(tender: Tender, answers: list[dict]) -> None:
    recorded = {a.requirement_id: a for a in tender.answers}
    for answer in answers:
        row = recorded.get(answer["requirement_id"])
        if row is None:
            row = TenderAnswer(region_id=tender.region_id, requirement_id=answer["requirement_id"])
            tender.answers.append(row)
        row.met, row.comment = answer["met"], answer.get("comment", "")


def _scores(tender: Tender, scores: list[dict]) -> None:
    recorded = {s.criterion_id: s for s in tender.scores}
    for score in scores:
        row = recorded.get(score["criterion_id"])
        if row is None:
            row = TenderScore(region_id=tender.region_id, criterion_id=score["criterion_id"])
            tender.scores.append(row)
        row.score = score["score"]
