"""The gate of the quality check: the purchaser hands over a draft award recommendation and the evaluation report.

Checks have the shape of ``procurements.gates.GateCheck``; ``CHECKS`` is what the app factory registers.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from samverka.platform.documents.services import latest_document
from samverka.platform.procurements.gates import Missing
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.tenders.recommendation import latest_recommendation

PURCHASER = "purchaser"
NO_RECOMMENDATION = _l("No draft award recommendation has been made from the ranking.")
NO_REPORT = _l("The evaluation report has not been uploaded to the procurement's documents.")


def recommendation_and_report(session: Session, procurement: JointProcurement) -> list[Missing]:
    missing = []
    if latest_recommendation(session, procurement) is None:
        missing.append(Missing(PURCHASER, NO_RECOMMENDATION))
    if latest_document(session, procurement, "evaluation_report") is None:
        missing.append(Missing(PURCHASER, NO_REPORT))
    return missing


CHECKS = {"quality_check": (recommendation_and_report,)}
