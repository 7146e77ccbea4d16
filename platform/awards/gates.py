"""The gate of the quality check: the purchaser hands over a draft award recommendation and the evaluation report.

Checks have the shape of ``procurements.gates.GateCheck``; ``CHECKS`` is what the app factory registers.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.procurements.gates import Missing
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.tenders.models import AwardRecommendation

PURCHASER = "purchaser"
NO_RECOMMENDATION = _l("No draft award recommendation has been made from the ranking.")
NO_REPORT = _l("The evaluation report has not been uploaded to the procurement's documents.")


def recommendation_and_report(session: Session, procurement: JointProcurement) -> list[Missing]:
    return _for_many(session, [procurement])[procurement.id]


def _for_many(session: Session, procurements: Sequence[JointProcurement]) -> dict[int, list[Missing]]:
    """The check for a page of procurements: two queries (whether each has any of the two), not two per row."""
    ids = [p.id for p in procurements]
    recommended = set(
        session.scalars(select(AwardRecommendation.procurement_id).where(AwardRecommendation.procurement_id.in_(ids)))
    )
    reported = set(
        session.scalars(
            select(ProcurementDocument.procurement_id).where(
                ProcurementDocument.procurement_id.in_(ids), ProcurementDocument.kind == "evaluation_report"
            )
        )
    )
    answers: dict[int, list[Missing]] = {i: [] for i in ids}
    for i in ids:
        if i not in recommended:
            answers[i].append(Missing(PURCHASER, NO_RECOMMENDATION))
        if i not in reported:
            answers[i].append(Missing(PURCHASER, NO_REPORT))
    return answers


recommendation_and_report.for_many = _for_many
CHECKS = {"quality_check": (recommendation_and_report,)}
