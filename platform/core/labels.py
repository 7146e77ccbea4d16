"""Translated names of the shared vocabulary every page shows: countries, currencies, languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.core.money import money

COUNTRY_LABELS = {"NO": _l("Norway"), "SE": _l("Sweden")}
CURRENCY_LABELS = {"NOK": _l("NOK – Norwegian kroner"), "SEK": _l("SEK – Swedish kronor")}
# Each language is offered in its own name, so that a reader finds theirs whatever the page's language.
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "sv": "Svenska", "en": "English"}


def template_context() -> dict:
    return {
        "money": money,
        "country_labels": COUNTRY_LABELS,
        "currency_labels": CURRENCY_LABELS,
        "language_names": LANGUAGE_NAMES,
    }
