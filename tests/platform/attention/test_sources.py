"""Each role's items appear when there is something to do and go when it is done, with the right severity."""

from __future__ import annotations

from datetime import date, timedelta

from samverka.platform.attention.items import DANGER, INFO, WARNING
from samverka.platform.core.extensions import db
from samverka.platform.core.time import local_today
from samverka.platform.needs.services import benefit_plans, needs
from samverka.platform.needs.services.access import access_need
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import approval
from samverka.platform.procurements import services as procurements
from samverka.platform.procurements.models import JoinInvitation
from samverka.platform.procurements.services import answer
from samverka.tenants.services.principals import load_principal
from tests.platform.attention.support import (
    drafted_by_the_job,
    invite,
    items_of,
    kinds,
    open_proposal,
    reprocurement,
)
from tests.platform.needs.support import LINE_FIELDS, region_purchaser, register_need
from tests.platform.plans.factories import YEAR, make_plan
from tests.platform.plans.support import acting

TODAY = local_today("NO")


def test_an_it_coordinators_draft_without_benefits_is_two_items_until_planned_and_submitted(app, tenant_a):
    it = tenant_a.people["it"]
    need_id = register_need(app, it, tenant_a.tenant_id)
    found = kinds(items_of(app, it, TODAY))
    assert found["needs.drafts"][0].count == 1 and found["needs.drafts"][0].severity == WARNING
    assert found["needs.benefit_plans"][0].count == 1
    assert found["needs.drafts"][0].endpoint == "needs.tenant_needs"
    assert "needs.new_in_region" not in kinds(items_of(app, tenant_a.people["coordinator"], TODAY))

    with app.app_context():
        principal = load_principal(db.session, it.user_id)
        need = access_need(db.session, principal, need_id)
        benefit_plans.add_line(db.session, principal, need, **LINE_FIELDS)
        needs.submit_need(db.session, principal, need, region_ids=[tenant_a.region_id])
        db.session.commit()
    found = kinds(items_of(app, it, TODAY))
    assert "needs.drafts" not in found and "needs.benefit_plans" not in found
    assert found["needs.awaiting_region"][0].severity == INFO
    new = kinds(items_of(app, tenant_a.people["coordinator"], TODAY))["needs.new_in_region"][0]
    assert (new.count, new.scope_name, new.values) == (
        1,
        "Kongsbergregionen",
        (("region_id", tenant_a.region_id), ("status", "submitted")),
    )


def test_an_invitation_to_join_waits_for_the_answer_and_says_whether_the_need_is_in(app, tenant_a):
    it = tenant_a.people["it"]
    procurement_id = invite(app, tenant_a, deadline=TODAY + timedelta(days=20))
    item = kinds(items_of(app, it, TODAY))["procurements.join_invitation"][0]
    assert (item.severity, item.due, item.scope_name) == (INFO, TODAY + timedelta(days=20), "Kongsberg")
    assert "join with a need, or decline" in item.detail
    assert item.endpoint == "procurements.join_invitation"
    # within the week before the deadline it is a warning, and the coordinator sees who has not answered
    near = TODAY + timedelta(days=15)
    assert kinds(items_of(app, it, near))["procurements.join_invitation"][0].severity == WARNING
    unanswered = kinds(items_of(app, tenant_a.people["coordinator"], near))["procurements.unanswered"][0]
    assert unanswered.count == 2 and "Flesberg, Kongsberg" in unanswered.detail
    assert unanswered.values == (("procurement_id", procurement_id),)

    need_id = register_need(app, it, tenant_a.tenant_id, with_line=True)
    with app.test_request_context():
        principal = load_principal(db.session, it.user_id)
        invitation = db.session.query(JoinInvitation).filter_by(tenant_id=tenant_a.tenant_id).one()
        answer(db.session, principal, invitation, status="joined", need_id=need_id)
        db.session.commit()
    assert "procurements.join_invitation" not in kinds(items_of(app, it, TODAY))
    left = kinds(items_of(app, tenant_a.people["coordinator"], near))["procurements.unanswered"][0]
    assert left.count == 1 and "Flesberg" in left.detail and "Kongsberg" not in left.detail


def test_the_municipalitys_need_already_in_the_procurement_is_said(app, tenant_a):

    need_id = register_need(
        app, tenant_a.people["it"], tenant_a.tenant_id, with_line=True, submit_to=[tenant_a.region_id]
    )
    with acting(app, tenant_a.people["coordinator"]) as principal:
        found = procurements.create_from_needs(
            db.session, principal, tenant_a.region_id, [need_id], title="Sak og arkiv"
        )
        procurements.invite_tenants(db.session, principal, found, deadline=TODAY + timedelta(days=10))
        db.session.commit()
    item = kinds(items_of(app, tenant_a.people["it"], TODAY))["procurements.join_invitation"][0]
    assert "already in" in item.detail


def test_a_reprocurement_due_in_24_days_is_a_warning_and_an_overdue_one_danger(app, tenant_a):
    soon = reprocurement(app, tenant_a, starts_in=24, today=TODAY, title="Ekonomisystem")
    late = reprocurement(app, tenant_a, starts_in=-3, today=TODAY, title="Lønnssystem")
    later = reprocurement(app, tenant_a, starts_in=300, today=TODAY, title="Skoleplattform")
    found = {i.key: i for i in kinds(items_of(app, tenant_a.people["it"], TODAY))["contracts.reprocurement"]}
    assert found[f"contracts.reprocurement:{soon}"].severity == WARNING
    assert "24 days left" in found[f"contracts.reprocurement:{soon}"].detail
    assert found[f"contracts.reprocurement:{late}"].severity == DANGER
    assert "3 days overdue" in found[f"contracts.reprocurement:{late}"].detail
    assert found[f"contracts.reprocurement:{later}"].severity == INFO
    assert found[f"contracts.reprocurement:{soon}"].endpoint == "contracts.contract"
    # the danger comes first on the page
    ordered = [i.key for i in items_of(app, tenant_a.people["it"], TODAY)]
    assert ordered.index(f"contracts.reprocurement:{late}") < ordered.index(f"contracts.reprocurement:{soon}")


def test_a_chief_executive_is_asked_to_vote_and_told_what_the_municipality_pays(app, tenant_a):
    chief, coordinator = tenant_a.people["chief"], tenant_a.people["coordinator"]
    plan = make_plan(app, tenant_a, submit=True)
    in_year = date(YEAR, 2, 1)
    found = kinds(items_of(app, chief, in_year))
    vote = found["plans.vote"][0]
    assert (vote.severity, vote.endpoint, vote.values) == (WARNING, "plans.vote_form", (("plan_id", plan.plan_id),))
    pays = found["plans.pays"][0]
    assert "Kongsberg pays" in pays.title and str(YEAR) in pays.title and "Submitted for approval" in pays.detail
    assert "plans.pays" not in kinds(items_of(app, chief, date(YEAR + 2, 1, 1)))  # neither this year nor next
    awaited = kinds(items_of(app, coordinator, in_year))["plans.votes_awaited"][0]
    assert "0 of 2 have voted" in awaited.title and awaited.detail == "Waiting for Flesberg, Kongsberg."

    with acting(app, chief) as principal:
        approval.vote(
            db.session,
            principal,
            db.session.get(ActionPlan, plan.plan_id),
            decision="approve",
            comment="",
            acr="idporten-loa-high",
        )
        db.session.commit()
    assert "plans.vote" not in kinds(items_of(app, chief, in_year))
    awaited = kinds(items_of(app, coordinator, in_year))["plans.votes_awaited"][0]
    assert "1 of 2 have voted" in awaited.title and awaited.detail == "Waiting for Flesberg."


def test_the_coordinator_sees_open_proposals_and_drafts_the_job_changed(app, tenant_a):
    coordinator = tenant_a.people["coordinator"]
    open_proposal(app, tenant_a)
    plan = make_plan(app, tenant_a)
    drafted_by_the_job(app, plan.plan_id, added=2)
    drafted_by_the_job(app, plan.plan_id, added=1)
    found = kinds(items_of(app, coordinator, TODAY))
    assert found["matching.open_proposals"][0].count == 1
    changed = found["plans.draft_changed"][0]
    assert changed.count == 3 and changed.values == (("plan_id", plan.plan_id),)
    assert "plans.draft_changed" not in kinds(items_of(app, coordinator, TODAY + timedelta(days=8)))


def test_the_purchaser_sees_procurements_waiting_and_the_partner_the_pipeline(app, tenant_a):
    invite(app, tenant_a, deadline=TODAY + timedelta(days=30), title="Velferdsteknologi")
    waiting = kinds(items_of(app, region_purchaser(app, tenant_a), TODAY))["procurements.waiting"][0]
    assert waiting.count == 2 and "Velferdsteknologi" in waiting.title
    pipeline = kinds(items_of(app, tenant_a.people["partner"], TODAY))["procurements.pipeline"][0]
    assert pipeline.title == "1 joint procurement being prepared" and pipeline.severity == INFO


def test_someone_with_nothing_to_do_gets_no_items(app, tenant_a):
    for key in ("it", "chief", "coordinator", "partner"):
        assert items_of(app, tenant_a.people[key], TODAY) == [], key
