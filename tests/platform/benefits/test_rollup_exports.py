"""The roll-up's XLSX and PDF for the council meeting: titled with region, year and date, with the page's numbers,
the chart printed in the PDF, and a municipality's or line's text never read as a formula."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import BenefitLine
from tests.platform.benefits.test_rollup import YEAR, reported_year
from tests.support.api import signed_in

FORMULA = '=HYPERLINK("http://evil.example","Klikk")'


def _english_coordinator(app, world):
    client = app.test_client()
    client.set_cookie("samverka_lang", "en")
    return signed_in(client, world.people["coordinator"])


def _rows(sheet) -> list[tuple]:
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_holds_the_numbers_as_numbers_and_the_not_reported(app, tenant_a):
    reported_year(app, tenant_a)
    answer = _english_coordinator(app, tenant_a).get(f"/regions/{tenant_a.region_id}/benefits.xlsx?year={YEAR}")

    assert answer.status_code == 200
    assert f'filename="benefits-{tenant_a.region_id}-{YEAR}.xlsx"' in answer.headers["Content-Disposition"]
    workbook = load_workbook(BytesIO(answer.data))
    rollup, late = workbook["Roll-up"], workbook["Not reported"]
    rows = _rows(rollup)
    assert rows[0][0].startswith(f"Benefit roll-up {YEAR}: ") and "(" in rows[0][0]  # region and date
    assert ("Region", rows[1][1]) == (rows[1][0], rows[1][1]) and rows[2][:2] == ("Year", YEAR)
    money = rows.index(("Municipality", "Planned (NOK)", "Realised (NOK)", "Share realised"))
    assert rows[money + 1 : money + 4] == [
        ("Flesberg", 100000, 0, 0),
        ("Kongsberg", 400000, 120000.5, 0.3),
        ("Total", 500000, 120000.5, 0.24),
    ]
    hours = rows.index(("Municipality", "Planned (hours)", "Realised (hours)", "Share realised"))
    assert rows[hours + 3] == ("Total", 2000, 1000, 0.5)
    counts = rows.index(("Municipality", "Planned (count)", "Realised (count)", "Share realised"))
    assert rows[counts + 1] == ("Flesberg", 50, 0, 0)
    late_rows = _rows(late)
    assert late_rows[0] == ("Procurement", "Municipality", "Missing periods", "What is missing")
    assert sorted((r[1], r[2]) for r in late_rows[1:]) == [("Flesberg", 2), ("Kongsberg", 2)]


def _pdf_text(data: bytes) -> str:
    return " ".join((page.extract_text() or "").replace("\xa0", " ") for page in PdfReader(BytesIO(data)).pages)


def test_the_pdf_prints_the_same_numbers_and_the_charts(app, tenant_a):
    reported_year(app, tenant_a)
    answer = _english_coordinator(app, tenant_a).get(f"/regions/{tenant_a.region_id}/benefits.pdf?year={YEAR}")

    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    text = _pdf_text(answer.data)
    assert f"Benefit roll-up {YEAR}:" in text
    for number in ("NOK 500,000.00", "NOK 400,000.00", "NOK 120,000.50", "30 %", "24 %", "2,000", "1,000", "50 %"):
        assert number in text, number
    assert "Not reported" in text and "Flesberg" in text
    # The chart: its title and the short labels drawn at the bars' ends.
    assert "planned and realised" in text and "Planned" in text and "Realised" in text


def test_a_line_written_as_a_formula_stays_text(app, tenant_a):
    reported = reported_year(app, tenant_a)
    with app.app_context():
        bind_principal(db.session, Principal.system("test: a formula in a line"))
        db.session.execute(
            update(BenefitLine).where(BenefitLine.id == reported.count_line_id).values(description=FORMULA)
        )
        db.session.commit()
    answer = _english_coordinator(app, tenant_a).get(f"/regions/{tenant_a.region_id}/benefits.xlsx?year={YEAR}")
    cells = [cell for row in load_workbook(BytesIO(answer.data))["Not reported"].iter_rows() for cell in row]
    flesberg = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert flesberg.data_type == "s" and not flesberg.value.startswith("=")
