"""Translated names for the award's codes, as the award page shows them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.contracts.labels import KRALJIC_LABELS

OUTCOME_LABELS = {"approved": _l("Approved"), "returned": _l("Returned to the evaluation")}
DECISION_LABELS = {"approved": _l("Approved"), "withdrawn": _l("Withdrawn"), None: _l("Awaiting decision")}
DECISION_COLORS = {"approved": "success", "withdrawn": "danger", None: "warning"}
# The e-ID levels as people know them (ID-porten's and the Swedish assurance levels); others are shown as sent.
LEVEL_LABELS = {
    "idporten-loa-high": _l("High (ID-porten)"),
    "idporten-loa-substantial": _l("Substantial (ID-porten)"),
    "http://id.elegnamnden.se/loa/1.0/loa4": _l("LoA 4 (Swedish e-ID)"),
    "http://id.elegnamnden.se/loa/1.0/loa3": _l("LoA 3 (Swedish e-ID)"),
}

__all__ = ["DECISION_COLORS", "DECISION_LABELS", "KRALJIC_LABELS", "LEVEL_LABELS", "OUTCOME_LABELS"]
