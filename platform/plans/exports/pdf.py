"""The action plan as a printable PDF for the council meeting (reportlab platypus).

A4, landscape when the cost split has many municipalities. Every page carries the
region's name, the year, the version and the approval status at the top, and
"page N of M" at the bottom (a second pass over the saved pages, which is how
reportlab learns M). Helvetica's WinAnsi encoding covers æøå and åäö and the
non-breaking space of the nb/sv number format.

Laying out the tables is most of the work (issue 14: over a second for a large region's plan),
and most of that is breaking Paragraphs into lines, each cell several times (to measure the
table, to split it at a page's end, to draw it). So a cell whose text fits on one line is a
plain string, set in the same font, size and alignment by its cell style: the page looks
the same. Only a cell that wraps is a Paragraph, and that breaks its lines once per width.
The tables' cells and rows' heights are made once (``_Rows``), not by reportlab for each page.
"""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus.tables import CellStyle

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
# The tables' lines and shading; each cell's font and alignment is its cell style (``_cell_style``).
TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f2f1")),
    ]
)
PADDING = 12  # a table cell's left and right padding together (reportlab's 6 points each)
V_PADDING = 6  # and its top and bottom padding together (3 points each)
UNBOUNDED = 72000  # the height reportlab's Table offers a cell's Paragraph when it measures a row
ALIGNMENTS = {0: "LEFT", 2: "RIGHT"}  # a ParagraphStyle's alignment as a table cell style's
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
    made: dict = {}  # the tables' cells by text, style and width (``_Rows``)
    story = [
        _p(_("Action plan %(year)s: %(region)s", year=export.year, region=export.region_name), STYLES["Title"]),
        _facts(export, made),
        Spacer(0, 6 * mm),
        _p(_("Plan items"), STYLES["Heading2"]),
        _items_table(export, locale, doc.width, made),
    ]
    for title_text, cost in (
        (_("Cost split: one-off cost"), "one_off_minor"),
        (_("Cost split: annual cost"), "annual_minor"),
    ):
        story += [
            Spacer(0, 6 * mm),
            _p(f"{title_text} ({export.currency})", STYLES["Heading2"]),
            _split_table(export, locale, doc.width, cost, made),
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


class _Rows:
    """A table's rows as reportlab takes them, each measured once: a cell is a plain string where its text fits
    on one line, its cell style is made from its paragraph style (the same font, size and alignment for a plain
    string as for a Paragraph), and each row's height is given. Reportlab would otherwise make and style a cell
    style object for each of a large plan's 14,000 cells, and measure the rows again for every page the table
    runs over."""

    def __init__(self, widths: list[float], made: dict, valign: str = "TOP"):
        self.widths, self.made, self.valign = widths, made, valign
        self.room = [width - PADDING for width in widths]
        self.cells: list[list] = []
        self.styles: list[list[CellStyle]] = []
        self.heights: list[float] = []
        self.cell_styles: dict[str, CellStyle] = {}

    def add(self, values, styles) -> None:
        row = [self._cell(column, value, style) for column, (value, style) in enumerate(zip(values, styles))]
        self.cells.append(row)
        self.styles.append([self._cell_style(style) for style in styles])
        self.heights.append(
            max(self._height(column, cell, style) for column, (cell, style) in enumerate(zip(row, styles)))
        )

    def table(self, style: TableStyle | None = TABLE_STYLE, **options) -> LongTable:
        return LongTable(
            self.cells, colWidths=self.widths, rowHeights=self.heights, cellStyles=self.styles, style=style, **options
        )

    def _cell(self, column: int, value, style) -> str | Paragraph:
        """Made once per text, style and width in a document: the two cost splits repeat every item's title,
        and a share of nothing is "0,00" in most members' columns."""
        text, room = str(value), self.room[column]
        key = (text, style.name, room)
        if key not in self.made:
            self.made[key] = self._new_cell(text, style, room)
        return self.made[key]

    def _new_cell(self, text: str, style, room: float) -> str | Paragraph:
        if _AS_IS.fullmatch(text):
            if stringWidth(text, style.fontName, style.fontSize) <= room - FIT:
                return text
            if " " not in text:  # one word, an amount in a narrow column: broken as the Paragraph breaks it
                return "\n".join(_broken_word(text, style, room))
        return _Wrapped(pdf_text(text), style)

    def _cell_style(self, style: ParagraphStyle) -> CellStyle:
        """The table cell style of the cells set in ``style``, one for them all. Not shared with another
        table: reportlab's table style commands would change it in place."""
        if style.name not in self.cell_styles:
            cell = self.cell_styles[style.name] = CellStyle(style.name)
            cell.fontname, cell.fontsize, cell.leading = style.fontName, style.fontSize, style.leading
            cell.alignment, cell.valign = ALIGNMENTS[style.alignment], self.valign
        return self.cell_styles[style.name]

    def _height(self, column: int, cell, style) -> float:
        """The row's height as reportlab's Table measures it: the cell's lines, or its Paragraph's height, and
        the cell's top and bottom padding."""
        if isinstance(cell, str):
            height = style.leading * (cell.count("\n") + 1)
        else:
            height = cell.wrap(self.room[column], UNBOUNDED - V_PADDING)[1]
        return height + V_PADDING


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


def _facts(export: PlanExport, made: dict) -> LongTable:
    rows = _Rows([40 * mm, 120 * mm], made, valign="BOTTOM")
    for label, value in labels.header_block(export):
        rows.add((label, value), (HEAD, CELL))
    return rows.table(style=None, hAlign="LEFT")


def _items_table(export: PlanExport, locale: str, width: float, made: dict) -> LongTable:
    rows = _Rows([width * f for f in (0.07, 0.17, 0.12, 0.1, 0.11, 0.12, 0.09, 0.11, 0.11)], made)
    heads = [HEAD] * 7 + [HEAD_NUMBER] * 2
    rows.add(labels.item_columns(export.currency), heads)
    body = [CELL] * 7 + [NUMBER] * 2
    for item in export.items:
        values = (item.priority, item.title, item.category, item.start_quarter, item.responsible, item.budget_source)
        amounts = (amount(item.one_off_minor, locale), amount(item.annual_minor, locale))
        rows.add((*values, labels.yes_no(item.outside_plan), *amounts), body)
    one_off, annual = totals(export.items)
    rows.add(("", _("Total"), *[""] * 5, amount(one_off, locale), amount(annual, locale)), heads)
    return rows.table(repeatRows=1)


def _split_table(export: PlanExport, locale: str, width: float, cost: str, made: dict) -> LongTable:
    items, column_totals, total = cost_split(export, cost)
    first = width * 0.2
    rows = _Rows([first, *[(width - first) / (len(export.tenants) + 1)] * (len(export.tenants) + 1)], made)
    heads = [HEAD, *[HEAD_NUMBER] * len(export.tenants), HEAD_NUMBER]
    rows.add((_("Item"), *export.tenants, _("Total")), heads)
    body = [CELL, *[NUMBER] * len(export.tenants), HEAD_NUMBER]
    for title, shares, item_total in items:
        rows.add((title, *[amount(v, locale) for v in shares], amount(item_total, locale)), body)
    rows.add((_("Total"), *[amount(v, locale) for v in column_totals], amount(total, locale)), heads)
    return rows.table(repeatRows=1)


class _TextCanvas(Canvas):
    """A canvas that writes each distinct string once per document: a large plan's tables draw some 16,000
    strings, mostly the same few hundred amounts and names, and reportlab makes a text object for each, measures
    it and encodes its text again. The text operators are the ones reportlab writes for ``drawString``: the
    same text object, at the same place, its text encoded by reportlab's own text object (a test compares the
    bytes with reportlab's canvas, should an upgrade of reportlab change them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shown: dict[tuple, tuple[float, str]] = {}

    def drawString(self, x, y, text, *args, **options):
        if args or options or not self.bottomup:  # what the tables never ask for: reportlab's own way
            return super().drawString(x, y, text, *args, **options)
        self._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {self._text(text)[1]} T* ET")

    def drawRightString(self, x, y, text, *args, **options):
        if args or options:
            return super().drawRightString(x, y, text, *args, **options)
        self.drawString(x - self._text(text)[0], y, text)

    def _text(self, text: str) -> tuple[float, str]:
        """The string's width and its operators in the current font, from a text object as reportlab makes it."""
        key = (text, self._fontname, self._fontsize, self._leading)
        if key not in self._shown:
            width = stringWidth(text, self._fontname, self._fontsize)
            self._shown[key] = (width, self.beginText()._formatText(text))
        return self._shown[key]


def _running_canvas(export: PlanExport, header: str):
    class RunningCanvas(_TextCanvas):
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
