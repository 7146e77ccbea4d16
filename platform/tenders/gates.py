"""The tenders area's gate for entering competition: award criteria whose weights add up to 100 %.

A gate check has the shape of ``procurements.gates.GateCheck``: ``(session, procurement) ->
list[Missing]``, empty when the gate holds nothing back; ``CHECKS`` is what the app factory registers.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from samverka.platform.procurements.gates import Missing
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.stages import COMPETITION
from samverka.platform.tenders.models import AwardCriterion

PURCHASER = "purchaser"
NO_CRITERIA = _l("The award criteria and their weights have not been set.")
WEIGHTS_NOT_100 = _l("The award criteria's weights add up to %(total)s %%; they must add up to 100 %%.")


def weights_problem(weights: list[int]) -> str | None:
    """What is wrong with a procurement's criteria weights, or None when they add up to 100 %."""
    if not weights:
        return NO_CRITERIA
    total = sum(weights)
    return None if total == 100 else WEIGHTS_NOT_100 % {"total": total}


def award_criteria_weights(session: Session, procurement: JointProcurement) -> list[Missing]:
    """The gate check: the purchaser must set award criteria weighing 100 % in all."""
    return _weights_for_many(session, [procurement])[procurement.id]


def _weights_for_many(session: Session, procurements: Sequence[JointProcurement]) -> dict[int, list[Missing]]:
    """The check for a page of procurements in one query (the overview's), not one per procurement."""
    weights: dict[int, list[int]] = {p.id: [] for p in procurements}
    for procurement_id, weight in session.execute(_WEIGHTS, {"ids": list(weights)}):
        weights[procurement_id].append(weight)
    problems = {procurement_id: weights_problem(found) for procurement_id, found in weights.items()}
    return {i: [] if problem is None else [Missing(PURCHASER, str(problem))] for i, problem in problems.items()}


# Built once, the ids bound: the statement is the same for every page.
_WEIGHTS = select(AwardCriterion.procurement_id, AwardCriterion.weight).where(
    AwardCriterion.procurement_id.in_(bindparam("ids", expanding=True))
)
award_criteria_weights.for_many = _weights_for_many


CHECKS = {COMPETITION: (award_criteria_weights,)}
