"""The shared vocabulary of the procurement domain: countries, currencies, categories and lead times.

Every area names the same things with these codes; they are kept here so that no
area imports another for a word. The category tree and the lead times are seed 003's
(a Swedish municipality's IT category plan, section 4.2 and its planning rules).
"""

from __future__ import annotations

from collections.abc import Mapping

COUNTRIES = ("NO", "SE")
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
