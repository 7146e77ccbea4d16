"""The words the exports print, translated when called (they run in a request context)."""

from __future__ import annotations

from flask_babel import gettext as _

from samverka.platform.plans.export_data import PlanExport


def item_columns(currency: str) -> list[str]:
    return [
        _("Priority"),
        _("Title"),
        _("Category"),
        _("Start quarter"),
        _("Responsible"),
        _("Budget source"),
        _("Outside the plan"),
        _("One-off cost (%(currency)s)", currency=currency),
        _("Annual cost (%(currency)s)", currency=currency),
    ]


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def header_block(export: PlanExport) -> list[tuple[str, str]]:
    return [
        (_("Region"), export.region_name),
        (_("Year"), str(export.year)),
        (_("Version"), str(export.version)),
        (_("Status"), export.status),
        (_("Cost-sharing key"), export.cost_key),
        (_("Generated"), export.generated_on.isoformat()),
    ]


def running_title(export: PlanExport) -> str:
    """What every printed page carries: whose plan, which year, which version, approved or not."""
    return _(
        "%(region)s · action plan %(year)s · version %(version)s · %(status)s",
        region=export.region_name,
        year=export.year,
        version=export.version,
        status=export.status,
    )


def page_of(page: int, pages: int) -> str:
    return _("Page %(page)s of %(pages)s", page=page, pages=pages)
