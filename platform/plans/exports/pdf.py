"""The action plan as a printable PDF for the council meeting (reportlab platypus).

A4, landscape when the cost split has many municipalities. Every page carries the
region's name, the year, the version and the approval status at the top, and
"page N of M" at the bottom (a second pass over the saved pages, which is how
reportlab learns M). Helvetica's WinAnsi encoding covers æøå and åäö and the
non-breaking space of the nb/sv number format.

Laying out the tables is most of the work (issue 14: over a second for a large region's plan),
and most of that is breaking Paragraphs into lines, each cell several times (to measure the
table, to split it at a page's end, to draw it). So a cell whose text fits on one line is a
plain string, set in the same font, size and alignment by the table's style: the page looks
the same. Only a cell that wraps is a Paragraph, and that breaks its lines once per width.
"""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from samverka.platform.core.exports import pdf_paragraph, pdf_text
from samverka.platform.plans.charts import export_charts
from samverka.platform.plans.export_data import PlanExport
from samverka.platform.plans.exports import labels
from samverka.platform.plans.exports.numbers import amount, cost_split, locale_name, totals

# More municipalities than this do not fit the cost split on a portrait page.
PORTRAIT_MAX_TENANTS = 4
MARGIN = 15 * mm
CHART_HEADING = 30 * mm  # a chart's title and summary above it on the same page
STYLES = getSampleStyleSheet()
CELL = STYLES["BodyText"].clone("cell", fontSize=8, leading=10)
NUMBER = CELL.clone("number", alignment=2)
HEAD = CELL.clone("head", fontName="Helvetica-Bold")
HEAD_NUMBER = HEAD.clone("head-number", alignment=2)
# The plain strings' font: the cells' styles above, bold in the head row and the totals row.
PLAIN = ("FONT", (0, 0), (-1, -1), CELL.fontName, CELL.fontSize, CELL.leading)
BOLD_ROWS = [("FONT", (0, row), (-1, row), HEAD.fontName, HEAD.fontSize, HEAD.leading) for row in (0, -1)]
TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f2f1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        PLAIN,
        *BOLD_ROWS,
    ]
)
ITEMS_STYLE = TableStyle([("ALIGN", (7, 0), (-1, -1), "RIGHT")], parent=TABLE_STYLE)
SPLIT_STYLE = TableStyle(
    [("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONT", (-1, 0), (-1, -1), HEAD.fontName, HEAD.fontSize, HEAD.leading)],
    parent=TABLE_STYLE,
)
FACTS_STYLE = TableStyle([PLAIN, ("FONT", (0, 0), (0, -1), HEAD.fontName, HEAD.fontSize, HEAD.leading)])
PADDING = 12  # a table cell's left and right padding together (reportlab's 6 points each)
FIT = 0.5  # points to spare: a string this close to the cell's width is left to the Paragraph to break
# Text that a Paragraph would print as it is: no line breaks, tabs, runs of spaces or spaces at either end
# (a Paragraph folds those; a plain string would not). The no-break space is text, as in the amounts.
_AS_IS = re.compile(r"(?:[^\s]|\xa0)+(?: (?:[^\s]|\xa0)+)*|")


def plan_pdf(export: PlanExport) -> bytes:
    out = BytesIO()
    size = landscape(A4) if len(export.tenants) > PORTRAIT_MAX_TENANTS else A4
    title, locale = labels.running_title(export), locale_name()
    doc = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm,
        bottomMargin=MARGIN + 6 * mm,
        title=title,
        author=export.region_name,
        subject=_("Action plan and cost split"),
        creator="Samverka",
        lang=locale,
    )
    story = [
        _p(_("Action plan %(year)s: %(region)s", year=export.year, region=export.region_name), STYLES["Title"]),
        _facts(export),
        Spacer(0, 6 * mm),
        _p(_("Plan items"), STYLES["Heading2"]),
        _items_table(export, locale, doc.width),
    ]
    for title_text, cost in (
        (_("Cost split: one-off cost"), "one_off_minor"),
        (_("Cost split: annual cost"), "annual_minor"),
    ):
        story += [
            Spacer(0, 6 * mm),
            _p(f"{title_text} ({export.currency})", STYLES["Heading2"]),
            _split_table(export, locale, doc.width, cost),
        ]
    story += _charts(export, doc.width, doc.height)
    doc.build(story, canvasmaker=_running_canvas(export, title))
    return out.getvalue()


def _charts(export: PlanExport, width: float, height: float) -> list:
    """The page's timeline and shares charts: the same drawings, each with its title on one page."""
    story = []
    for figure in export_charts(export):
        drawing = figure.drawing
        scale = min(1.0, width / drawing.width, (height - CHART_HEADING) / drawing.height)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        heading = [_p(figure.title, STYLES["Heading2"]), _p(figure.summary), drawing]
        story += [Spacer(0, 6 * mm), KeepTogether(heading)]
    return story


def _p(text, style=CELL) -> Paragraph:
    """The only way text enters the PDF's story: Paragraph text is markup, so it is escaped here."""
    return pdf_paragraph(text, style)


class _Wrapped(Paragraph):
    """A cell's Paragraph that breaks its lines once per width, however often the table asks."""

    _broken: tuple | None = None

    def wrap(self, availWidth, availHeight):
        if self._broken is not None and self._broken[0] == availWidth:
            _width, self.blPara, self._wrapWidths, self.width, self.height = self._broken
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._broken = (availWidth, self.blPara, self._wrapWidths, self.width, self.height)
        return size


class _Cells:
    """The cells of a table whose columns have ``widths``: a plain string where the text fits on one line."""

    def __init__(self, widths: list[float]):
        self.room = [width - PADDING for width in widths]

    def __call__(self, column: int, value, style=CELL) -> str | Paragraph:
        text, room = str(value), self.room[column]
        if _AS_IS.fullmatch(text):
            if stringWidth(text, style.fontName, style.fontSize) <= room - FIT:
                return text
            if " " not in text:  # one word, an amount in a narrow column: broken as the Paragraph breaks it
                return "\n".join(_broken_word(text, style, room))
        return _Wrapped(pdf_text(text), style)

    def row(self, values, styles) -> list:
        return [self(column, value, style) for column, (value, style) in enumerate(zip(values, styles))]


@cache
def _char_width(char: str, font: str, size: float) -> float:
    """A font's metrics never change: the few characters of the amounts are measured once per process."""
    return stringWidth(char, font, size)


def _broken_word(word: str, style, room: float) -> list[str]:
    """The lines of a word too wide for ``room``, as a Paragraph splits it (splitLongWords): as many
    characters on each line as fit, at least one."""
    lines, line, width = [], "", 0.0
    for char in word:
        char_width = _char_width(char, style.fontName, style.fontSize)
        if width + char_width > room and line:
            lines.append(line)
            line, width = "", 0.0
        line += char
        width += char_width
    return [*lines, line]


def _facts(export: PlanExport) -> LongTable:
    widths = [40 * mm, 120 * mm]
    cell = _Cells(widths)
    rows = [cell.row((label, value), (HEAD, CELL)) for label, value in labels.header_block(export)]
    return LongTable(rows, colWidths=widths, hAlign="LEFT", style=FACTS_STYLE)


def _items_table(export: PlanExport, locale: str, width: float) -> LongTable:
    widths = [width * f for f in (0.07, 0.17, 0.12, 0.1, 0.11, 0.12, 0.09, 0.11, 0.11)]
    cell = _Cells(widths)
    rows = [cell.row(labels.item_columns(export.currency), [HEAD] * 7 + [HEAD_NUMBER] * 2)]
    body = [CELL] * 7 + [NUMBER] * 2
    for item in export.items:
        values = (item.priority, item.title, item.category, item.start_quarter, item.responsible, item.budget_source)
        amounts = (amount(item.one_off_minor, locale), amount(item.annual_minor, locale))
        rows.append(cell.row((*values, labels.yes_no(item.outside_plan), *amounts), body))
    one_off, annual = totals(export.items)
    total = ("", _("Total"), *[""] * 5, amount(one_off, locale), amount(annual, locale))
    rows.append(cell.row(total, [CELL, HEAD, *[CELL] * 5, HEAD_NUMBER, HEAD_NUMBER]))
    return LongTable(rows, colWidths=widths, repeatRows=1, style=ITEMS_STYLE)


def _split_table(export: PlanExport, locale: str, width: float, cost: str) -> LongTable:
    items, column_totals, total = cost_split(export, cost)
    first = width * 0.2
    widths = [first, *[(width - first) / (len(export.tenants) + 1)] * (len(export.tenants) + 1)]
    cell = _Cells(widths)
    numbers = [NUMBER] * len(export.tenants)
    heads = [HEAD_NUMBER] * len(export.tenants)
    rows = [cell.row((_("Item"), *export.tenants, _("Total")), [HEAD, *heads, HEAD_NUMBER])]
    for title, shares, item_total in items:
        rows.append(
            cell.row(
                (title, *[amount(v, locale) for v in shares], amount(item_total, locale)), [CELL, *numbers, HEAD_NUMBER]
            )
        )
    totals_row = (_("Total"), *[amount(v, locale) for v in column_totals], amount(total, locale))
    rows.append(cell.row(totals_row, [HEAD, *heads, HEAD_NUMBER]))
    return LongTable(rows, colWidths=widths, repeatRows=1, style=SPLIT_STYLE)


def _running_canvas(export: PlanExport, header: str):
    class RunningCanvas(Canvas):
        """Keeps every page until the end, then stamps the header and "page N of M" on each."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._stamp(number, len(self._pages))
                super().showPage()
            super().save()

        def _stamp(self, number: int, count: int) -> None:
            page_width, page_height = self._pagesize
            self.setFont("Helvetica-Bold", 9)
            self.drawString(MARGIN, page_height - MARGIN, header)
            self.setFont("Helvetica", 8)
            self.drawString(MARGIN, MARGIN, f"{export.region_name} · {export.status}")
            self.drawRightString(page_width - MARGIN, MARGIN, labels.page_of(number, count))

    return RunningCanvas
