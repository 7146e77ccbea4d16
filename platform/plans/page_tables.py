"""The plan page's cost split as the template writes it: every cell's text made once, in Python.

A plan's split is items times member municipalities, twice (one-off and annual): the template only
writes the texts instead of looking up and formatting each cell (``money`` keeps each distinct amount's
text, so the amounts that repeat are formatted once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from samverka.platform.core.titles import localized_title

NO_SHARE = "–"  # a member that takes no part in the item


Amount = Callable[[int], str]  # an amount in minor units as the page shows it in its currency


@dataclass(frozen=True)
class SplitRow:
    title: str
    cells: tuple[str, ...]  # one per member column, then the item's own cost


@dataclass(frozen=True)
class SplitTable:
    index: int  # 0: one-off costs, 1: annual costs
    rows: tuple[SplitRow, ...]
    totals: tuple[str, ...]  # the footer: each column's sum, then the plan's total


def split_tables(page, amount: Amount) -> tuple[SplitTable, ...]:
    """The one-off and the annual table of ``page`` (a ``PlanPage``), their columns the members it shows."""
    return tuple(_split_table(page, index, amount) for index in (0, 1))


def _split_table(page, index: int, amount: Amount) -> SplitTable:
    tenant_ids = [tenant.id for tenant in page.tenants]
    costs = [(item.one_off_cost_minor, item.annual_cost_minor)[index] for item in page.plan.items]
    rows = []
    for item, cost in zip(page.plan.items, costs):
        shares = page.split[item.id]
        cells = tuple(amount(shares[t][index]) if t in shares else NO_SHARE for t in tenant_ids)
        rows.append(SplitRow(localized_title(item.title), (*cells, amount(cost))))
    totals = tuple(amount(page.column_total(t, index)) for t in tenant_ids)
    return SplitTable(index, tuple(rows), (*totals, amount(sum(costs))))
