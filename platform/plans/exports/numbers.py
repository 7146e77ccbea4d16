"""Money in the exports: minor units (øre/öre) become major units as exact decimals, formatted per locale."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
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
    """nb/sv "1 250 000,00" (non-breaking spaces, so a number never wraps), en "1,250,000.00"."""
    return format_decimal(major(minor), format="#,##0.00", locale=locale or locale_name())


def totals(items: tuple[ExportItem, ...]) -> tuple[int, int]:
    return sum(i.one_off_minor for i in items), sum(i.annual_minor for i in items)


def share_of(item: ExportItem, tenant: str) -> tuple[int, int]:
    """A tenant's one-off and annual share of an item: 0 when it does not take part."""
    for share in item.shares:
        if share.tenant_name == tenant:
            return share.one_off_minor, share.annual_minor
    return 0, 0


def tenant_totals(export: PlanExport) -> dict[str, tuple[int, int]]:
    result = {}
    for tenant in export.tenants:
        shares = [share_of(item, tenant) for item in export.items]
        result[tenant] = (sum(s[0] for s in shares), sum(s[1] for s in shares))
    return result
