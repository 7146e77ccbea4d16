"""What the matching engine knows about a need, and the per-need facts it derives.

The pair rules that do not involve text live here too: the CPV hierarchy, timing with
the lead times of seed 003 section 9.1, and current solution/supplier names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from samverka.platform.core.catalogue import lead_time
from samverka.platform.matching.text import TextProfile, fold, profile, vector

KINDS = ("new", "replacement", "upgrade", "initiative")
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


CLOSE_MONTHS = 3  # start dates this close count as the same time
TIMING_FLOOR = 0.6  # factor at a gap of a full lead time; beyond it, the pair is out
UNKNOWN_TIMING = 0.85  # no dates: neither a reason for nor against, so a little less sure;
# an initiative without dates is not procured, so timing is moot (1.0)

CPV_LEVELS = {2: "division", 3: "group", 4: "class", 5: "category"}
# Score by the depth of the shared significant prefix: two needs that both chose the
# catch-all 48000000 share a division and no more.
_CPV_DEPTH_SCORE = (0.0, 0.0, 0.4, 0.55, 0.7, 0.85, 1.0, 1.0, 1.0)

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_VERSION = re.compile(r"^v?\d+[a-z]?$")
_LEGAL_FORMS = frozenset(
    [
        "as",
        "asa",
        "ab",
        "publ",
        "aps",
        "oy",
        "oyj",
        "ltd",
        "limited",
        "inc",
        "gmbh",
        "llc",
        "sa",
        "nv",
        "bv",
        "ks",
        "da",
        "iks",
        "sf",
        "norge",
        "norway",
        "sverige",
        "sweden",
        "danmark",
        "nordic",
        "nordics",
        "scandinavia",
        "group",
    ]
)


@dataclass(frozen=True)
class NeedFeatures:
    """One submitted need (or reported initiative) as the engine sees it."""

    need_id: int
    tenant_id: int
    region_id: int
    kind: str  # one of KINDS
    category: str  # one of CATEGORIES (seed 003 §4.2)
    cpv_codes: tuple[str, ...]  # 8-digit CPV codes without check digit
    title: str
    description: str
    desired_start: str | None = None  # quarter "2027-Q1"
    contract_end: date | None = None
    extension_until: date | None = None
    current_solution: str | None = None
    current_supplier: str | None = None


REASON_CODES = (
    "both_replace",
    "same_solution",
    "same_supplier",
    "timing",
    "cpv_overlap",
    "same_category",
    "similar_text",
    "initiative_overlap",
)


@dataclass(frozen=True)
class Reason:
    """Why needs were grouped, as a code and parameters the UI renders in nb/sv/en."""

    code: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        # The API documents the codes as a closed set: a new kind of reason is added there first.
        if self.code not in REASON_CODES:
            raise ValueError(f"unknown reason code {self.code!r}")


@dataclass(frozen=True)
class Proposal:
    region_id: int
    need_ids: tuple[int, ...]  # sorted, from at least two tenants
    score: float  # 0..1
    reasons: tuple[Reason, ...]
    signature: str  # changes when the group or a member's version changes


@dataclass(frozen=True)
class Window:
    """When the new solution could start, as month numbers (year * 12 + month - 1)."""

    earliest: int
    latest: int


@dataclass(frozen=True)
class Prepared:
    """A need with everything the pair rules compare, computed once."""

    need: NeedFeatures
    text: TextProfile
    vector: dict[int, float]  # text features, see text.vector
    cpv: tuple[str, ...]  # significant digits of each code
    window: Window | None
    lead: int  # months
    solution: str | None
    supplier: str | None


# --- CPV ---------------------------------------------------------------------------


@lru_cache(maxsize=20_000)
def cpv_significant(code: str) -> str:
    """Digits that carry meaning: trailing zeros only pad the code to 8 digits."""
    digits = "".join(ch for ch in code if ch.isdigit())[:8]
    return digits.rstrip("0").ljust(2, "0")


def cpv_depth(a: str, b: str) -> int:
    """Length of the shared prefix of two significant codes."""
    shared = 0
    for x, y in zip(a, b):
        if x != y:
            break
        shared += 1
    return shared


def cpv_similarity(codes_a: Sequence[str], codes_b: Sequence[str]) -> float:
    """0..1 for the best pair of codes; codes are significant digit strings."""
    depths = [cpv_depth(a, b) for a in codes_a for b in codes_b]
    return _CPV_DEPTH_SCORE[max(depths)] if depths else 0.0


def shared_cpv(code_sets: Sequence[Sequence[str]]) -> str | None:
    """The deepest CPV prefix (padded to 8 digits) that every code set reaches, if any."""
    common = None
    for codes in code_sets:
        prefixes = {code[:k] for code in codes for k in range(2, len(code) + 1)}
        common = prefixes if common is None else common & prefixes
    if not common:
        return None
    return max(common, key=lambda p: (len(p), p)).ljust(8, "0")


def cpv_level(code: str) -> str:
    return CPV_LEVELS.get(len(cpv_significant(code)), "code")


# --- timing ------------------------------------------------------------------------


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def quarter_label(month: int) -> str:
    return f"{month // 12}-Q{month % 12 // 3 + 1}"


@lru_cache(maxsize=1_000)
def quarter_start(quarter: str) -> int:
    match = _QUARTER.match(quarter.strip())
    if match is None:
        raise ValueError(f"not a quarter like 2027-Q1: {quarter!r}")
    return int(match.group(1)) * 12 + (int(match.group(2)) - 1) * 3


def window(need: NeedFeatures, today: date, lead: int) -> Window | None:
    """From the desired start to the day after the last possible contract end.

    A joint procurement started today delivers no earlier than today + the lead time,
    so a window is never earlier than that: urgent needs all wait for the same date.
    """
    points = []
    if need.desired_start:
        start = quarter_start(need.desired_start)
        points += [start, start + 2]
    for day in (need.contract_end, need.extension_until):
        if day is not None:
            points.append(month_number(day + timedelta(days=1)))
    if not points:
        return None
    floor = month_number(today) + lead
    return Window(max(min(points), floor), max(max(points), floor))


def timing_factor(gap, tolerance):
    """1 when the windows are close, down to TIMING_FLOOR at one lead time apart, then 0.

    Works on numbers and numpy arrays alike, so the engine and the tests share it.
    """
    gap, tolerance = np.asarray(gap, dtype=float), np.asarray(tolerance, dtype=float)
    slope = np.clip((gap - CLOSE_MONTHS) / np.maximum(tolerance - CLOSE_MONTHS, 1.0), 0.0, 1.0)
    return np.where(gap <= tolerance, 1.0 - (1.0 - TIMING_FLOOR) * slope, 0.0)


# --- names ---------------------------------------------------------------------------


def name_key(name: str | None) -> str | None:
    """A product or company name without versions, legal forms and countries."""
    if not name:
        return None
    tokens = re.findall(r"[a-z0-9]+", fold(name))
    kept = [t for t in tokens if not _VERSION.match(t) and t not in _LEGAL_FORMS]
    return " ".join(kept) or None


def prepare(need: NeedFeatures, today: date, lead_times: Mapping[str, int] | None = None) -> Prepared:
    if need.kind not in KINDS or need.category not in CATEGORIES:
        raise ValueError(f"need {need.need_id}: unknown kind {need.kind!r} or category {need.category!r}")
    lead = lead_time(need.category, lead_times)
    text = profile(need.title, need.description)
    return Prepared(
        need=need,
        text=text,
        vector=vector(text),
        cpv=tuple(sorted({cpv_significant(code) for code in need.cpv_codes})),
        window=window(need, today, lead),
        lead=lead,
        solution=name_key(need.current_solution),
        supplier=name_key(need.current_supplier),
    )
