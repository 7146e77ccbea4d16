"""Money as people type and read it, and as it is stored: integer minor units (øre/öre).

The form field reads "12 500,50" as 1 250 050 øre; ``money`` shows stored amounts in the
page's language; ``kroner_text`` fills an edit form with an amount as it would be typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency
from flask_babel import format_decimal, get_locale
from marshmallow import ValidationError, fields

# The largest amount anywhere in Samverka, in minor units: 10 000 000 000 000 kroner/kronor, far beyond
# any municipal contract, and well inside a bigint so that sums of many amounts stay exact.
MAX_AMOUNT_MINOR = 10**15
# Spaces people and spreadsheets put between thousands: plain, no-break and narrow no-break.
SPACES = re.compile(r"[\s\u00a0\u202f]")
_AMOUNT = re.compile(r"^\d{1,13}(\.\d{1,2})?$")


class KronerField(fields.Field):
    """An amount typed in kroner/kronor, e.g. "12 500,50", loaded as minor units (øre/öre)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = SPACES.sub("", str(value)).replace(",", ".")
        if not _AMOUNT.match(text) or int(Decimal(text) * 100) > MAX_AMOUNT_MINOR:
            raise ValidationError("An amount of 0 or more with at most two decimals.")
        return int(Decimal(text) * 100)


def kroner_text(minor: int | None) -> str:
    """An amount in minor units as a form shows it for editing: kroner/kronor, decimals only when any."""
    return "" if minor is None else format_decimal(Decimal(minor) / 100, format="0.##")


# English writes the currency code against the number ("NOK594,166.67"); a no-break space reads as people write it.
_CODE_FIRST = "¤\u00a0#,##0.00"


def money(minor: int | None, currency: str) -> str:
    """An amount stored in minor units (øre/öre), formatted in the page's language; "–" when unknown."""
    if minor is None:
        return "–"
    return _formatted(minor, currency, str(get_locale() or "en"))


def money_in(currency: str) -> Callable[[int | None], str]:
    """``money`` in one currency for the rest of the request: the page's language is looked up once here, not
    for every amount (an amount whose text is kept: 3.0 µs through ``money``, 0.16 µs here; a plan page shows
    hundreds)."""
    in_page = page_money()
    return lambda minor: in_page(minor, currency)


def page_money() -> Callable[[int | None, str], str]:
    """``money_in`` for a list whose rows may each have their own currency (a region's needs)."""
    locale = str(get_locale() or "en")
    return lambda minor, currency: "–" if minor is None else _formatted(minor, currency, locale)


# Babel takes about 30 µs an amount (its pattern, the locale's symbols, the rounding) and a plan page shows
# hundreds, many of them the same: the text depends on nothing but these three values.
@lru_cache(maxsize=8192)
def _formatted(minor: int, currency: str, locale: str) -> str:
    amount = Decimal(minor) / 100
    pattern = _CODE_FIRST if locale.startswith("en") else None
    return format_currency(amount, currency, format=pattern, locale=locale)
