"""The shared vocabulary of the procurement domain: countries, currencies, categories and lead times.

Every area names the same things with these codes; they are kept here so that no
area imports another for a word. The category tree and the lead times are seed 003's
(a Swedish municipality's IT category plan, section 4.2 and its planning rules).
"""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale

COUNTRIES = ("NO", "SE")

# ISO 3166-1 alpha-2: every two-letter territory CLDR names, less the codes ISO only reserves (AC, CP, ...)
# or leaves to users (QO, XA, XK, ZZ ...) and the groupings (EU, EZ, UN). Names come from CLDR when shown.
_NOT_ISO_3166 = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})
ISO_COUNTRIES = frozenset(
    code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code not in _NOT_ISO_3166
)
# The EEA: the EU's 27 and Iceland, Liechtenstein and Norway. Personal data leaving it is a third-country transfer.
EEA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IS",
        "IT",
        "LI",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
CURRENCIES: Mapping[str, str] = {"NO": "NOK", "SE": "SEK"}
CURRENCY_CODES = tuple(CURRENCIES.values())

CATEGORIES = (
    "software_licences",
    "business_systems",
    "it_hardware",
    "welfare_technology",
    "it_as_a_service",
    "it_consultants",
    "telecom",
    "other_it",
)

# Months a re-procurement needs before the contract it replaces ends (seed 003):
# two years for business systems, 18 months for hardware and consultants, a year otherwise.
DEFAULT_LEAD_TIMES: Mapping[str, int] = {"business_systems": 24, "it_hardware": 18, "it_consultants": 18}
DEFAULT_LEAD_TIME = 12


def lead_time(category: str, lead_times: Mapping[str, int] | None = None) -> int:
    """The lead time of ``category`` in months: a region's own setting, else the default."""
    merged = {**DEFAULT_LEAD_TIMES, **(lead_times or {})}
    return merged.get(category, DEFAULT_LEAD_TIME)
