"""The routine's second half (seed 002, steps 8 to 11), as each person takes it in a browser.

The purchaser puts the evaluation report and the contract in the procurement's documents and sends the
recommendation to the quality check; the coordinator approves it; each participant's chief executive approves
the award at e-ID level high; after the standstill period the coordinator signs the contract; the coordinator
draws up the data processing agreement and each chief executive signs it, every signature its own e-ID sign-in;
the signed papers then reach every participant, the partner that receives them, and each budget.
"""

from __future__ import annotations

from datetime import date

from tests.browser.eid_browser import leave_app_for_provider, log_in_at_provider
from tests.browser.routine import PROCUREMENT, TENDERS, Cast, open_procurement
from tests.browser.routine_browser import (
    Desk,
    assert_heading,
    assert_told,
    button,
    follow,
    open_menu,
    press,
    submit_at_level_high,
)
from tests.support.login import HIGH_LEVEL
from tests.support.world import Person

# A minimal PDF: the document store checks what the bytes are, not what they say.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PARTNER = "K-IKT"


def purchaser_uploads_award_papers(desk: Desk, purchaser: Person, folder) -> None:
    """The evaluation report and the contract go into the procurement's documents; then to the quality check."""
    open_procurement(desk, purchaser)
    page = desk.page
    follow(page, "Documents")
    for kind, name in (("Evaluation report", "evaluation-report.pdf"), ("Contract", "contract.pdf")):
        path = folder / name
        path.write_bytes(PDF + name.encode())
        page.get_by_label("Kind of document").select_option(label=kind)
        page.get_by_label("File").set_input_files(str(path))
        press(page, button(page, "Upload"))
        assert_told(page, f"{kind} version 1 was uploaded.")
    follow(page, "Back to the procurement")
    press(page, button(page, "Move to Quality check"))
    assert_told(page, "The procurement is now at the stage Quality check.")


def open_award(desk: Desk, person: Person) -> None:
    open_procurement(desk, person)
    follow(desk.page, "Award")
    assert_heading(desk.page, "Award")


def coordinator_approves_recommendation(desk: Desk, coordinator: Person) -> None:
    open_award(desk, coordinator)
    page = desk.page
    recommendation = page.locator("section").filter(has=page.get_by_role("heading", name="Award recommendation"))
    assert TENDERS[0].supplier in recommendation.first.inner_text()
    press(page, button(page, "Approve the recommendation"))
    assert_told(page, "The recommendation was approved: the participants' chief executives are asked to approve")


def chief_approves_award(desk: Desk, chief: Person, municipality: str) -> None:
    """From the chief executive's own login, at e-ID level high."""
    open_award(desk, chief)
    page = desk.page
    submit_at_level_high(desk, button(page, "Approve the award"))
    assert_told(page, f"{municipality} approved the award.")


def award_is_decided(desk: Desk) -> None:
    page = desk.page
    assert page.get_by_role("heading", name="Standstill period").count(), page.content()[:3000]
    assert page.get_by_text("The standstill period of 10 days ends on").count()


def coordinator_signs_contract(desk: Desk, coordinator: Person, starts: date) -> None:
    """After the standstill period: the contract signed at level high enters the region's register."""
    open_award(desk, coordinator)
    page = desk.page
    page.get_by_label("Start date").fill(starts.strftime("%d.%m.%Y"))
    page.get_by_label("End date").fill(starts.replace(year=starts.year + 4, day=1).strftime("%d.%m.%Y"))
    page.get_by_label("Annual value in NOK (optional)").fill("400 000")
    page.get_by_label("Kraljic class").select_option(label="Strategic")
    personal = page.get_by_label("The supplier processes personal data for the participants")
    assert personal.is_checked(), "the needs process personal data: the form should say so already"
    submit_at_level_high(desk, button(page, "Sign the contract"))
    assert_told(page, "The contract was signed and entered in the region's contract register.")


def coordinator_marks_partner_recipient(desk: Desk, coordinator: Person) -> None:
    """The shared IT service receives the signed papers, to budget the maintenance."""
    page = desk.sign_in_as(coordinator)
    open_menu(page, "Region")
    press(page, page.get_by_role("button", name=f"Send the signed papers to {PARTNER}"))
    assert_told(page, f"{PARTNER} receives the signed papers of each delivery.")


def coordinator_draws_up_dpa(desk: Desk, coordinator: Person) -> None:
    open_procurement(desk, coordinator)
    page = desk.page
    assert page.get_by_text("Not in force for personal data").count(), "the contract is in force before the DPA"
    follow(page, "The data processing agreement and its signatures")
    press(page, button(page, "Draw up the agreement"))
    assert_told(page, "Version 1 of the data processing agreement was drawn up.")


def chief_signs_dpa(desk: Desk, chief: Person, municipality: str) -> None:
    """The signature is a fresh e-ID sign-in at level high, bound to the version on the page."""
    open_procurement(desk, chief)
    page = desk.page
    follow(page, "The data processing agreement and its signatures")
    control = page.get_by_role("button", name=f"Sign version 1 for {municipality} with e-ID")
    leave_app_for_provider(page, desk.live_server, control)
    log_in_at_provider(page, desk.live_server, chief.pid, HIGH_LEVEL)
    assert_told(page, "You signed version 1 of the data processing agreement.")


def papers_are_delivered(desk: Desk, coordinator: Person) -> None:
    """The last signature sent the papers out: the procurement is delivered and in force for personal data."""
    open_procurement(desk, coordinator)
    page = desk.page
    assert page.get_by_text("In force for personal data").count(), page.content()[:3000]
    now = page.locator("#stage-heading + *, section").filter(has_text="Now:").first.inner_text()
    assert "Now: Delivered" in " ".join(now.split()), now


def municipality_has_papers(desk: Desk, person: Person) -> None:
    page = desk.sign_in_as(person)
    open_menu(page, "Signed papers")
    table = page.locator("table").first.inner_text()
    assert "Contract" in table and "Data processing agreement" in table, table


def budget_shows_maintenance(desk: Desk, chief: Person) -> str:
    """The chief executive's budget page holds the municipality's yearly maintenance share of the contract."""
    page = desk.sign_in_as(chief)
    open_menu(page, "Budget")
    text = page.locator("main").inner_text()
    assert PROCUREMENT in text, text
    return text


def coordinator_confirms_go_live(desk: Desk, coordinator: Person, today: date) -> None:
    open_procurement(desk, coordinator)
    page = desk.page
    follow(page, "Delivery and go-live")
    page.get_by_label("In operation since").fill(today.strftime("%d.%m.%Y"))
    press(page, button(page, "Confirm go-live"))
    assert_told(page, "The procurement is now in operation.")


def second_half(desk: Desk, cast: Cast, folder, after_standstill, today: date) -> None:
    """Award recommendation → quality check → every approval → contract → DPA → delivery → operation."""
    purchaser_uploads_award_papers(desk, cast.purchaser, folder)
    coordinator_approves_recommendation(desk, cast.coordinator)
    for chief, municipality in cast.chiefs:
        chief_approves_award(desk, chief, municipality)
    award_is_decided(desk)
    after_standstill()
    coordinator_signs_contract(desk, cast.coordinator, today)
    coordinator_marks_partner_recipient(desk, cast.coordinator)
    coordinator_draws_up_dpa(desk, cast.coordinator)
    for chief, municipality in cast.chiefs:
        chief_signs_dpa(desk, chief, municipality)
    papers_are_delivered(desk, cast.coordinator)
    coordinator_confirms_go_live(desk, cast.coordinator, today)
