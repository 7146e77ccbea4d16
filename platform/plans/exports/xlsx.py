"""The action plan as an Excel workbook: sheet "Plan" (the items) and sheet "Cost split" (items × municipalities).

Amounts are real numbers in major units with a number format, so they can be summed
in Excel; the totals are written as values (not formulas) so that any reader, also
one that does not calculate, sees them. Both sheets print on A4 with the region,
year, version and approval status in the header and footer of every page.
"""

from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from samverka.platform.core.exports import xlsx_cell
from samverka.platform.plans.export_data import PlanExport
from samverka.platform.plans.exports import labels
from samverka.platform.plans.exports.numbers import cost_split, major, totals

MONEY = "#,##0.00"
BOLD = Font(bold=True)
PLAN_SHEET, SPLIT_SHEET = "Plan", "Cost split"


def plan_xlsx(export: PlanExport) -> bytes:
    workbook = Workbook()
    plan = workbook.active
    plan.title = PLAN_SHEET
    _plan_sheet(plan, export)
    _split_sheet(workbook.create_sheet(SPLIT_SHEET), export)
    workbook.properties.title = labels.running_title(export)
    workbook.properties.creator = "Samverka"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header_block(sheet: Worksheet, export: PlanExport) -> int:
    """The plan's identity at the top; returns the first free row after a blank one."""
    block = labels.header_block(export)
    for row, (label, value) in enumerate(block, start=1):
        xlsx_cell(sheet, row, 1, label).font = BOLD
        xlsx_cell(sheet, row, 2, value)
    return len(block) + 2


def _header_row(sheet: Worksheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = xlsx_cell(sheet, row, column, title)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _money(sheet: Worksheet, row: int, column: int, minor: int, bold: bool = False) -> None:
    cell = xlsx_cell(sheet, row, column, major(minor))
    cell.number_format = MONEY
    if bold:
        cell.font = BOLD


def _plan_sheet(sheet: Worksheet, export: PlanExport) -> None:
    top = _header_block(sheet, export)
    _header_row(sheet, top, labels.item_columns(export.currency))
    row = top
    for row, item in enumerate(export.items, start=top + 1):
        for column, value in enumerate(
            (
                item.priority,
                item.title,
                item.category,
                item.start_quarter,
                item.responsible,
                item.budget_source,
                labels.yes_no(item.outside_plan),
            ),
            start=1,
        ):
            xlsx_cell(sheet, row, column, value)
        _money(sheet, row, 8, item.one_off_minor)
        _money(sheet, row, 9, item.annual_minor)
    one_off, annual = totals(export.items)
    xlsx_cell(sheet, row + 1, 2, _("Total")).font = BOLD
    _money(sheet, row + 1, 8, one_off, bold=True)
    _money(sheet, row + 1, 9, annual, bold=True)
    _widths(sheet, [9, 40, 22, 12, 22, 24, 10, 18, 18])
    _print_setup(sheet, export, top)


def _split_sheet(sheet: Worksheet, export: PlanExport) -> None:
    """Two tables, one-off then annual: an item per row, a municipality per column, totals both ways."""
    row = _header_block(sheet, export)
    top = row
    last = len(export.tenants) + 2
    for title, cost in ((_("One-off cost"), "one_off_minor"), (_("Annual cost"), "annual_minor")):
        items, column_totals, total = cost_split(export, cost)
        xlsx_cell(sheet, row, 1, f"{title} ({export.currency})").font = BOLD
        _header_row(sheet, row + 1, [_("Item"), *export.tenants, _("Total")])
        row += 2
        for item_title, shares, item_total in items:
            xlsx_cell(sheet, row, 1, item_title)
            for column, share in enumerate(shares, start=2):
                _money(sheet, row, column, share)
            _money(sheet, row, last, item_total, bold=True)
            row += 1
        xlsx_cell(sheet, row, 1, _("Total")).font = BOLD
        for column, column_total in enumerate(column_totals, start=2):
            _money(sheet, row, column, column_total, bold=True)
        _money(sheet, row, last, total, bold=True)
        row += 2
    _widths(sheet, [40, *([16] * (len(export.tenants) + 1))])
    _print_setup(sheet, export, top + 1)


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _escape(text: str) -> str:
    """A literal ampersand in Excel's header and footer codes is written twice."""
    return text.replace("&", "&&")


def _print_setup(sheet: Worksheet, export: PlanExport, title_row: int) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = f"{title_row}:{title_row}"
    sheet.freeze_panes = sheet.cell(title_row + 1, 1)
    sheet.oddHeader.center.text = _escape(labels.running_title(export))
    sheet.oddFooter.left.text = _escape(f"{export.region_name} · {_('Version')} {export.version} · {export.status}")
    sheet.oddFooter.right.text = labels.page_of("&P", "&N")
