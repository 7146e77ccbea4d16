"""The evaluation's words in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.tenders.evaluation import INCOMPLETE, QUALIFIED, REJECTED

VERDICT_LABELS = {REJECTED: _l("Rejected"), INCOMPLETE: _l("Not fully evaluated"), QUALIFIED: _l("Qualified")}
# Rejected is danger, still to be evaluated is waiting on the purchaser, qualified is done.
VERDICT_COLORS = {REJECTED: "danger", INCOMPLETE: "warning", QUALIFIED: "success"}
COUNTRY_LABELS = {"NO": _l("Norway"), "SE": _l("Sweden")}
CRITERIA_ROWS = 6
