"""The evaluation, worked out from what was recorded: each tender's verdict, the ranking, whether all failed.

Nothing here is stored: a verdict follows from the answers and scores, so it can never disagree
with them. A tender that does not meet a mandatory requirement is rejected with that requirement
(and the evaluator's comment) as its reason; one with an answer or score still missing is not
ranked yet; the others are ranked by their weighted score (each score 0-10 times its criterion's
weight in per cent: 0 to 1000 points, shown as 0.00 to 10.00), ties by the supplier's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samverka.platform.tenders.models import AwardCriterion, MandatoryRequirement, Tender

REJECTED, INCOMPLETE, QUALIFIED = "rejected", "incomplete", "qualified"


@dataclass(frozen=True)
class Reason:
    requirement: str
    comment: str


@dataclass(frozen=True)
class Verdict:
    tender: Tender
    status: str
    reasons: tuple[Reason, ...] = ()
    points: int | None = None

    @property
    def score(self) -> float | None:
        return None if self.points is None else self.points / 100


@dataclass(frozen=True)
class Evaluation:
    verdicts: list[Verdict]
    ranking: list[Verdict] = field(default_factory=list)

    @property
    def all_rejected(self) -> bool:
        """Every tender failed a mandatory requirement: the page proposes cancelling the procurement."""
        return bool(self.verdicts) and all(v.status == REJECTED for v in self.verdicts)


def verdict(tender: Tender, requirements: list[MandatoryRequirement], criteria: list[AwardCriterion]) -> Verdict:
    answers = {a.requirement_id: a for a in tender.answers}
    reasons = tuple(
        Reason(r.text, answers[r.id].comment) for r in requirements if r.id in answers and not answers[r.id].met
    )
    if reasons:
        return Verdict(tender, REJECTED, reasons)
    scores = {s.criterion_id: s.score for s in tender.scores}
    if any(r.id not in answers for r in requirements) or not criteria or any(c.id not in scores for c in criteria):
        return Verdict(tender, INCOMPLETE)
    return Verdict(tender, QUALIFIED, points=sum(c.weight * scores[c.id] for c in criteria))


def evaluate(
    tenders: list[Tender], requirements: list[MandatoryRequirement], criteria: list[AwardCriterion]
) -> Evaluation:
    verdicts = [verdict(t, requirements, criteria) for t in tenders]
    ranking = sorted(
        (v for v in verdicts if v.status == QUALIFIED), key=lambda v: (-v.points, v.tender.supplier_name.casefold())
    )
    return Evaluation(verdicts, ranking)
