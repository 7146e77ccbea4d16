"""Translated names for the codes the contract pages show, and money and CPV helpers for the templates."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import format_currency
from flask_babel import lazy_gettext as _l

from samverka.platform.cpv import services as cpv
from samverka.platform.needs.labels import CATEGORY_LABELS, STATUS_LABELS

# Kraljic's purchasing portfolio matrix (seed 003, section 5).
KRALJIC_LABELS = {
    "strategic": _l("Strategic"),
    "bottleneck": _l("Bottleneck"),
    "leverage": _l("Leverage"),
    "routine": _l("Routine"),
}
DPA_LABELS = {
    "not_required": _l("Not required"),
    "missing": _l("Missing"),
    "in_progress": _l("Being negotiated"),
    "signed": _l("Signed"),
}
COUNTRY_LABELS = {"NO": _l("Norway"), "SE": _l("Sweden")}
IMPORT_STATUS_LABELS = {
    "queued": _l("Waiting to start"),
    "running": _l("Importing"),
    "done": _l("Imported"),
    "failed": _l("Failed"),
}
SORT_LABELS = {
    "reprocurement": _l("Re-procurement start"),
    "title": _l("Title"),
    "ends_on": _l("End date"),
    "supplier": _l("Supplier"),
}


def money(minor: int | None, currency: str) -> str:
    return "–" if minor is None else format_currency(Decimal(minor) / 100, currency)


def template_context() -> dict:
    return {"category_labels": CATEGORY_LABELS, "kraljic_labels": KRALJIC_LABELS, "dpa_labels": DPA_LABELS,
            "country_labels": COUNTRY_LABELS, "import_status_labels": IMPORT_STATUS_LABELS,
            "sort_labels": SORT_LABELS, "need_status_labels": STATUS_LABELS, "money": money,
            "cpv_display": cpv.display}
