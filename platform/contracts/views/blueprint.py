"""The contract register's blueprint and what every one of its templates may use."""

from __future__ import annotations

from flask import Blueprint

from samverka.platform.contracts import charts, labels
from samverka.platform.core.time import earliest_local_today

bp = Blueprint("contracts", __name__, template_folder="../templates")


@bp.context_processor
def _vocabulary() -> dict:
    return {
        **labels.template_context(),
        "today": earliest_local_today(),
        "contracts_chart": charts.drawn_contracts_chart,
    }
