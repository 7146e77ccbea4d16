"""The action plan as a printable PDF for the council meeting (reportlab platypus).

A4, landscape when the cost split has many municipalities. Every page carries the
region's name, the year, the version and the approval status at the top, and
"page N of M" at the bottom (a second pass over the saved pages, which is how
reportlab learns M). Helvetica's WinAnsi encoding covers æøå and åäö and the
non-breaking space of the nb/sv number format.
"""

from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from samverka.platform.core.exports import pdf_paragraph
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
TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f2f1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


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


def _facts(export: PlanExport) -> LongTable:
    rows = [[_p(label, HEAD), _p(value)] for label, value in labels.header_block(export)]
    return LongTable(rows, colWidths=[40 * mm, 120 * mm], hAlign="LEFT")


def _items_table(export: PlanExport, locale: str, width: float) -> LongTable:
    columns = labels.item_columns(export.currency)
    rows = [[_p(c, HEAD_NUMBER if i >= 7 else HEAD) for i, c in enumerate(columns)]]
    for item in export.items:
        rows.append(
            [
                _p(item.priority),
                _p(item.title),
                _p(item.category),
                _p(item.start_quarter),
                _p(item.responsible),
                _p(item.budget_source),
                _p(labels.yes_no(item.outside_plan)),
                _p(amount(item.one_off_minor, locale), NUMBER),
                _p(amount(item.annual_minor, locale), NUMBER),
            ]
        )
    one_off, annual = totals(export.items)
    rows.append(
        [
            _p(""),
            _p(_("Total"), HEAD),
            *[_p("")] * 5,
            _p(amount(one_off, locale), HEAD_NUMBER),
            _p(amount(annual, locale), HEAD_NUMBER),
        ]
    )
    fractions = [0.07, 0.17, 0.12, 0.1, 0.11, 0.12, 0.09, 0.11, 0.11]
    return LongTable(rows, colWidths=[width * f for f in fractions], repeatRows=1, style=TABLE_STYLE)


def _split_table(export: PlanExport, locale: str, width: float, cost: str) -> LongTable:
    items, column_totals, total = cost_split(export, cost)
    rows = [[_p(_("Item"), HEAD), *[_p(t, HEAD_NUMBER) for t in export.tenants], _p(_("Total"), HEAD_NUMBER)]]
    for title, shares, item_total in items:
        rows.append(
            [_p(title), *[_p(amount(v, locale), NUMBER) for v in shares], _p(amount(item_total, locale), HEAD_NUMBER)]
        )
    rows.append(
        [
            _p(_("Total"), HEAD),
            *[_p(amount(v, locale), HEAD_NUMBER) for v in column_totals],
            _p(amount(total, locale), HEAD_NUMBER),
        ]
    )
    first = width * 0.2
    rest = (width - first) / (len(export.tenants) + 1)
    return LongTable(rows, colWidths=[first, *[rest] * (len(export.tenants) + 1)], repeatRows=1, style=TABLE_STYLE)


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
