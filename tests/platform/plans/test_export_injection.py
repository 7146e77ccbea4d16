"""Hostile text in the exports: never a live formula in XLSX or CSV, never markup in the PDF; numbers stay numbers."""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from samverka.platform.plans.export_data import BudgetLine, ExportItem, ExportShare, PlanExport
from samverka.platform.plans.exports import budget_lines_csv, plan_pdf, plan_xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _item(title: str) -> ExportItem:
    return ExportItem(
        title=title,
        category="Velferdsteknologi",
        lead_months=12,
        priority=1,
        start_quarter="2027-Q1",
        responsible="=cmd|' /C calc'!A0",
        budget_source="Tiltaksplanens budsjett",
        outside_plan=False,
        one_off_minor=125_000_050,
        annual_minor=-30_000_001,
        shares=(ExportShare("=Kongsberg", 125_000_050, -30_000_001),),
    )


def _export(region_name: str = "Kongsbergregionen") -> PlanExport:
    return PlanExport(
        region_name=region_name,
        year=2027,
        version=1,
        status="Utkast",
        currency="NOK",
        cost_key="Like deler",
        tenants=("=Kongsberg",),
        items=tuple(_item(title) for title in HOSTILE),
        generated_on=date(2026, 11, 23),
    )


@pytest.fixture
def nb(app):
    with app.test_request_context(headers={"Accept-Language": "nb"}):
        yield


def test_xlsx_holds_no_formula_and_keeps_amounts_numeric(nb):
    data = plan_xlsx(_export(region_name="=Kongsbergregionen"))
    with zipfile.ZipFile(BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert "<f>" not in archive.read(name).decode() and "<f " not in archive.read(name).decode()
    workbook = load_workbook(BytesIO(data))
    texts = [c for ws in workbook for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    assert not [c.value for c in texts if c.value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    plan = workbook["Plan"]
    # Depending on the openpyxl version, XML reads a carriage return back as a line feed or keeps it:
    # the quote in front is what matters.
    titles = [c.value.replace("\r", "\n") for c in plan["B"] if isinstance(c.value, str) and "'" in c.value]
    assert set(titles) >= {"'" + title.replace("\r", "\n") for title in HOSTILE}
    amounts = [c.value for c in plan["H"] if c.data_type == "n" and c.value is not None]
    assert Decimal(str(amounts[0])) == Decimal("1250000.50")
    assert -300000.01 in [c.value for c in plan["I"]]


def test_budget_csv_neutralises_text_and_leaves_numbers_bare(nb):
    lines = [
        BudgetLine(2027, 1, title, 1, "2027-Q1", "Budsjett", False, 125_000_050, -30_000_001, "NOK")
        for title in HOSTILE
    ]
    text = budget_lines_csv(lines, "@Flesberg")
    rows = list(csv.reader(StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    for row, title in zip(rows[1:], HOSTILE, strict=True):
        assert row[0] == "'@Flesberg" and row[3] == "'" + title
        assert row[8] == "1250000,50" and row[9] == "-300000,01"
    # The raw text: amounts are never quoted, a title never starts a field with a formula prefix.
    assert ";1250000,50;-300000,01;NOK\r\n" in text
    assert not re.search(r'(^|;)"?[=+@\t\r-][^;]*', text.split("\r\n", 1)[1].replace("-300000,01", ""))


def test_pdf_escapes_markup_in_region_names_and_titles(nb):
    hostile = replace(
        _export(region_name="Region <b>Øst</b> & <font size=40>Vest"),
        items=(_item("<para>Tittel</para> <a href='http://evil.example'>x</a> < 5"),),
    )
    reader = PdfReader(BytesIO(plan_pdf(hostile)))
    text = "".join("".join(page.extract_text() for page in reader.pages).split())  # cells wrap anywhere
    assert "Region<b>Øst</b>&<fontsize=40>Vest" in text
    assert "<para>Tittel</para><ahref='http://evil.example'>x</a><5" in text
    assert all("/Annots" not in page for page in reader.pages)
