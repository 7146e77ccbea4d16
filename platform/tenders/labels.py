"""The evaluation's words in the reader's language."""

from __future__ import annotations

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from samverka.platform.core.catalogue import ISO_COUNTRIES
from samverka.platform.tenders.evaluation import INCOMPLETE, QUALIFIED, REJECTED

VERDICT_LABELS = {REJECTED: _l("Rejected"), INCOMPLETE: _l("Not fully evaluated"), QUALIFIED: _l("Qualified")}
# Rejected is danger, still to be evaluated is waiting on the purchaser, qualified is done.
VERDICT_COLORS = {REJECTED: "danger", INCOMPLETE: "warning", QUALIFIED: "success"}
COUNTRY_LABELS = {"NO": _l("Norway"), "SE": _l("Sweden")}
CRITERIA_ROWS = 6
SUB_PROCESSOR_ROWS = 4  # empty rows the tender form offers; a tender with more is recorded through the API


def country_name(code: str) -> str:
    """A country's name in the reader's language (CLDR's), e.g. "USA" for US in bokmål."""
    return Locale.parse(str(get_locale())).territories.get(code, code)


def country_options() -> list[tuple[str, str]]:
    """Every ISO 3166 country as (code, name), by name in the reader's language."""
    return sorted(((code, country_name(code)) for code in ISO_COUNTRIES), key=lambda option: option[1])
