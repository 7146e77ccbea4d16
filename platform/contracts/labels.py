"""Translated names for the codes the contract pages show, the dates as they write them, and the CPV helper."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from samverka.platform.cpv import services as cpv
from samverka.platform.needs.labels import CATEGORY_LABELS, STATUS_LABELS, Translated

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
    """Each day as a page writes it (the language's medium date, Flask-Babel's default), formatted once however
    often the page shows it: a register's page and its chart write the same end and re-procurement dates."""

    def __init__(self, locale: str) -> None:
        super().__init__()
        self.locale = locale

    def __missing__(self, day: date) -> str:
        text = self[day] = _date_text(day, self.locale)
        return text


# Babel takes about 15 µs a date and a register's page shows some seventy, most of them the same from one
# request to the next: the text depends on nothing but the day and the language.
@lru_cache(maxsize=8192)
def _date_text(day: date, locale: str) -> str:
    return format_date(day, "medium", locale=locale)


def template_context() -> dict:
    labels = {
        "category_labels": CATEGORY_LABELS,
        "kraljic_labels": KRALJIC_LABELS,
        "dpa_labels": DPA_LABELS,
        "import_status_labels": IMPORT_STATUS_LABELS,
        "need_status_labels": STATUS_LABELS,
        "sort_labels": SORT_LABELS,
    }
    # One of each per rendered page: a register's page names a category on every row.
    translated = {name: Translated(texts) for name, texts in labels.items()}
    return {**translated, "cpv_display": cpv.display, "dates": DateTexts(str(get_locale()))}
