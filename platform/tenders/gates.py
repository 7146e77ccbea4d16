"""The tenders area's gate for entering competition: award criteria whose weights add up to 100 %.

A gate check has the shape of ``procurements.gates.GateCheck``: ``(session, procurement) ->
list[Missing]``, empty when the gate holds nothing back; ``CHECKS`` is what the app factory registers.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.portable import listed
from samverka.platform.procurements.gates import Missing, decided
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
    return decided(session, award_criteria_weights, [procurement])[procurement.id]


def _weights_decided(_session, procurements: Sequence[JointProcurement], values) -> dict[int, list[Missing]]:
    """From each procurement's weights (none: no criteria), read with the other gates' facts."""
    problems = {p.id: weights_problem(list(values[p.id][0] or ())) for p in procurements}
    return {i: [] if problem is None else [Missing(PURCHASER, str(problem))] for i, problem in problems.items()}


# A column check (``procurements.gates.ColumnCheck``): the weights are a sub-select of the gates' one statement.
award_criteria_weights.columns = (
    select(listed(AwardCriterion.weight)).where(AwardCriterion.procurement_id == JointProcurement.id).scalar_subquery(),
)
award_criteria_weights.decide = _weights_decided


CHECKS = {COMPETITION: (award_criteria_weights,)}
