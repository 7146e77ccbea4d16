"""The plan page's cost split as the template writes it: every row's cells written once, in Python.

A plan's split is items times member municipalities, twice (one-off and annual): hundreds of cells.
Each row's cells are made here as its ``<td>`` elements, one piece of markup, instead of the template
looking up, formatting, escaping and writing each cell (a loop step and an escape per cell cost more
than the cell's text); ``money`` keeps each distinct amount's text, so the amounts that repeat are
formatted once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from samverka.platform.core.titles import localized_title

NO_SHARE = "–"  # a member that takes no part in the item


Amount = Callable[[int], str]  # an amount in minor units as the page shows it in its currency


@dataclass(frozen=True)
class SplitRow:
    title: str
    cells: Markup  # a number cell per member column, then the item's own cost


@dataclass(frozen=True)
class SplitTable:
    index: int  # 0: one-off costs, 1: annual costs
    rows: tuple[SplitRow, ...]
    totals: Markup  # the footer's cells: each column's sum, then the plan's total


def split_tables(page, amount: Amount) -> tuple[SplitTable, ...]:
    """The one-off and the annual table of ``page`` (a ``PlanPage``), their columns the members it shows."""
    titles = [localized_title(item.title) for item in page.items]
    return tuple(_split_table(page, titles, index, amount) for index in (0, 1))


def _split_table(page, titles: list[str], index: int, amount: Amount) -> SplitTable:
    tenant_ids = [tenant.id for tenant in page.tenants]
    costs = [(item.one_off_cost_minor, item.annual_cost_minor)[index] for item in page.items]
    rows = []
    for item, title, cost in zip(page.items, titles, costs):
        shares = page.split[item.id]
        cells = [amount(shares[t][index]) if t in shares else NO_SHARE for t in tenant_ids]
        rows.append(SplitRow(title, _number_cells([*cells, amount(cost)])))
    totals = [amount(page.column_total(t, index)) for t in tenant_ids]
    return SplitTable(index, tuple(rows), _number_cells([*totals, amount(sum(costs))]))


def _number_cells(texts: list[str]) -> Markup:
    return Markup("".join(map(_number_cell, texts)))


# A cell is a pure function of its text, and a split's texts are few amounts many times over (and ``money``
# keeps each amount's text): each distinct cell is written once per worker.
@lru_cache(maxsize=8192)
def _number_cell(text: str) -> str:
    return f'<td class="number">{escape(text)}</td>'
