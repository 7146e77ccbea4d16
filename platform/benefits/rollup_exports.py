"""The roll-up for the council meeting: an Excel workbook and a printable PDF with the same numbers as the page.

Both are written from the service's values (``Rollup``), through ``core.exports`` (text never becomes a
formula or markup). The XLSX holds numbers as numbers (money with a number format) and the totals as values;
the PDF prints each procurement's tables and the page's charts as the very same drawings.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from io import BytesIO

from babel import dates
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, SimpleDocTemplate, Spacer, TableStyle

from samverka.platform.benefits.periods import MONEY
from samverka.platform.benefits.rollup import Figures, ProcurementRollup, Rollup
from samverka.platform.benefits.rollup_chart import KIND_LABELS, procurement_figures, share_text, value_text
from samverka.platform.core.exports import page_footer, pdf_paragraph, xlsx_cell
from samverka.platform.core.titles import localized_title

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT, NUMBER_FORMAT = "#,##0.00", "#,##0.##"
BOLD = Font(bold=True)
MARGIN = 15 * mm
STYLES = getSampleStyleSheet()
CELL = STYLES["BodyText"].clone("rollup-cell", fontSize=8, leading=10)
HEAD = CELL.clone("rollup-head", fontName="Helvetica-Bold")
NUMBER, HEAD_NUMBER = CELL.clone("rollup-number", alignment=2), HEAD.clone("rollup-head-number", alignment=2)
TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def title(rollup: Rollup) -> str:
    """What the council reads first, on the page, in the workbook and on every printed page."""
    return _(
        "Benefit roll-up %(year)s: %(region)s (%(day)s)",
        year=rollup.year,
        region=rollup.region.name,
        day=format_date(rollup.today, "long"),
    )


def missing_text(rollup_row) -> str:
    """What a municipality has not reported: each line's missing periods."""
    locale = str(get_locale())
    return "; ".join(
        f"{m.line}: {_short_date(m.start, locale)}–{_short_date(m.end, locale)}" for m in rollup_row.missing
    )


# A day's short text in a language never changes, and the page shows two for each missing period (Babel takes
# some 20 µs a date: the locale's patterns, then the formatting).
@lru_cache(maxsize=4096)
def _short_date(day: date, locale: str) -> str:
    return dates.format_date(day, "short", locale=locale)


def kind_rows(procurement: ProcurementRollup, kind: str) -> list[tuple[str, Figures]]:
    """Each municipality's figures of one kind, then the total: what every format prints."""
    return [(m.name, m.figures[kind]) for m in procurement.municipalities] + [(_("Total"), procurement.totals[kind])]


def columns(kind: str, currency: str) -> list[str]:
    unit = currency if kind == MONEY else str(KIND_LABELS[kind]).lower()
    return [_("Municipality"), _("Planned (%(unit)s)", unit=unit), _("Realised (%(unit)s)", unit=unit)] + [
        _("Share realised")
    ]


# --- XLSX ---


def rollup_xlsx(rollup: Rollup) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Roll-up")[:31]
    row = _xlsx_heading(sheet, rollup)
    for procurement in rollup.procurements:
        row = _xlsx_procurement(sheet, procurement, rollup.currency, row)
    _xlsx_not_reported(workbook.create_sheet(_("Not reported")[:31]), rollup)
    workbook.properties.title = title(rollup)
    workbook.properties.creator = "Samverka"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_heading(sheet: Worksheet, rollup: Rollup) -> int:
    xlsx_cell(sheet, 1, 1, title(rollup)).font = BOLD
    for row, (label, value) in enumerate(
        ((_("Region"), rollup.region.name), (_("Year"), rollup.year), (_("Currency"), rollup.currency)), start=2
    ):
        xlsx_cell(sheet, row, 1, label).font = BOLD
        xlsx_cell(sheet, row, 2, value)
    sheet.column_dimensions["A"].width = 40
    for column in "BCD":
        sheet.column_dimensions[column].width = 20
    return 6


def _xlsx_procurement(sheet: Worksheet, procurement: ProcurementRollup, currency: str, row: int) -> int:
    xlsx_cell(sheet, row, 1, localized_title(procurement.title)).font = BOLD
    xlsx_cell(sheet, row, 2, _("Delivered %(day)s", day=format_date(procurement.delivered_on, "long")))
    row += 1
    for kind in procurement.kinds:
        for column, heading in enumerate(columns(kind, currency), start=1):
            xlsx_cell(sheet, row, column, heading).font = BOLD
        for name, figures in kind_rows(procurement, kind):
            row += 1
            xlsx_cell(sheet, row, 1, name)
            for column, value in ((2, figures.planned), (3, figures.realised)):
                xlsx_cell(sheet, row, column, value).number_format = MONEY_FORMAT if kind == MONEY else NUMBER_FORMAT
            xlsx_cell(sheet, row, 4, None if figures.share is None else figures.share / 100).number_format = "0%"
        row += 2
    return row + 1


def _xlsx_not_reported(sheet: Worksheet, rollup: Rollup) -> None:
    headings = (_("Procurement"), _("Municipality"), _("Missing periods"), _("What is missing"))
    for column, heading in enumerate(headings, start=1):
        xlsx_cell(sheet, 1, column, heading).font = BOLD
    for row, late in enumerate(rollup.not_reported, start=2):
        xlsx_cell(sheet, row, 1, localized_title(late.procurement_title))
        xlsx_cell(sheet, row, 2, late.tenant_name)
        xlsx_cell(sheet, row, 3, len(late.missing))
        xlsx_cell(sheet, row, 4, missing_text(late))
    for column, width in zip("ABCD", (40, 20, 16, 80)):
        sheet.column_dimensions[column].width = width


# --- PDF ---


def rollup_pdf(rollup: Rollup) -> bytes:
    out = BytesIO()
    heading = title(rollup)
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=heading,
        author=rollup.region.name,
        subject=_("Benefit roll-up"),
        creator="Samverka",
    )
    story = [pdf_paragraph(heading, STYLES["Title"])]
    for procurement in rollup.procurements:
        story += _pdf_procurement(procurement, rollup, doc.width, doc.height)
    story += _pdf_not_reported(rollup, doc.width)
    footer = page_footer(heading, MARGIN)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _pdf_procurement(procurement: ProcurementRollup, rollup: Rollup, width: float, height: float) -> list:
    story = [
        Spacer(0, 4 * mm),
        pdf_paragraph(localized_title(procurement.title), STYLES["Heading2"]),
        pdf_paragraph(_("Delivered %(day)s", day=format_date(procurement.delivered_on, "long")), CELL),
    ]
    if not procurement.kinds:
        return [*story, pdf_paragraph(_("No benefit lines with planned amounts, hours or counts."), CELL)]
    for kind in procurement.kinds:
        story += [Spacer(0, 3 * mm), _pdf_table(procurement, kind, rollup.currency, width)]
    for figure in procurement_figures(procurement, rollup.year, rollup.currency):
        drawing = figure.drawing
        scale = min(1.0, width / drawing.width, (height - 30 * mm) / drawing.height)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        parts = [pdf_paragraph(figure.title, STYLES["Heading3"]), pdf_paragraph(figure.summary, CELL), drawing]
        story += [Spacer(0, 4 * mm), KeepTogether(parts)]
    return story


def _pdf_table(procurement: ProcurementRollup, kind: str, currency: str, width: float) -> LongTable:
    heads = columns(kind, currency)
    rows = [[pdf_paragraph(heads[0], HEAD), *(pdf_paragraph(h, HEAD_NUMBER) for h in heads[1:])]]
    for name, figures in kind_rows(procurement, kind):
        values = (value_text(kind, figures.planned, currency), value_text(kind, figures.realised, currency))
        rows.append([pdf_paragraph(name, CELL), *(pdf_paragraph(v, NUMBER) for v in (*values, share_text(figures)))])
    fractions = (0.4, 0.22, 0.22, 0.16)
    return LongTable(rows, colWidths=[width * f for f in fractions], repeatRows=1, style=TABLE_STYLE)


def _pdf_not_reported(rollup: Rollup, width: float) -> list:
    story = [Spacer(0, 6 * mm), pdf_paragraph(_("Not reported"), STYLES["Heading2"])]
    if not rollup.not_reported:
        return [*story, pdf_paragraph(_("Every participating municipality has reported its due periods."), CELL)]
    heads = (_("Procurement"), _("Municipality"), _("Missing periods"), _("What is missing"))
    rows = [[pdf_paragraph(h, HEAD) for h in heads]]
    for late in rollup.not_reported:
        cells = (localized_title(late.procurement_title), late.tenant_name, len(late.missing), missing_text(late))
        rows.append([pdf_paragraph(c, CELL) for c in cells])
    fractions = (0.25, 0.18, 0.12, 0.45)
    return [*story, LongTable(rows, colWidths=[width * f for f in fractions], repeatRows=1, style=TABLE_STYLE)]
