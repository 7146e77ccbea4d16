"""The plan pages, driven as their people would after an e-ID sign-in."""

from __future__ import annotations

import re

from samverka.platform.core.extensions import db
from samverka.platform.plans.models import ActionPlan, FixedShare, PlanItem, PlanSettings, PlanVote
from samverka.platform.plans.services import items
from tests.platform.plans.factories import ITEM, YEAR, empty_plan, make_plan
from tests.platform.plans.support import acting
from tests.platform.ui.pages import body, page_problems, submit
from tests.support.api import count_rows
from tests.support.login import HIGH_LEVEL, sign_in, sign_in_with_eid


def _english(client):
    submit(client, "/login", "/language", {"lang": "en", "next": "/"})


def test_the_coordinator_sees_the_plan_with_its_split_and_totals(app, client, tenant_a):
    plan = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    _english(client)
    page = body(client.get(f"/action-plans/{plan.plan_id}"))
    assert page_problems(page) == []
    assert "Action plan 2027 – Kongsbergregionen" in page and ITEM["title"] in page
    assert "Kongsberg" in page and "Flesberg" in page  # both columns of the split
    assert "Submit to the chief executives for approval" in page
    for path in (
        f"/regions/{tenant_a.region_id}/action-plans",
        f"/regions/{tenant_a.region_id}/cost-sharing",
        f"/action-plans/{plan.plan_id}/items/new",
        f"/plan-items/{plan.item_id}/edit",
        f"/action-plans/{plan.plan_id}/timeline",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert page_problems(body(response)) == [], path


def test_fixed_shares_not_adding_up_to_100_are_refused_with_the_sum(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    _english(client)
    page = f"/regions/{tenant_a.region_id}/cost-sharing"
    response = submit(
        client,
        page,
        page,
        {
            "cost_method": "fixed",
            "equal_percent": "30",
            "approval_rule": "all",
            f"share_{tenant_a.tenant_id}": "90",
            f"share_{tenant_a.other_tenant_id}": "8,5",
        },
    )
    assert response.status_code == 422
    assert "The shares add up to 98.50 %, not 100 %." in body(response)
    assert count_rows(app, PlanSettings) == 0 and count_rows(app, FixedShare) == 0
    response = submit(client, page, page, {"cost_method": "mix", "equal_percent": "130", "approval_rule": "all"})
    assert response.status_code == 422 and "Enter the equal part of the mix" in body(response)
    assert count_rows(app, PlanSettings) == 0
    saved = submit(
        client,
        page,
        page,
        {
            "cost_method": "fixed",
            "equal_percent": "30",
            "approval_rule": "majority",
            f"share_{tenant_a.tenant_id}": "91,5",
            f"share_{tenant_a.other_tenant_id}": "8,5",
        },
    )
    assert saved.status_code == 302
    assert count_rows(app, FixedShare) == 2


def test_the_key_saved_recomputes_the_draft(app, client, tenant_a):
    plan = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}/cost-sharing"
    submit(
        client,
        page,
        page,
        {
            "cost_method": "fixed",
            "equal_percent": "30",
            "approval_rule": "all",
            f"share_{tenant_a.tenant_id}": "75",
            f"share_{tenant_a.other_tenant_id}": "25",
        },
    )
    with acting(app, None):
        shares = {s.tenant_id: s.one_off_minor for s in db.session.get(PlanItem, plan.item_id).shares}
    assert shares == {tenant_a.tenant_id: 93_750_000, tenant_a.other_tenant_id: 31_250_000}


def test_an_item_outside_the_plan_year_is_refused(app, client, tenant_a):
    plan_id = empty_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    _english(client)
    new = f"/action-plans/{plan_id}/items/new"
    response = submit(
        client,
        new,
        f"/action-plans/{plan_id}/items",
        {
            "title": "Nytt HR-system",
            "category": "business_systems",
            "priority": "1",
            "start_quarter": "2031-Q1",
            "responsible": "",
            "one_off_cost": "100 000",
            "annual_cost": "0",
            "budget_source": "plan",
            "participant_ids": [str(tenant_a.tenant_id)],
        },
    )
    assert response.status_code == 422
    assert f"Choose a quarter of the plan&#39;s year {YEAR}" in body(response)
    assert count_rows(app, PlanItem) == 0


def test_a_chief_executive_votes_after_signing_in_at_level_high(app, client, tenant_a):
    plan = make_plan(app, tenant_a, submit=True, participant_ids=[tenant_a.tenant_id])
    sign_in_with_eid(client, tenant_a.people["chief"])
    vote_page = f"/action-plans/{plan.plan_id}/vote"
    assert client.get(vote_page).status_code == 200  # the form is shown; sending it asks for the step-up
    plan_page = f"/action-plans/{plan.plan_id}"
    low = submit(client, plan_page, vote_page, {"decision": "approve", "comment": "Godkjent i RMU"})
    assert low.status_code == 302 and "/login/start" in low.headers["Location"]
    assert count_rows(app, PlanVote) == 0
    sign_in_with_eid(client, tenant_a.people["chief"], acr=HIGH_LEVEL)
    _english(client)
    response = submit(client, vote_page, vote_page, {"decision": "approve", "comment": "Godkjent i RMU"})
    assert response.status_code == 302
    page = body(client.get(f"/action-plans/{plan.plan_id}"))
    assert "Godkjent i RMU" in page and "Approves" in page
    with acting(app, None):
        vote = db.session.query(PlanVote).one()
        assert vote.acr == HIGH_LEVEL and db.session.get(ActionPlan, plan.plan_id).status == "submitted"
    again = submit(client, f"/action-plans/{plan.plan_id}", vote_page, {"decision": "reject", "comment": ""})
    assert again.status_code == 422 and "Kongsberg has already voted" in body(again)
    assert count_rows(app, PlanVote) == 1


def test_the_it_coordinator_cannot_vote(app, client, tenant_a):
    plan = make_plan(app, tenant_a, submit=True)
    sign_in(client, tenant_a.people["it"], acr=HIGH_LEVEL)
    _english(client)
    response = client.get(f"/action-plans/{plan.plan_id}/vote")
    assert response.status_code == 403
    assert "Only the chief executive of a member municipality" in body(response)


def test_budget_lines_show_only_the_own_municipality(app, client, tenant_a):
    make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["it"])
    _english(client)
    page = body(client.get(f"/tenants/{tenant_a.tenant_id}/budget"))
    assert page_problems(page) == []
    assert ITEM["title"] in page and "NOK" in page
    # Kongsberg's share of NOK 1 250 000 with Flesberg, equal key: 625 000.
    assert "625,000.00" in page
    assert client.get(f"/tenants/{tenant_a.other_tenant_id}/budget").status_code == 404


def test_exports_download_with_their_types_and_the_same_numbers(app, client, tenant_a):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    plan = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    xlsx = client.get(f"/action-plans/{plan.plan_id}/export.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="action-plan-{tenant_a.region_id}-{YEAR}-v1.xlsx"' in xlsx.headers["Content-Disposition"]
    cells = [c.value for ws in load_workbook(io.BytesIO(xlsx.data)).worksheets for row in ws.iter_rows() for c in row]
    assert any(ITEM["title"] == v for v in cells)
    pdf = client.get(f"/action-plans/{plan.plan_id}/export.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Kongsbergregionen" in text
    it = app.test_client()
    sign_in(it, tenant_a.people["it"])
    assert it.get(f"/action-plans/{plan.plan_id}/export.pdf").status_code == 403  # not the region's staff
    csv = it.get(f"/tenants/{tenant_a.tenant_id}/budget.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert ITEM["title"] in csv.get_data(as_text=True)
    assert it.get(f"/tenants/{tenant_a.other_tenant_id}/budget.csv").status_code == 404


def test_the_coordinator_takes_each_members_budget_lines_to_the_council(app, client, tenant_a, tenant_b):
    plan = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    _english(client)
    page = body(client.get(f"/action-plans/{plan.plan_id}"))
    assert f"/tenants/{tenant_a.other_tenant_id}/budget.csv" in page

    flesberg = client.get(f"/tenants/{tenant_a.other_tenant_id}/budget.csv").get_data(as_text=True)

    assert "Flesberg" in flesberg and ITEM["title"] in flesberg and "625000.00" in flesberg
    assert client.get(f"/tenants/{tenant_b.tenant_id}/budget.csv").status_code == 404  # not a member
    partner = app.test_client()
    sign_in(partner, tenant_a.people["partner"])
    assert partner.get(f"/tenants/{tenant_a.other_tenant_id}/budget.csv").status_code == 404


def test_the_chief_executives_overview_lists_the_plan_until_the_municipality_has_voted(app, client, tenant_a):
    from samverka.platform.plans.services import approval

    draft = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["chief"])
    _english(client)
    assert "Vote on the action plan" not in body(client.get("/"))  # a draft is not put to the vote
    with acting(app, tenant_a.people["coordinator"]) as principal:
        approval.submit(db.session, principal, db.session.get(ActionPlan, draft.plan_id))
        db.session.commit()

    page = body(client.get("/"))
    assert "Vote on the action plan" in page and f"/action-plans/{draft.plan_id}/vote" in page
    assert page_problems(page) == []
    with acting(app, tenant_a.people["chief"]) as principal:
        approval.vote(
            db.session,
            principal,
            db.session.get(ActionPlan, draft.plan_id),
            decision="approve",
            comment="",
            acr=HIGH_LEVEL,
        )
        db.session.commit()
    assert f"/action-plans/{draft.plan_id}/vote" not in body(client.get("/"))


def test_a_chart_drawn_once_is_kept_per_language_and_data(app, client, tenant_a):
    """The plan page's charts are kept by their exact data and locale: another language or a changed amount
    draws anew, never the chart kept for the other."""
    plan = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    path = f"/action-plans/{plan.plan_id}"
    assert f"Tidslinje for tiltaksplanen {YEAR}" in body(client.get(path))
    _english(client)
    assert f"Timeline of the action plan {YEAR}" in body(client.get(path))
    before = body(client.get(path))
    with acting(app, tenant_a.people["coordinator"]) as principal:
        item = db.session.get(PlanItem, plan.item_id)
        members = [tenant_a.tenant_id, tenant_a.other_tenant_id]
        items.update_item(db.session, principal, item, **ITEM, participant_ids=members)
        db.session.commit()
    assert _charts(body(client.get(path))) == _charts(before)  # the same data: the same drawing
    with acting(app, tenant_a.people["coordinator"]) as principal:
        item = db.session.get(PlanItem, plan.item_id)
        changed = {**ITEM, "one_off_cost_minor": 7_000_000_000}
        items.update_item(db.session, principal, item, **changed, participant_ids=members)
        db.session.commit()
    after = _charts(body(client.get(path)))
    assert len(after) == 2 and all(a != b for a, b in zip(after, _charts(before)))


def _charts(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, flags=re.S)
