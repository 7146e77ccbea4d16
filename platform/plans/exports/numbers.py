"""Money in the exports: minor units (øre/öre) become major units as exact decimals, formatted per locale."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import has_request_context
from flask_babel import get_locale

from samverka.platform.plans.export_data import ExportItem, PlanExport

CENT = Decimal("0.01")


def major(minor: int) -> Decimal:
    """Exact: 125000050 øre is Decimal('1250000.50')."""
    return (Decimal(minor) / 100).quantize(CENT)


def locale_name() -> str:
    return str(get_locale()) if has_request_context() else "en"


def amount(minor: int, locale: str | None = None) -> str:
    """nb/sv "1 250 000,00" (non-breaking spaces, so a number never wraps), en "1,250,000.00".

    What Babel's ``format_decimal(value, "#,##0.00")`` writes (the tests compare them), without its parsing
    of the pattern for each of the thousands of amounts of a large plan's PDF (a fifth of its time).
    """
    group, decimal = _marks(locale or locale_name())
    return f"{major(minor):,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", group)


@cache
def _marks(locale: str) -> tuple[str, str]:
    """The locale's thousands separator and decimal mark (CLDR's, fixed for the process)."""
    return get_group_symbol(locale), get_decimal_symbol(locale)


def totals(items: tuple[ExportItem, ...]) -> tuple[int, int]:
    return sum(i.one_off_minor for i in items), sum(i.annual_minor for i in items)


def cost_split(export: PlanExport, cost: str) -> tuple[list[tuple[str, list[int], int]], list[int], int]:
    """One cost (``"one_off_minor"`` or ``"annual_minor"``) split over ``export.tenants``.

    Per item: its title, each tenant's share (0 when it does not take part) and the item's cost;
    then each tenant's total and the grand total. Both writers print these very numbers.
    """
    rows = []
    for item in export.items:
        by_tenant = {share.tenant_name: getattr(share, cost) for share in item.shares}
        rows.append((item.title, [by_tenant.get(tenant, 0) for tenant in export.tenants], getattr(item, cost)))
    column_totals = [sum(shares[column] for _, shares, _ in rows) for column in range(len(export.tenants))]
    return rows, column_totals, sum(total for *_, total in rows)
