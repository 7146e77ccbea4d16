"""Translated names for the codes the contract pages show, the dates as they write them, and the CPV helper."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
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


class DateTexts(dict):
    """Each day as a page writes it (the language's medium date), formatted once however often the page shows it:
    a register's page and its chart write the same end and re-procurement dates."""

    def __missing__(self, day: date) -> str:
        text = self[day] = format_date(day)
        return text


def template_context() -> dict:
    return {
        "category_labels": CATEGORY_LABELS,
        "kraljic_labels": KRALJIC_LABELS,
        "dpa_labels": DPA_LABELS,
        "import_status_labels": IMPORT_STATUS_LABELS,
        "need_status_labels": STATUS_LABELS,
        "sort_labels": SORT_LABELS,
        "cpv_display": cpv.display,
        "dates": DateTexts(),  # one per rendered page
    }
