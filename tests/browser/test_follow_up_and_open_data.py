"""Issue 13's "Done when" in a browser: benefit follow-up, the region's roll-up, open contracting data, a
municipality's own export, and a partner's API token, each taken on the pages by the person who would.

Set up in the database is only what precedes the issue: Kongsberg's and Flesberg's needs delivered with
their benefit plans, a year before this one (so that Flesberg's yearly period is due and unreported), and
the procurement published by the region. The app serves the browser from another thread (``live_server``:
the data is committed) and runs its jobs in-process once a request commits, the export among them.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import earliest_local_today
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.publication.validation import errors
from tests.browser.pages import use_language
from tests.browser.routine_browser import (
    LANGUAGE,
    TIMEOUT_MS,
    Desk,
    assert_heading,
    assert_told,
    button,
    follow,
    open_menu,
    press,
)
from tests.platform.benefits.factories import delivered_with_benefits
from tests.platform.portability.factories import comparable, empty_installation, export_now, unzip
from tests.platform.publication.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_path")]

MONEY_LINE = "money: cost_saved"  # Kongsberg's quarterly money line (tests/platform/benefits/factories.py)
MEASURED = (("Q1", "30 000", "30,000"), ("Q2", "45 000", "45,000"))  # (quarter, as typed, as shown)
REALISED = 75_000
OCDS = "ocds/joint-procurements.json"  # in the export archive


@pytest.fixture
def desk(browser, live_server):
    seat = Desk(browser, live_server)
    yield seat
    seat.close()


@pytest.fixture
def delivered(app, world):
    """The delivered procurement (last year, on 15 January) in benefit follow-up, published by the region."""
    year = earliest_local_today().year - 1
    follow_up = delivered_with_benefits(app, world[0], delivered_on=date(year, 1, 15))
    publish(app, world[0], follow_up.procurement_id)
    return follow_up, year, _title(app, follow_up.procurement_id)


def test_follow_up_roll_up_open_data_export_and_api_token(desk, app, world, delivered, tmp_path):
    follow_up, year, title = delivered
    a = world[0]
    it_records_two_measurements_and_sees_the_chart(desk, a.people["it"], year)
    coordinator_sees_who_has_not_reported(desk, a.people["coordinator"], year)
    anyone_downloads_the_open_data(desk, title)
    it_exports_and_the_archive_imports(desk, a.people["it"], app, a.tenant_id, tmp_path)
    partner_reads_the_pipeline_with_a_token(desk, a.people["partner"], a.region_id, follow_up.procurement_id)


def it_records_two_measurements_and_sees_the_chart(desk: Desk, person, year: int) -> None:
    page = desk.sign_in_as(person)
    open_menu(page, "Benefits")  # the menu names it short; the page says what it is
    assert_heading(page, "Benefit follow-up")
    follow(page, "Nytt sak- og arkivsystem", within=page.locator("table"))  # Kongsberg's need: its plan
    for quarter, typed, _shown in MEASURED:
        line = _line(page, MONEY_LINE)
        line.get_by_role("combobox", name=re.compile("^Period")).select_option(label=f"{quarter} {year} (Overdue)")
        line.get_by_role("textbox", name="Realised in the period").fill(typed)
        line.get_by_role("textbox", name=re.compile("^Measured by")).fill("Økonomisjefen")
        line.get_by_label("Comment (optional)").fill(f"Lisenser sagt opp, {quarter}")
        press(page, button(line, "Record the measurement"))
        assert_told(page, "The measurement was recorded.")
    line = _line(page, MONEY_LINE)
    expect(line.locator(".ds-tag").first).to_have_text("Behind")  # 75 000 of the 400 000 planned over three years
    figure = line.locator("figure.chart")
    expect(figure.locator("svg[role=img]")).to_be_visible()
    numbers = figure.locator("table").inner_text()
    for quarter, _typed, shown in MEASURED:
        assert re.search(rf"{quarter} {year}\s.*{shown}", numbers), numbers
    assert "75,000" in numbers, numbers  # the realised total, cumulative
    history = line.get_by_role("table", name="Measurements, the latest period first").inner_text()
    assert "Økonomisjefen" in history and "Lisenser sagt opp, Q2" in history, history


def coordinator_sees_who_has_not_reported(desk: Desk, person, year: int) -> None:
    page = desk.sign_in_as(person)
    open_menu(page, "Benefits")
    page.get_by_label("Year", exact=True).select_option(label=str(year))
    press(page, button(page, "Show"))
    assert_heading(page, f"Benefits {year}")
    late = _not_reported(page)
    # Flesberg measured nothing of its yearly line; Kongsberg still owes the rest, not the quarters it measured.
    assert late["Flesberg"] == "1", late
    assert late["Kongsberg"] == "5", late  # Q3, Q4, H1, H2 and the year: 7 due, 2 measured
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (XLSX)").click()
    workbook = openpyxl.load_workbook(io.BytesIO(_read(download.value)))
    values = [cell for row in workbook["Roll-up"].iter_rows(values_only=True) for cell in row]
    assert REALISED in values, values
    not_reported = [row[1] for row in workbook["Not reported"].iter_rows(min_row=2, values_only=True)]
    assert "Flesberg" in not_reported, not_reported


def anyone_downloads_the_open_data(desk: Desk, title: str) -> None:
    desk.close()  # signed out: a fresh profile without cookies
    context = desk.browser.new_context(base_url=desk.live_server)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        use_language(page, desk.live_server, LANGUAGE)
        page.goto("/ocds/")
        assert_heading(page, "Open contracting data")
        row = page.get_by_role("row").filter(has_text=title)
        expect(row).to_have_count(1)
        link = row.get_by_role("link", name=f"Releases – {title}")
        address = link.get_attribute("href")
        answer = page.request.get(address)
        assert answer.ok, answer.status
        package = answer.json()
        assert errors(package) == []
        assert package["releases"] and {release["ocid"] for release in package["releases"]} == {address.split("/")[-2]}
        buyers = {party["name"] for party in package["releases"][0]["parties"] if "buyer" in party["roles"]}
        assert buyers == {"Kongsberg", "Flesberg"}, buyers
    finally:
        context.close()


def it_exports_and_the_archive_imports(desk: Desk, person, app, tenant_id: int, tmp_path) -> None:
    page = desk.sign_in_as(person)
    open_menu(page, "Municipality")
    follow(page, "Export our data")  # under "Our data" on the municipality's page
    press(page, button(page, "Start an export"))
    assert_told(page, "The export has started. You will get an e-mail when it is ready.")
    exports = page.get_by_role("table", name="Exports of the municipality, the newest first")
    download_link = exports.get_by_role("link", name="Download")
    expect(download_link).to_be_visible()  # the page refreshes itself while the export runs
    expect(exports.get_by_role("row").nth(1)).to_contain_text("Ready")
    with page.expect_download() as download:
        download_link.click()
    archive = _read(download.value)
    with empty_installation(tmp_path, name="e2e", public_url=app.config["PUBLIC_URL"]) as installation:
        loaded = installation.load(archive)
        again = export_now(installation.app, tenant_id)
    one, two = unzip(archive), unzip(again)
    assert loaded.tenant_id == tenant_id
    # The same content, the open contracting data of the region's published procurement included: the import kept
    # it, as the second installation holds none of the region's records to build it from.
    assert comparable(one) == comparable(two)
    assert errors(json.loads(one[OCDS])) == [] and json.loads(one[OCDS])["releases"]
    assert b"Lisenser sagt opp, Q2" in two["data/benefit_measurements.json"]


def partner_reads_the_pipeline_with_a_token(desk: Desk, person, region_id: int, procurement_id: int) -> None:
    page = desk.sign_in_as(person)
    open_menu(page, "API tokens")
    page.get_by_label("Name").fill("Tjenestekatalogen")
    press(page, button(page, "Create token"))
    secret = page.get_by_label("Token “Tjenestekatalogen”").input_value()
    assert secret.startswith("svk_")
    pipeline = f"/api/v1/regions/{region_id}/pipeline"
    answer = _bearer_get(desk, pipeline, secret)
    assert answer[0] == 200, answer
    assert procurement_id in [row["id"] for row in answer[1]], answer
    tokens = page.get_by_role("table", name="API tokens, the newest first")
    row = tokens.get_by_role("row").filter(has_text="Tjenestekatalogen")
    row.locator("summary", has_text="Revoke").click()
    press(page, row.get_by_role("button", name="Revoke Tjenestekatalogen"))
    assert_told(page, "The token “Tjenestekatalogen” is revoked: it no longer opens anything.")
    expect(row).to_contain_text("Revoked")
    assert _bearer_get(desk, pipeline, secret)[0] == 401


def _line(page: Page, description: str):
    """A benefit line's section of the plan's follow-up page, found by its heading."""
    return page.locator("section.benefit-line").filter(
        has=page.get_by_role("heading", name=re.compile(rf"^Benefit \d+: {re.escape(description)}$"))
    )


def _not_reported(page: Page) -> dict[str, str]:
    """Municipality: the number of missing periods, as the "Not reported" table shows them."""
    table = page.get_by_role("region", name=re.compile("Municipalities with due periods")).locator("tbody tr")
    rows = {}
    for index in range(table.count()):
        cells = table.nth(index).locator("td")
        rows[cells.nth(0).inner_text().strip()] = cells.nth(2).inner_text().strip()
    return rows


def _read(download) -> bytes:
    with open(download.path(), "rb") as file:
        return file.read()


def _bearer_get(desk: Desk, path: str, secret: str) -> tuple[int, object]:
    """A system's call with the token alone: a fresh profile, no session cookie."""
    context = desk.browser.new_context(base_url=desk.live_server)
    try:
        answer = context.request.get(path, headers={"Authorization": f"Bearer {secret}"})
        return answer.status, answer.json() if answer.ok else answer.text()
    finally:
        context.close()


def _title(app, procurement_id: int) -> str:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: the published procurement's title"))
        return db.session.scalar(select(JointProcurement.title).where(JointProcurement.id == procurement_id))
