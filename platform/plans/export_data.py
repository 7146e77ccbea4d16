"""What an export of an action plan holds: plain values, already read and checked.

The plan services build a ``PlanExport`` for a principal who may export the plan;
the writers in ``exports`` turn it into XLSX, PDF or CSV without touching the
database, so the three formats cannot show different numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ExportShare:
    """One participating tenant's share of one item, in minor units (øre/öre)."""

    tenant_name: str
    one_off_minor: int
    annual_minor: int


@dataclass(frozen=True)
class ExportItem:
    """One plan item; ``shares`` add up exactly to the item's costs."""

    title: str
    category: str  # translated label
    lead_months: int  # how long its procurement runs: the category's standard lead time (the timeline chart)
    priority: int  # 1-3
    start_quarter: str  # "2027-Q2"
    responsible: str
    budget_source: str  # translated label: the plan's budget / the participants' own budgets
    outside_plan: bool
    one_off_minor: int
    annual_minor: int
    shares: tuple[ExportShare, ...]


@dataclass(frozen=True)
class PlanExport:
    region_name: str
    year: int
    version: int
    status: str  # translated, e.g. "Approved 2026-12-04" / "Submitted for approval"
    currency: str  # NOK / SEK
    cost_key: str  # translated, e.g. "30 % equal shares, 70 % by population"
    tenants: tuple[str, ...]  # column order of the cost split: every member tenant
    items: tuple[ExportItem, ...]
    generated_on: date


@dataclass(frozen=True)
class BudgetLine:
    """One tenant's share of one item of one plan year, or of one year's maintenance of a delivered joint
    contract (no plan version, priority or start quarter): the tenant's own budget CSV."""

    year: int
    plan_version: int | None
    item_title: str
    priority: int | None
    start_quarter: str
    budget_source: str
    outside_plan: bool
    one_off_minor: int
    annual_minor: int
    currency: str
