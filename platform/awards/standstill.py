"""The standstill period after an award decision, per country, as data (``data/standstill.json``).

Norway: anskaffelsesforskriften § 20-3 (karensperiode), 10 days. Sweden: LOU 20 kap. 1 § (avtalsspärr),
10 days when the decision is sent electronically, as the platform sends it. The period counts from the
day after the decision: decided on the 1st, its last day is the 11th, and the contract may be signed
from the 12th. Participants from both countries (not expected, but possible) wait for the longer one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "standstill.json"


@dataclass(frozen=True)
class Standstill:
    country: str
    days: int
    rule: str


@cache
def rules() -> dict[str, Standstill]:
    loaded = json.loads(DATA.read_text(encoding="utf-8"))
    return {country: Standstill(country, entry["days"], entry["rule"]) for country, entry in loaded.items()}


def for_countries(countries: set[str]) -> Standstill:
    """The rule of the participants' country; the longest when they are from several."""
    known = rules()
    chosen = [known[c] for c in sorted(countries) if c in known] or [known["NO"]]
    return max(chosen, key=lambda rule: rule.days)


def last_day(decided_on: date, days: int) -> date:
    """The period's last day: ``days`` full days after the day of the decision."""
    return decided_on + timedelta(days=days)


def first_signing_day(ends_on: date) -> date:
    return ends_on + timedelta(days=1)
