"""Drafting next year's plan: from joint procurements, reported initiatives and re-procurements; idempotent."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from samverka.platform.audit.models import AuditEvent
from samverka.platform.contracts.tasks import plan_reprocurements
from samverka.platform.core.extensions import db
from samverka.platform.needs.services import needs as need_services
from samverka.platform.needs.services.access import access_need
from samverka.platform.plans.models import ActionPlan, PlanItem
from samverka.platform.plans.services import drafting
from samverka.platform.plans.tasks import draft_plan as run_draft
from samverka.platform.procurements import services as procurements
from tests.platform.contracts.support import make_contract, opt_in_to_submission
from tests.platform.needs.support import register_need
from tests.platform.plans.factories import YEAR
from tests.platform.plans.support import acting
from tests.platform.procurements.factories import make_need, make_procurement
from tests.platform.ui.pages import submit
from tests.support.api import count_rows
from tests.support.login import sign_in


def draft_plan(app, region_id: int, year: int) -> None:
    """The job, run as a worker would run it (in the app under test)."""
    with app.app_context():
        run_draft(region_id, year)


def _procurement_with_needs(app, a) -> int:
    """Kongsberg's and Flesberg's needs in one joint procurement (the coordinator's proposal accepted)."""
    kongsberg = register_need(
        app,
        a.people["it"],
        a.tenant_id,
        submit_to=[a.region_id],
        desired_start="2026-Q3",
        one_off_cost_minor=100_000_000,
        annual_cost_minor=20_000_000,
    )
    flesberg = register_need(
        app,
        a.people["it"],
        a.tenant_id,
        submit_to=[a.region_id],
        desired_start="2027-Q3",
        one_off_cost_minor=50_000_001,
        annual_cost_minor=None,
    )
    other = make_need(app, a.other_tenant_id, "Sak og arkiv i Flesberg", submit_to=a.region_id)
    with acting(app, a.people["coordinator"]) as principal:
        created = procurements.create_from_needs(
            db.session, principal, a.region_id, [kongsberg, flesberg, other], title="Felles sak- og arkivsystem"
        )
        db.session.commit()
        return created.id


def _initiative(app, a) -> int:
    need_id = register_need(
        app,
        a.people["it"],
        a.tenant_id,
        kind="initiative",
        title="Chatbot for innbyggere",
        desired_start=None,
        one_off_cost_minor=0,
        annual_cost_minor=0,
    )
    with acting(app, a.people["it"]) as principal:
        need = access_need(db.session, principal, need_id)
        need_services.submit_need(db.session, principal, need, region_ids=[a.region_id])
        db.session.commit()
        assert need.status == "reported"
    return need_id


def _items(app) -> list[PlanItem]:
    with acting(app, None):
        rows = db.session.query(PlanItem).order_by(PlanItem.id).all()
        for row in rows:
            row.participant_ids, [s.one_off_minor for s in row.shares]
        db.session.expunge_all()
        return rows


def test_the_draft_holds_procurements_and_initiatives_and_a_second_run_adds_nothing(app, tenant_a):
    procurement_id = _procurement_with_needs(app, tenant_a)
    initiative_id = _initiative(app, tenant_a)
    draft_plan(app, tenant_a.region_id, YEAR)
    items = _items(app)
    assert [(i.procurement_id, i.need_id) for i in items] == [(procurement_id, None), (None, initiative_id)]
    joint = items[0]
    assert (joint.one_off_cost_minor, joint.annual_cost_minor) == (150_000_001, 20_000_000)  # Flesberg gave no estimate
    assert joint.participant_ids == sorted([tenant_a.tenant_id, tenant_a.other_tenant_id])
    assert joint.start_quarter == f"{YEAR}-Q1"  # the earliest wish, 2026-Q3, clipped to the plan year
    assert (joint.priority, joint.budget_source, joint.outside_plan) == (2, "plan", False)
    assert items[1].participant_ids == [tenant_a.tenant_id] and items[1].start_quarter == f"{YEAR}-Q1"
    draft_plan(app, tenant_a.region_id, YEAR)
    assert count_rows(app, PlanItem) == 2 and count_rows(app, ActionPlan) == 1


def test_a_new_procurement_is_added_to_the_existing_draft_but_never_to_a_submitted_plan(app, tenant_a):
    _procurement_with_needs(app, tenant_a)
    draft_plan(app, tenant_a.region_id, YEAR)
    make_procurement(app, tenant_a, title="Felles velferdsteknologi")
    with acting(app, None) as system:
        assert drafting.refresh_next_year_drafts(db.session, system, YEAR) == 1
        db.session.commit()
    assert count_rows(app, PlanItem) == 2
    with acting(app, None):
        db.session.query(ActionPlan).one().status = "submitted"
        db.session.commit()
    make_procurement(app, tenant_a, title="Felles skoleadministrativt system")
    draft_plan(app, tenant_a.region_id, YEAR)
    assert count_rows(app, PlanItem) == 2 and count_rows(app, ActionPlan) == 1


def test_procurements_of_an_approved_earlier_plan_are_left_out(app, tenant_a):
    procurement_id = _procurement_with_needs(app, tenant_a)
    draft_plan(app, tenant_a.region_id, YEAR)
    with acting(app, None):
        db.session.query(ActionPlan).one().status = "approved"
        db.session.commit()
    draft_plan(app, tenant_a.region_id, YEAR + 1)
    with acting(app, None):
        later = db.session.query(ActionPlan).filter_by(year=YEAR + 1).one()
        assert procurement_id not in [i.procurement_id for i in later.items]


def test_re_procurements_falling_due_go_into_the_draft(app, tenant_a):
    # Without personal data: a need that processes some waits as a draft for the municipality's answers.
    make_contract(app, tenant_id=tenant_a.tenant_id, processes_personal_data=False, dpa_status="not_required")
    opt_in_to_submission(app, tenant_a.tenant_id)
    with app.app_context():
        plan_reprocurements("2026-11-23")
    draft_plan(app, tenant_a.region_id, YEAR)
    items = [i for i in _items(app) if i.need_id]
    assert len(items) == 1 and items[0].participant_ids == [tenant_a.tenant_id]
    assert items[0].category == "business_systems"


@pytest.mark.committed
@pytest.mark.postgres
def test_the_plan_page_drafts_without_waiting_for_its_own_audit_event(app, client, tenant_a):
    """The page drafts in the request, as the system on a connection of its own (PostgreSQL): were the request's
    audit event recorded on the coordinator's connection, the system's would wait for the audit chain's head
    until the request ended, which it never would. Seen first in the browser, where the page hung."""
    _procurement_with_needs(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    plans = f"/regions/{tenant_a.region_id}/action-plans"
    answers: list = []
    request = threading.Thread(target=lambda: answers.append(submit(client, plans, f"{plans}/draft", {})), daemon=True)
    request.start()
    request.join(timeout=30)
    assert answers, "drafting on the page still waited for a lock after 30 s"
    assert answers[0].status_code == 302 and "/action-plans/" in answers[0].headers["Location"]
    assert [item.procurement_id is not None for item in _items(app)] == [True]
    with acting(app, None):
        recorded = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("action_plan.%"))).all()
    assert sorted(recorded) == ["action_plan.create", "action_plan.draft", "action_plan.draft_requested"]
