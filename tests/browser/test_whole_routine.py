"""The whole routine in a browser (issue 12, item 9): each person signs in with e-ID and uses the pages.

Need → matching → invitation → action plan approved → the procurement with the team's sections →
competition → evaluation → the draft award recommendation (``routine.py``) → the quality check → every chief
executive's approval → the contract → the data processing agreement signed by every chief executive → the
papers delivered to each participant and the shared IT service, the budgets → in operation
(``routine_award.py``); then ``samverka signatures verify``. The standstill period is the one step not waited
out: the decision's last day is moved to yesterday. Only the people, the region's requirement
library and the test's world are set up in the database; every step of the routine is taken on the pages
(``tests/browser/routine.py``). The app serves the browser from another thread, so the test commits its data
(the ``live_server`` fixture marks it ``committed``), and its jobs (the re-matching after a submission) run
in-process once a request commits.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from samverka.platform import app as app_module
from samverka.platform.cli import main
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import earliest_local_today
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.requirements.services import library
from samverka.tenants.services.principals import load_principal
from tests.browser import routine, routine_award
from tests.browser.routine import Cast, NeedText
from tests.browser.routine_browser import Desk
from tests.platform.awards.factories import standstill_ends
from tests.support.world import add_person

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_path")]


@pytest.fixture
def cast(app, world) -> Cast:
    """Region A's people, and those the routine needs besides: Flesberg's IT coordinator and chief executive,
    the region's purchaser and K-IKT's data protection officer; the region's requirement library loaded."""
    a = world[0]
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        flesberg, k_ikt = {"tenant_id": a.other_tenant_id}, {"partner_id": a.partner_id, "region_id": a.region_id}
        added = {
            "flesberg_it": add_person(app, "flesberg_it", "11017012345", "it_coordinator", **flesberg),
            "flesberg_chief": add_person(app, "flesberg_chief", "12017012345", "chief_executive", **flesberg),
            "purchaser": add_person(app, "region_purchaser", "13017012345", "purchaser", region_id=a.region_id),
            "privacy_officer": add_person(app, "kikt_privacy_officer", "14017012345", "partner_reader", **k_ikt),
        }
        db.session.commit()
        coordinator = load_principal(db.session, a.people["coordinator"].user_id)
        library.load_default_library(db.session, coordinator, a.region_id)
        db.session.commit()
    return Cast(
        kongsberg_it=a.people["it"],
        flesberg_it=added["flesberg_it"],
        coordinator=a.people["coordinator"],
        kongsberg_chief=a.people["chief"],
        flesberg_chief=added["flesberg_chief"],
        purchaser=added["purchaser"],
        user_representative=a.people["it"],
        architect=a.people["partner"],
        privacy_officer=added["privacy_officer"],
    )


@pytest.fixture
def desk(browser, live_server):
    seat = Desk(browser, live_server)
    yield seat
    seat.close()


def needs(today) -> list[NeedText]:
    """Kongsberg's and Flesberg's needs: alike enough for the matching (category, CPV, ePhorte, timing)."""
    start = f"{today.year + 2}-Q1"
    return [
        NeedText(
            "Nytt sak- og arkivsystem",
            "Sak- og arkivsystemet ePhorte skal erstattes; Noark 5, eInnsyn og SvarUt.",
            start,
            "1 200 000",
            "300 000",
        ),
        NeedText(
            "Sak- og arkivsystem til erstatning for ePhorte",
            "Flesberg trenger et nytt sak- og arkivsystem etter ePhorte, med Noark 5 og SvarUt.",
            start,
            "400 000",
            "100 000",
        ),
    ]


def test_the_whole_routine_from_need_to_the_signed_papers_in_operation(desk, cast, app, tmp_path, monkeypatch):
    today = earliest_local_today()
    kongsberg, flesberg = needs(today)

    # Need: each municipality's IT coordinator registers a need with personal data and submits it.
    routine.register_need(desk, cast.kongsberg_it, kongsberg)
    routine.submit_need_to_region(desk)
    routine.register_need(desk, cast.flesberg_it, flesberg)
    routine.submit_need_to_region(desk)

    # Matching and invitation.
    routine.coordinator_accepts_proposal(desk, cast.coordinator, [kongsberg, flesberg])
    routine.coordinator_sees_both_members_in(desk, [kongsberg, flesberg])

    # The action plan, approved by every member's chief executive at e-ID level high.
    routine.coordinator_submits_action_plan(desk, cast.coordinator, today.year + 1)
    for chief, municipality in cast.chiefs:
        routine.chief_votes_for_plan(desk, chief, municipality, today.year + 1)
    routine.plan_is_approved(desk)

    # The procurement: preparation, the team, the requirements and each member's section.
    routine.purchaser_starts_preparation(desk, cast.purchaser)
    routine.purchaser_assigns_team(desk, cast)
    routine.purchaser_draws_requirements(desk)
    routine.member_writes_section(desk, cast.user_representative, "User representative")
    routine.member_writes_section(desk, cast.architect, "IT architecture")
    routine.architect_assesses_risks(desk)
    routine.member_writes_section(desk, cast.privacy_officer, "Data protection officer")

    # Competition, evaluation and the draft award recommendation.
    routine.purchaser_sets_criteria_and_requirements(desk, cast.purchaser)
    routine.gates_open_for_competition(desk)
    routine.purchaser_records_tenders(desk, (today - timedelta(days=3)).isoformat())
    routine.purchaser_evaluates_tenders(desk)
    routine.purchaser_drafts_award_recommendation(desk)

    # The award approved by every chief executive, the contract, the DPA signed by all, the papers delivered.
    procurement_id = _procurement_id(app)
    routine_award.second_half(
        desk, cast, tmp_path, after_standstill=lambda: standstill_ends(app, procurement_id, -1), today=today
    )

    # Every participant and the partner that receives them hold the papers; Flesberg's budget its share.
    routine_award.municipality_has_papers(desk, cast.kongsberg_it)
    routine_award.municipality_has_papers(desk, cast.architect)  # K-IKT's reader: the shared IT service
    budget = routine_award.budget_shows_maintenance(desk, cast.flesberg_chief)
    assert "Maintenance" in budget or "maintenance" in budget, budget

    # Every signature proves itself offline.
    monkeypatch.setattr(app_module, "create_app", lambda: app)
    verified = CliRunner().invoke(main, ["signatures", "verify", "--procurement", str(procurement_id)])
    assert verified.exit_code == 0, verified.output


def _procurement_id(app) -> int:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: the procurement the pages made"))
        return db.session.scalar(select(JointProcurement.id).where(JointProcurement.title == routine.PROCUREMENT))
