"""The region's routine for joint procurements (seed 002), step by step, as each person takes it in a browser.

Each step signs the person in (a browser profile of their own), does on the pages what the routine asks
of them and checks what they now see. The steps take only what a person knows: their own login, the
titles they read, the labels of the pages; nothing reaches the services or the database.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from tests.support.world import Person

REGION = "Kongsbergregionen"
PROCUREMENT = "Felles sak- og arkivsystem"


@dataclass(frozen=True)
class Cast:
    """The people of the routine, each signing in with their own e-ID."""

    kongsberg_it: Person
    flesberg_it: Person
    coordinator: Person
    kongsberg_chief: Person
    flesberg_chief: Person
    purchaser: Person
    user_representative: Person
    architect: Person
    privacy_officer: Person

    @property
    def chiefs(self) -> tuple[tuple[Person, str], ...]:
        return ((self.kongsberg_chief, "Kongsberg"), (self.flesberg_chief, "Flesberg"))


@dataclass(frozen=True)
class NeedText:
    title: str
    description: str
    desired_start: str
    one_off_cost: str
    annual_cost: str


@dataclass(frozen=True)
class TenderText:
    supplier: str
    orgnr: str
    scores: tuple[str, str]


CRITERIA = (("Price", "60"), ("Quality", "40"))
MANDATORY = ("Data is stored and processed in the EU/EEA.", "Noark 5 export of the whole archive.")
TENDERS = (
    TenderText("Sikri AS", "981541332", ("8", "9")),
    TenderText("Tieto Norge AS", "974760673", ("7", "6")),
)
SECTIONS = {
    "User representative": "Noark 5, eInnsyn and SvarUt; 40 case officers in Kongsberg and Flesberg.",
    "IT architecture": "Integrations with the population register and SvarUt; run as a service; Entra ID sign-in.",
    "Data protection officer": "Case files hold personal data of citizens; a data processing agreement is required.",
}


# --- Need ---------------------------------------------------------------------------------------------------


def register_need(desk: Desk, it_coordinator: Person, need: NeedText) -> None:
    """The IT coordinator registers the need, with personal data, from the municipality's needs page."""
    page = desk.sign_in_as(it_coordinator)
    open_menu(page, "Needs")
    follow(page, "Register a need")
    page.get_by_label("Title").fill(need.title)
    page.get_by_label("Description").fill(need.description)
    page.get_by_label("Kind of need").select_option(label="Replacement of a solution")
    page.get_by_role("combobox", name="Category").select_option(label="Business systems")
    page.get_by_role("textbox", name="CPV codes").fill("48311100-2")
    page.get_by_label("Current solution (optional)").fill("ePhorte")
    page.get_by_label("Current supplier (optional)").fill("Sikri AS")
    page.get_by_label("Desired start (optional)").fill(need.desired_start)
    page.get_by_label("Estimated one-off cost (optional)").fill(need.one_off_cost)
    page.get_by_label("Estimated annual cost (optional)").fill(need.annual_cost)
    page.get_by_label("Personal data will be processed").check()
    # Shown once the box is ticked; the need cannot be submitted without them.
    page.get_by_label("Purpose of the processing").fill("Case handling and archiving of the municipality's cases")
    for answer in ("Case records and correspondence", "Contact details", "Residents", "Employees"):
        page.get_by_label(answer, exact=True).check()
    press(page, button(page, "Save").last)
    assert_heading(page, need.title)
    assert "Draft" in page.locator(".lead").inner_text()


def submit_need_to_region(desk: Desk) -> None:
    """On the need's page: the region chosen, submitted; the need now waits for the region."""
    page = desk.page
    page.get_by_label(REGION).check()
    press(page, button(page, "Submit"))
    assert "Submitted" in page.locator(".lead").inner_text(), page.url
    assert f"Submitted to: {REGION}" in page.content()


# --- Matching and invitation --------------------------------------------------------------------------------


def coordinator_accepts_proposal(desk: Desk, coordinator: Person, needs: list[NeedText]) -> None:
    """The matching proposed both municipalities' needs (the re-match ran after the submission); the coordinator
    accepts the proposal as a joint procurement."""
    page = desk.sign_in_as(coordinator)
    open_menu(page, "Proposals")
    proposal = page.locator("section.proposal").filter(has_text=needs[0].title)
    assert proposal.count() == 1, f"no single proposal with {needs[0].title!r}:\n{page.content()[:3000]}"
    for municipality, need in zip(("Kongsberg", "Flesberg"), needs, strict=True):
        assert proposal.get_by_text(f"{municipality}: {need.title}").count(), f"{municipality}'s need not proposed"
    proposal.get_by_label("Title of the joint procurement").fill(PROCUREMENT)
    press(page, button(proposal, "Accept as a joint procurement"))
    assert_told(page, "The proposal was accepted as a draft joint procurement.")
    follow(page, "Open the joint procurement")
    assert_heading(page, PROCUREMENT)
    assert page.get_by_text("Needs in this joint procurement: 2").count()


def coordinator_sees_both_members_in(desk: Desk, needs: list[NeedText]) -> None:
    """The invitation: every member municipality is already in with its need, so nobody is left to invite."""
    invite = desk.page.locator("section").filter(has=desk.page.get_by_role("heading", name="Invite municipalities"))
    for municipality, need in zip(("Kongsberg", "Flesberg"), needs, strict=True):
        choice = invite.get_by_label(f"{municipality} – already in with: {need.title}")
        assert choice.count() == 1 and not choice.is_checked(), f"{municipality} should be in, not to invite"


# --- Action plan ----------------------------------------------------------------------------------------------


def coordinator_submits_action_plan(desk: Desk, coordinator: Person, year: int) -> None:
    """The coordinator drafts next year's plan (the joint procurement is an item) and submits it for the vote."""
    page = desk.sign_in_as(coordinator)
    open_menu(page, "Action plans")
    press(page, button(page, f"Draft plan for {year}"))
    assert_told(page, f"The plan for {year} was drafted with 1 item.")
    assert page.get_by_role("rowheader", name=PROCUREMENT).count(), "the joint procurement is not in the plan"
    page.locator("summary", has_text="Submit to the chief executives for approval").click()
    press(page, button(page, "Submit and e-mail 2 chief executives"))
    assert page.get_by_text("0 of 2 member municipalities have approved.").count(), page.url


def chief_votes_for_plan(desk: Desk, chief: Person, municipality: str, year: int) -> None:
    """The chief executive finds the vote among what needs attention, approves and confirms at e-ID level high."""
    page = desk.sign_in_as(chief)
    follow(page, f"Vote on the action plan {year}, version 1")
    assert_heading(page, f"Vote on the action plan {year}")
    page.get_by_label("Decision").select_option(label="Approves")
    page.get_by_label("Comment (optional)").fill(f"{municipality} approves.")
    assert submit_at_level_high(desk, button(page, "Cast the vote")), "the vote did not ask for e-ID at level high"
    assert_told(page, "Your vote was recorded.")
    assert page.get_by_role("cell", name=f"{municipality} approves.").count()


def plan_is_approved(desk: Desk) -> None:
    """The last vote decided it: the chief executive now reads an approved plan."""
    page = desk.page
    assert page.get_by_text("2 of 2 member municipalities have approved.").count(), page.url
    assert page.locator(".facts").get_by_text("Approved").count(), "the plan is not shown as approved"


# --- The procurement and its team ---------------------------------------------------------------------------


def open_procurement(desk: Desk, person: Person) -> None:
    page = desk.sign_in_as(person)
    open_menu(page, "Joint procurements")
    follow(page, PROCUREMENT)
    assert_heading(page, PROCUREMENT)


def move_to(desk: Desk, stage: str) -> None:
    """The procurement page's step to ``stage``; the page then says it is there."""
    page = desk.page
    press(page, button(page, f"Move to {stage}"))
    assert_told(page, f"The procurement is now at the stage {stage}.")


def purchaser_starts_preparation(desk: Desk, purchaser: Person) -> None:
    open_procurement(desk, purchaser)
    move_to(desk, "Preparation")


def purchaser_assigns_team(desk: Desk, cast: Cast) -> None:
    page = desk.page
    follow(page, "Team and sections")
    team = (
        (cast.user_representative, "User representative"),
        (cast.architect, "IT architecture"),
        (cast.privacy_officer, "Data protection officer"),
        (cast.purchaser, "Purchaser"),
    )
    for person, role in team:
        page.get_by_role("combobox", name="Person").select_option(label=_name(person))
        page.get_by_role("combobox", name="Role").select_option(label=role)
        press(page, button(page, "Assign"))
        assert_told(page, f"{_name(person)} is on the team as {role}.")


def purchaser_draws_requirements(desk: Desk) -> None:
    """From preparation to requirements; the classification's requirements drawn from the region's library."""
    page = desk.page
    follow(page, "The procurement")
    move_to(desk, "Requirements")
    follow(page, "Team and sections")
    follow(page, "Requirements")
    press(page, button(page, "Draw the requirements"))
    assert not page.get_by_role("heading", name="Not drawn yet").count(), "requirements left undrawn"
    assert page.get_by_role("heading", name="Mandatory requirements of this procurement").count()


def member_writes_section(desk: Desk, member: Person, role: str) -> None:
    """A team member follows what they owe from their landing page, writes their section and marks it done."""
    page = desk.sign_in_as(member)
    follow(page, f"Write your section ({role}) for {PROCUREMENT}")
    section = page.locator("section.requirement-section").filter(has=page.get_by_role("heading", name=role))
    section.get_by_label("Your section (optional until done)").fill(SECTIONS[role])
    section.get_by_label("Status").select_option(label="Done")
    press(page, button(section, "Save section"))
    assert_told(page, f"The section {role} was saved.")
    done = page.locator("section.requirement-section").filter(has=page.get_by_role("heading", name=role))
    assert "Done" in done.get_by_role("heading").inner_text()


def architect_assesses_risks(desk: Desk) -> None:
    """IT architecture records a risk and marks the risk assessment done, with a DPIA needed."""
    page = desk.page
    follow(page, "Risk assessment")
    page.get_by_role("textbox", name="Risk").fill("Migration from ePhorte loses case history.")
    page.get_by_label("Likelihood").select_option(index=2)
    page.get_by_label("Consequence").select_option(index=3)
    page.get_by_label("Measure (optional)").fill("Test migration with the archive network before go-live.")
    press(page, button(page, "Record risk"))
    assert page.get_by_role("cell", name="Migration from ePhorte loses case history.").count()
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_label("A data protection impact assessment is needed").check()
    press(page, button(page, "Save assessment"))
    assert page.get_by_text("Data protection impact assessment needed").count()


# --- Competition, evaluation, award recommendation -----------------------------------------------------------


def purchaser_sets_criteria_and_requirements(desk: Desk, purchaser: Person) -> None:
    """The award criteria (weights adding up to 100) and the mandatory requirements, on the tenders page."""
    open_procurement(desk, purchaser)
    page = desk.page
    follow(page, "Tenders and evaluation")
    for number, (name, weight) in enumerate(CRITERIA, start=1):
        page.get_by_label(f"Criterion {number} (optional)").fill(name)
        page.get_by_label(f"Weight of criterion {number}, per cent (optional)").fill(weight)
    press(page, button(page, "Save award criteria"))
    assert_told(page, "The award criteria were saved.")
    page.get_by_label("Mandatory requirements, one per line (optional)").fill("\n".join(MANDATORY))
    press(page, button(page, "Save mandatory requirements"))
    for requirement in MANDATORY:
        assert page.get_by_role("listitem").filter(has_text=requirement).count(), f"{requirement!r} not saved"


def gates_open_for_competition(desk: Desk) -> None:
    """The team page's gate list is empty: the procurement may enter competition, and does."""
    page = desk.page
    follow(page, "Back to the procurement")
    follow(page, "Team and sections")
    assert page.get_by_text("The team has done everything competition asks for.").count(), _gate_text(desk)
    follow(page, "The procurement")
    assert page.get_by_text("Nothing is missing before Competition.").count()
    move_to(desk, "Competition")


def purchaser_records_tenders(desk: Desk, received_on: str) -> None:
    page = desk.page
    follow(page, "Tenders and evaluation")
    for tender in TENDERS:
        page.get_by_label("Supplier").fill(tender.supplier)
        page.get_by_role("combobox", name="Country Required").select_option(label="Norway")
        page.get_by_label("Organisation number").fill(tender.orgnr)
        page.get_by_label("Received on").fill(received_on)
        if tender is TENDERS[0]:  # its sub-processor, for the data processing agreement
            page.get_by_label("Sub-processor 1: name").fill("Nordisk Skydrift AS")
            page.get_by_label("Sub-processor 1: country").select_option(label="Sweden")
            page.get_by_label("Sub-processor 1: service").fill("Hosting")
        press(page, button(page, "Record tender"))
        assert_told(page, f"The tender from {tender.supplier} was recorded.")
        follow(page, "Back to the tenders")
    follow(page, "Back to the procurement")
    move_to(desk, "Evaluation")


def purchaser_evaluates_tenders(desk: Desk) -> None:
    """Each tender: every mandatory requirement met, a score per criterion."""
    page = desk.page
    follow(page, "Tenders and evaluation")
    for tender in TENDERS:
        follow(page, tender.supplier)
        for requirement in MANDATORY:
            page.get_by_role("group", name=requirement).get_by_label("Met", exact=True).check()
        for (criterion, weight), score in zip(CRITERIA, tender.scores, strict=True):
            page.get_by_label(f"{criterion} ({weight} %): score 0 to 10").fill(score)
        press(page, button(page, "Save evaluation"))
        assert_told(page, f"The evaluation of {tender.supplier} was saved.")
        follow(page, "Back to the tenders")


def purchaser_drafts_award_recommendation(desk: Desk) -> None:
    """The ranking puts the best weighted score first; the purchaser drafts the recommendation from it and moves
    the procurement to the award recommendation."""
    page = desk.page
    follow(page, "Ranking and award recommendation")
    first = page.locator("table tbody tr").first
    assert TENDERS[0].supplier in first.inner_text(), page.content()[:3000]
    press(page, button(page, "Draft award recommendation from the ranking"))
    assert_told(page, "A draft award recommendation was made from the ranking.")
    recommendation = page.locator("p.recommendation")
    assert TENDERS[0].supplier in recommendation.inner_text()
    follow(page, "Back to the tenders")
    follow(page, "Back to the procurement")
    move_to(desk, "Award recommendation")


def _name(person: Person) -> str:
    """The name the pages show for a test person (``add_person`` makes it from the key)."""
    return person.key.replace("_", " ").title()


def _gate_text(desk: Desk) -> str:
    gate = desk.page.locator("section").filter(has=desk.page.get_by_role("heading", name="Before competition"))
    return f"the gate into competition still holds: {gate.inner_text()}"
