"""The council-meeting exports: XLSX and PDF show the same numbers; every printed page says whose plan it is.

A ``PlanExport`` is built by hand (the seven municipalities of Kongsbergregionen, items
whose shares add up), so these tests check the writers alone; the plan services that
build a real one are tested with the plans.
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from babel.numbers import format_decimal
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from samverka.platform.plans.export_data import BudgetLine, ExportItem, ExportShare, PlanExport
from samverka.platform.plans.exports import budget_lines_csv, plan_pdf, plan_xlsx
from samverka.platform.plans.exports.numbers import amount
from samverka.platform.plans.exports.pdf import _TextCanvas

TENANTS = ("Kongsberg", "Flesberg", "Rollag", "Nore og Uvdal", "Notodden", "Hjartdal", "Tinn")
STATUS = "Godkjent 2026-12-04"
A4 = (595.28, 841.89)


def _split(total: int, weights: list[int]) -> list[int]:
    """Largest remainder, as the plan services split: the parts add up exactly to ``total``."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _item(n: int, one_off: int, annual: int, tenants=TENANTS) -> ExportItem:
    weights = [27800, 2700, 1400, 2500, 13000, 1600, 5800][: len(tenants)]
    shares = tuple(ExportShare(t, o, a) for t, o, a in zip(tenants, _split(one_off, weights), _split(annual, weights)))
    return ExportItem(
        title=f"Tiltak {n}: velferdsteknologi for Åsgårdstrand og Ørje",
        category="Velferdsteknologi",
        lead_months=12,
        priority=1 + n % 3,
        start_quarter=f"2027-Q{1 + n % 4}",
        responsible="Kari Nordmann",
        budget_source="Tiltaksplanens budsjett",
        outside_plan=n % 5 == 4,
        one_off_minor=one_off,
        annual_minor=annual,
        shares=shares,
    )


def _export(n_items: int = 40, tenants=TENANTS) -> PlanExport:
    items = tuple(_item(n, 125_000_050 + n * 1_000_003, 30_000_001 + n * 77_777, tenants) for n in range(n_items))
    return PlanExport(
        region_name="Kongsbergregionen",
        year=2027,
        version=2,
        status=STATUS,
        currency="NOK",
        cost_key="30 % like deler, 70 % etter innbyggertall",
        tenants=tenants,
        items=items,
        generated_on=date(2026, 11, 23),
    )


@pytest.fixture
def nb(app):
    with app.test_request_context(headers={"Accept-Language": "nb"}):
        yield


def _number(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _major(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(Decimal("0.01"))


def test_every_share_in_the_fixture_adds_up():
    for item in _export().items:
        assert sum(s.one_off_minor for s in item.shares) == item.one_off_minor
        assert sum(s.annual_minor for s in item.shares) == item.annual_minor


def _rows_after(sheet, first_cell: str) -> list[tuple]:
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first_cell or r[1] == first_cell)
    return rows[start:]


def test_xlsx_has_the_plan_with_real_numbers_and_totals(nb):
    export = _export()
    book = load_workbook(BytesIO(plan_xlsx(export)))
    plan = book["Plan"]

    assert [plan.cell(r, 2).value for r in range(1, 7)] == [
        "Kongsbergregionen",
        "2027",
        "2",
        STATUS,
        export.cost_key,
        "2026-11-23",
    ]
    rows = _rows_after(plan, "Prioritet")
    items, total = rows[1 : 1 + len(export.items)], rows[1 + len(export.items)]
    assert [r[1] for r in items] == [i.title for i in export.items]
    assert [_number(r[7]) for r in items] == [_major(i.one_off_minor) for i in export.items]
    assert [_number(r[8]) for r in items] == [_major(i.annual_minor) for i in export.items]
    assert _number(total[7]) == _major(sum(i.one_off_minor for i in export.items))
    assert _number(total[8]) == _major(sum(i.annual_minor for i in export.items))
    assert plan.cell(9, 8).number_format == "#,##0.00"


def test_xlsx_cost_split_rows_and_columns_add_up(nb):
    export = _export()
    split = load_workbook(BytesIO(plan_xlsx(export)))["Cost split"]
    rows = list(split.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Tiltak")
    assert list(rows[header][1:9]) == [*TENANTS, "Sum"]
    body = rows[header + 1 : header + 1 + len(export.items)]
    for row, item in zip(body, export.items):
        assert sum(_number(v) for v in row[1:8]) == _number(row[8]) == _major(item.one_off_minor)
    column_totals = rows[header + 1 + len(export.items)]
    for column in range(1, 9):
        assert _number(column_totals[column]) == sum(_number(r[column]) for r in body)


def test_xlsx_prints_on_a4_landscape_with_the_plan_on_every_page(nb):
    book = load_workbook(BytesIO(plan_xlsx(_export())))
    for sheet in (book["Plan"], book["Cost split"]):
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"
        assert sheet.page_setup.orientation == "landscape"
        assert "Kongsbergregionen" in sheet.oddHeader.center.text and STATUS in sheet.oddHeader.center.text
        assert "versjon 2" in sheet.oddHeader.center.text
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text


def _pages(pdf: bytes) -> list[str]:
    return [(p.extract_text() or "").replace("\xa0", " ") for p in PdfReader(BytesIO(pdf)).pages]


def test_pdf_is_a4_and_every_page_says_region_version_and_status(nb):
    pdf = plan_pdf(_export())
    reader = PdfReader(BytesIO(pdf))
    pages = _pages(pdf)

    assert len(pages) >= 2
    for page in reader.pages:
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == pytest.approx(sorted(A4), abs=0.5)
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)  # 7 tenants: landscape
    for number, text in enumerate(pages, start=1):
        assert "Kongsbergregionen" in text and "versjon 2" in text and STATUS in text, number
        assert f"Side {number} av {len(pages)}" in text
    assert reader.metadata.title.startswith("Kongsbergregionen") and reader.metadata.author == "Kongsbergregionen"


def test_pdf_has_the_same_totals_as_the_xlsx_and_renders_the_letters(nb):
    export = _export()
    text = "\n".join(_pages(plan_pdf(export)))
    plan = load_workbook(BytesIO(plan_xlsx(export)))["Plan"]
    total = _rows_after(plan, "Prioritet")[1 + len(export.items)]
    for value in (total[7], total[8]):
        assert amount(int(_number(value) * 100), "nb").replace("\xa0", " ") in text
    assert "Åsgårdstrand og Ørje" in text and "Nore og Uvdal" in text


def test_pdf_with_few_municipalities_is_portrait_and_formats_english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        export = _export(n_items=3, tenants=TENANTS[:3])
        reader = PdfReader(BytesIO(plan_pdf(export)))
    page = reader.pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)
    text = page.extract_text()
    assert amount(sum(i.one_off_minor for i in export.items), "en") in text
    assert "," in amount(125_000_050, "en") and amount(125_000_050, "en") == "1,250,000.50"
    assert amount(125_000_050, "nb") == "1\xa0250\xa0000,50"


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_amounts_are_written_as_babel_writes_them(locale):
    for minor in (0, 1, -1, 99, 100, -100_001, 125_000_050, -9_876_543_210_99, 10**15):
        assert amount(minor, locale) == format_decimal(_major(minor), format="#,##0.00", locale=locale)


def test_pdf_of_many_municipalities_keeps_every_amount_where_narrow_columns_break_them(nb):
    """Eighteen members: a share is wider than its column and breaks over lines, as a Paragraph breaks it."""
    tenants = tuple(f"Kommune {k}" for k in range(18))
    export = replace(
        _export(n_items=12),
        tenants=tenants,
        items=tuple(_item(n, 9_876_543_21 * n, 50_000 * n, tenants=tenants) for n in range(12)),
    )
    text = "".join("".join(_pages(plan_pdf(export))).split())
    for item in export.items:
        assert "".join(amount(item.one_off_minor, "nb").split()) in text
        for share in item.shares:
            assert "".join(amount(share.one_off_minor, "nb").split()) in text


def test_pdf_tables_break_over_the_pages_they_did(nb):
    """Where a table breaks depends on each row's height (a title wrapped over lines, an amount broken in a narrow
    column): the item rows on each page, as reportlab laid them out when it measured every cell itself (the plan
    items, the one-off and the annual cost split, the timeline, the shares)."""
    tenants = tuple(f"Kommune {k}" for k in range(18))
    export = replace(
        _export(n_items=40),
        tenants=tenants,
        items=tuple(_item(n, 9_876_543_21 * n, 50_000 * n, tenants=tenants) for n in range(40)),
    )
    pages = [[int(n) for n in re.findall(r"Tiltak (\d+):", text)] for text in _pages(plan_pdf(export))]
    items = [range(9), range(9, 25), range(25, 40)]
    one_off = [range(9), range(9, 18), range(18, 27), range(27, 36), [*range(36, 40), *range(3)]]
    annual = [range(3, 19), range(19, 31), range(31, 40)]
    timeline = [range(15), range(15, 30), range(30, 40), []]
    assert pages == [list(rows) for rows in (*items, *one_off, *annual, *timeline)]


def _drawn(canvas_class) -> bytes:
    out = BytesIO()
    canvas = canvas_class(out, invariant=1)
    texts = ("1\xa0250\xa0000,50", "Åsgårdstrand og Ørje", "(a) \\ b)", "→ Ω €", "")
    for font, size in (("Helvetica", 8), ("Helvetica-Bold", 9)):
        canvas.setFont(font, size)
        for k, text in enumerate(texts * 2):  # twice: the second time from what the canvas kept
            canvas.drawString(10.5, 20 * k, text)
            canvas.drawRightString(300.25, 20 * k + 5, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_pdf_canvas_writes_strings_as_reportlab_writes_them():
    """The tables' strings are written once per document (``_TextCanvas``): the very bytes of reportlab's canvas,
    symbols from its substitution fonts and PDF escapes included."""
    assert _drawn(_TextCanvas) == _drawn(Canvas)


def _lines() -> list[BudgetLine]:
    return [
        BudgetLine(
            2027,
            2,
            "Sak- og arkiv; felles «løsning»",
            1,
            "2027-Q2",
            "Tiltaksplanens budsjett",
            False,
            12_345_678,
            1_000_001,
            "NOK",
        ),
        BudgetLine(2027, 2, "Trygghetsalarmer", 3, "2027-Q4", "Egne budsjetter", True, 0, 50, "NOK"),
    ]


def test_budget_csv_parses_back_in_norwegian(nb):
    text = budget_lines_csv(_lines(), "Kongsberg")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(StringIO(text[1:]), delimiter=";"))
    assert rows[0][0] == "Kommune" and len(rows) == 3
    assert rows[1][:4] == ["Kongsberg", "2027", "2", "Sak- og arkiv; felles «løsning»"]
    assert rows[1][8:] == ["123456,78", "10000,01", "NOK"]
    assert rows[2][7:10] == ["Ja", "0,00", "0,50"]


def test_budget_csv_in_english_uses_commas_and_points(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        text = budget_lines_csv(_lines(), "Kongsberg")
    rows = list(csv.reader(StringIO(text[1:])))
    assert rows[0][0] == "Municipality"
    assert rows[1][8:] == ["123456.78", "10000.01", "NOK"]
