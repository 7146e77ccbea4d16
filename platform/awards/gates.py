"""The gate of the quality check: the purchaser hands over a draft award recommendation and the evaluation report.

Checks have the shape of ``procurements.gates.GateCheck``; ``CHECKS`` is what the app factory registers.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists
from sqlalchemy.orm import Session

from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.procurements.gates import Missing, decided
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.tenders.models import AwardRecommendation

PURCHASER = "purchaser"
NO_RECOMMENDATION = _l("No draft award recommendation has been made from the ranking.")
NO_REPORT = _l("The evaluation report has not been uploaded to the procurement's documents.")


def recommendation_and_report(session: Session, procurement: JointProcurement) -> list[Missing]:
    return decided(session, recommendation_and_report, [procurement])[procurement.id]


def _decided(_session, procurements: Sequence[JointProcurement], values) -> dict[int, list[Missing]]:
    """From whether each procurement has a draft recommendation and an evaluation report."""
    answers: dict[int, list[Missing]] = {}
    for p in procurements:
        recommended, reported = values[p.id]
        answers[p.id] = [
            *([] if recommended else [Missing(PURCHASER, NO_RECOMMENDATION)]),
            *([] if reported else [Missing(PURCHASER, NO_REPORT)]),
        ]
    return answers


# A column check (``procurements.gates.ColumnCheck``): the two facts are sub-selects of the gates' one statement.
recommendation_and_report.columns = (
    exists().where(AwardRecommendation.procurement_id == JointProcurement.id),
    exists().where(
        ProcurementDocument.procurement_id == JointProcurement.id, ProcurementDocument.kind == "evaluation_report"
    ),
)
recommendation_and_report.decide = _decided
CHECKS = {"quality_check": (recommendation_and_report,)}
