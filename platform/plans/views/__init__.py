"""Pages for action plans: the region's plans, a plan with its cost split and votes, items, the council's
vote, the region's cost-sharing key, the timeline, exports and a municipality's budget lines.

Views translate HTTP into service calls and back. A plan, item, region or tenant out
of reach is a 404 before any form is read; a role that may not act is a 403. Bad
input re-shows the page with what to fix (422) and nothing is written.
"""

from __future__ import annotations

from flask import Blueprint

from samverka.platform.needs.labels import CATEGORY_LABELS, Translated
from samverka.platform.plans import charts, labels

bp = Blueprint("plans", __name__, template_folder="../templates")


@bp.context_processor
def _vocabulary() -> dict:
    # Built for each page: a label a plan's every item shows (category, priority, budget source) is translated once.
    vocabulary = {**labels.template_context(), "category_labels": CATEGORY_LABELS}
    return {
        **{name: Translated(texts) if name.endswith("_labels") else texts for name, texts in vocabulary.items()},
        "plan_timeline_chart": charts.plan_timeline_chart,
        "plan_shares_chart": charts.plan_shares_chart,
    }


from samverka.platform.plans.views import council, items, plans, region  # noqa: E402,F401  (registers the routes)
