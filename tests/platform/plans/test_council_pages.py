"""The top of the plan and vote pages: what the person's municipality pays, and how far the council's vote has come;
the coordinator's confirm before submitting, and the draft's message."""

from __future__ import annotations

import re

from samverka.platform.core.extensions import db
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import approval, items
from samverka.platform.plans.services.municipality_pays import Amounts, municipality_pays
from samverka.tenants.models import RoleAssignment
from samverka.tenants.services.directory import member_tenants
from tests.platform.plans.factories import ITEM, YEAR, make_plan
from tests.platform.plans.support import acting, chief_of, seven_members
from tests.platform.ui.pages import body, page_problems, submit
from tests.support.login import sign_in
from tests.support.statements import counting_statements

NEW_ITEM = {**ITEM, "title": "Felles e-læring", "one_off_cost_minor": 10_000_000, "annual_cost_minor": 1_000_000}


def _english(client):
    submit(client, "/login", "/language", {"lang": "en", "next": "/"})


def _second_version(app, world) -> int:
    """Version 1 submitted (one item shared by Kongsberg and Flesberg); version 2 adds one for Kongsberg only."""
    plan = make_plan(app, world, submit=True)
    with acting(app, world.people["coordinator"]) as principal:
        successor = approval.new_version(db.session, principal, db.session.get(ActionPlan, plan.plan_id))
        items.add_item(db.session, principal, successor, participant_ids=[world.tenant_id], **NEW_ITEM)
        db.session.commit()
        return successor.id


def _pays_section(page: str) -> str:
    found = re.search(r'<section class="municipality-pays".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_your_municipality_pays_this_and_the_previous_version_in_one_query(app, tenant_a):
    plan_id = _second_version(app, tenant_a)
    with acting(app, None):  # the chief executive of Kongsberg is also Flesberg's
        db.session.add(
            RoleAssignment(
                user_id=tenant_a.people["chief"].user_id,
                role="chief_executive",
                tenant_id=tenant_a.other_tenant_id,
                user_name="Kongsb Chief",
                user_email="kongsb_chief@example.test",
            )
        )
        db.session.commit()
    with acting(app, tenant_a.people["chief"]) as principal:
        plan = db.session.get(ActionPlan, plan_id)
        members = member_tenants(db.session, plan.region_id)
        with counting_statements(app) as statements:
            pays = municipality_pays(db.session, principal, plan, members)
    assert len(statements) == 1  # both municipalities, both versions: one query
    by_name = {share.tenant_name: share for share in pays}
    # Equal shares (no key set): 1 250 000,00 split in two; 300 000,01 leaves the extra øre to the lower id.
    assert by_name["Kongsberg"].this_version == Amounts(62_500_000 + 10_000_000, 15_000_001 + 1_000_000)
    assert by_name["Kongsberg"].previous_version == Amounts(62_500_000, 15_000_001)
    assert by_name["Flesberg"].this_version == by_name["Flesberg"].previous_version == Amounts(62_500_000, 15_000_000)


def test_a_municipality_sees_only_its_own_share_and_another_region_sees_nothing(app, client, tenant_a, tenant_b):
    plan_id = _second_version(app, tenant_a)
    flesberg_chief = chief_of(app, tenant_a.other_tenant_id, "flesberg_chief", "11017012399")
    sign_in(client, flesberg_chief)
    _english(client)
    page = body(client.get(f"/action-plans/{plan_id}"))
    assert page_problems(page) == []
    pays = _pays_section(page)
    assert "Your municipality pays" in pays and "Flesberg" in pays and "Kongsberg" not in pays
    assert "NOK625,000.00" in pays.replace("\u00a0", "") and "NOK725,000.00" not in pays.replace("\u00a0", "")
    assert "version 1" in pays and "version 2" in pays
    vote_page = body(client.get(f"/action-plans/{plan_id}/vote"))
    assert "Kongsberg" not in _pays_section(vote_page)
    sign_in(client, tenant_b.people["chief"])
    assert client.get(f"/action-plans/{plan_id}").status_code == 404
    assert client.get(f"/action-plans/{plan_id}/vote").status_code == 404
    sign_in(client, tenant_a.people["coordinator"])
    assert _pays_section(body(client.get(f"/action-plans/{plan_id}"))) == ""  # the region's staff belong to none


def test_everyone_sees_how_far_the_vote_has_come(app, client, tenant_a):
    members = seven_members(app, tenant_a)
    plan = make_plan(app, tenant_a, participant_ids=sorted(members.values()))
    sign_in(client, tenant_a.people["partner"])
    _english(client)
    assert "Not yet submitted for approval" in body(client.get(f"/action-plans/{plan.plan_id}"))
    with acting(app, tenant_a.people["coordinator"]) as principal:
        approval.submit(db.session, principal, db.session.get(ActionPlan, plan.plan_id))
        db.session.commit()
    for tenant_id in members["Kongsberg"], members["Tinn"]:
        chief = (
            tenant_a.people["chief"]
            if tenant_id == tenant_a.tenant_id
            else chief_of(app, tenant_id, f"c{tenant_id}", f"8{tenant_id:010d}")
        )
        with acting(app, chief) as principal:
            approval.vote(
                db.session, principal, db.session.get(ActionPlan, plan.plan_id), decision="approve", comment="", acr="x"
            )
            db.session.commit()
    # The partner's page reads the members as the platform; the coordinator's from what the coordinator reads,
    # without switching to the platform and back (two scope settings fewer).
    settings = {}
    for person in "partner", "coordinator":
        sign_in(client, tenant_a.people[person])
        _english(client)
        with counting_statements(app, keep=lambda statement: "set_config" in statement) as found:
            page = body(client.get(f"/action-plans/{plan.plan_id}"))
        settings[person] = len(found)
        assert "2 of 7 member municipalities have approved." in page, person
        assert "Waiting for Flesberg, Hjartdal, Nore og Uvdal, Notodden, and Rollag." in page, person
    assert settings["coordinator"] == settings["partner"] - 2


def test_submitting_names_the_chief_executives_it_will_e_mail_and_asks_to_confirm(app, client, tenant_a):
    plan = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    _english(client)
    page = body(client.get(f"/action-plans/{plan.plan_id}"))
    assert page_problems(page) == []
    assert '<details class="confirm">' in page  # the confirm step opens without script
    assert "Submit and e-mail 1 chief executive" in page and "Kongsb Chief (Kongsberg)" in page
    assert "Flesberg: nobody to e-mail" in page
    response = submit(client, f"/action-plans/{plan.plan_id}", f"/action-plans/{plan.plan_id}/submit", {})
    assert response.status_code == 302
    assert "1 chief executive is e-mailed and asked to vote" in body(client.get(response.headers["Location"]))


def test_the_draft_says_what_it_did_on_the_plan_it_made(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    _english(client)
    plans = f"/regions/{tenant_a.region_id}/action-plans"
    response = submit(client, plans, f"{plans}/draft", {})
    assert response.status_code == 302 and "/action-plans/" in response.headers["Location"]
    page = body(client.get(response.headers["Location"]))
    assert f"The plan for {YEAR} was drafted with 0 items." in page and "Reload" not in page
    again = submit(client, plans, f"{plans}/draft", {})
    assert again.headers["Location"] == response.headers["Location"]
    assert "already holds everything there is to add" in body(client.get(again.headers["Location"]))
