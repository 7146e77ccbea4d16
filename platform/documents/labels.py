"""Document kinds in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "competition_documents": _l("Competition documents"),
    "requirement_specification": _l("Requirement specification"),
    "risk_assessment": _l("Risk assessment"),
    "evaluation_report": _l("Evaluation report"),
    "award_recommendation": _l("Award recommendation"),
    "contract": _l("Contract"),
    "dpa": _l("Data processing agreement"),
}
