"""The one writer of export cells: every CSV, XLSX and PDF the platform hands out writes its text here.

Text comes from users (a need's title, a region's name), so a spreadsheet must never read
it as a formula and a PDF must never read it as markup. Following OWASP's CSV-injection
rule, text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading single quote, and XLSX cells holding text are typed as strings explicitly. Numbers
(int, Decimal, float) stay numbers: numeric cells in XLSX, unquoted figures in CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from io import StringIO
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from openpyxl.cell.cell import TYPE_STRING, Cell
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = (int, float, Decimal)


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as typed, never evaluates: a leading quote before a formula prefix."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _is_number(value) -> bool:
    return isinstance(value, NUMBER_TYPES) and not isinstance(value, bool)


def csv_document(
    rows: Iterable[Sequence], *, delimiter: str = ",", decimal: Callable[[Decimal], str] = str, bom: bool = False
) -> str:
    """Rows as CSV (CRLF line ends); ``decimal`` formats Decimal cells, e.g. with a decimal comma."""
    out = StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(value, decimal) for value in row])
    return ("\ufeff" if bom else "") + out.getvalue()


def _csv_cell(value, decimal: Callable[[Decimal], str]) -> str:
    if isinstance(value, Decimal):
        return decimal(value)
    if _is_number(value):
        return str(value)
    return neutralise("" if value is None else str(value))


def xlsx_cell(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """Write one cell: numbers as numbers, anything else as a string cell that is never a formula."""
    cell = sheet.cell(row, column)
    if _is_number(value) or value is None:
        cell.value = value
        return cell
    cell.value = neutralise(str(value))
    cell.data_type = TYPE_STRING
    return cell


def pdf_text(value) -> str:
    """User text for a reportlab Paragraph, whose text is markup: ``<``, ``>`` and ``&`` are escaped."""
    return escape(str(value))


def pdf_paragraph(value, style: ParagraphStyle) -> Paragraph:
    """The only way text enters a PDF's story: a Paragraph of the escaped text."""
    return Paragraph(pdf_text(value), style)


def page_footer(title: str, margin: float) -> Callable:
    """The footer of every page of a generated PDF document: its title on the left, its page number on the right."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, margin, title[:110])
        canvas.drawRightString(A4[0] - margin, margin, _("Page %(number)s", number=doc.page))
        canvas.restoreState()

    return draw
