"""Stored proposals: the matching job over real needs, the coordinator's decisions, and who sees them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samverka.platform.core.errors import Conflict, NotFound
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching import services
from samverka.platform.matching.models import MatchProposal
from samverka.platform.matching.tasks import match_all_regions, match_need
from samverka.platform.needs.models import Need
from samverka.tenants.services.principals import load_principal
from tests.support.matching import CASE_ARCHIVE, CASE_ARCHIVE_2, PAYROLL, submitted_need


@pytest.fixture
def needs(app, tenant_a, tenant_b):
    """Kongsberg and Flesberg both replace their case and archive system; Tokke (region B) too."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test needs"))
        ids = {
            "kongsberg": submitted_need(tenant_a.tenant_id, tenant_a.region_id, CASE_ARCHIVE),
            "flesberg": submitted_need(tenant_a.other_tenant_id, tenant_a.region_id, CASE_ARCHIVE_2),
            "flesberg_payroll": submitted_need(tenant_a.other_tenant_id, tenant_a.region_id, PAYROLL, cpv="79631000"),
            "tokke": submitted_need(tenant_b.tenant_id, tenant_b.region_id, CASE_ARCHIVE),
        }
        db.session.commit()
    return ids


def _proposals(app, region_id=None):
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        stmt = select(MatchProposal).order_by(MatchProposal.id)
        if region_id:
            stmt = stmt.where(MatchProposal.region_id == region_id)
        return [(p.need_ids, p.status, [r["code"] for r in p.reasons]) for p in db.session.scalars(stmt)]


def test_job_proposes_the_two_municipalities_with_reasons_and_never_across_regions(app, needs, tenant_a):
    with app.app_context():
        match_need(needs["kongsberg"])
    found = _proposals(app)
    assert [ids for ids, _, _ in found] == [sorted([needs["kongsberg"], needs["flesberg"]])]
    assert found[0][1] == "open" and "same_category" in found[0][2]


def test_rematching_is_idempotent(app, needs):
    with app.app_context():
        match_all_regions()
        match_all_regions()
    assert len(_proposals(app)) == 1


def _as(app, person):
    ctx = app.app_context()
    ctx.push()
    return ctx, load_principal(db.session, person.user_id)


def test_dismissed_group_is_not_proposed_again_until_a_need_changes(app, needs, tenant_a):
    with app.app_context():
        match_all_regions()
    ctx, coordinator = _as(app, tenant_a.people["coordinator"])
    proposal = services.region_proposals(db.session, coordinator, tenant_a.region_id)[0]
    services.dismiss_proposal(db.session, coordinator, proposal, reason="Flesberg har egen avtale")
    db.session.commit()
    ctx.pop()
    with app.app_context():
        match_all_regions()
    assert [s for _, s, _ in _proposals(app)] == ["dismissed"]
    with app.app_context():
        bind_principal(db.session, Principal.system("test edit"))
        db.session.get(Need, needs["flesberg"]).version = 2
        db.session.commit()
        match_need(needs["flesberg"])
    assert [s for _, s, _ in _proposals(app)] == ["dismissed", "open"]


def test_deciding_twice_is_refused_and_changes_nothing(app, needs, tenant_a):
    with app.app_context():
        match_all_regions()
    ctx, coordinator = _as(app, tenant_a.people["coordinator"])
    proposal = services.region_proposals(db.session, coordinator, tenant_a.region_id)[0]
    services.dismiss_proposal(db.session, coordinator, proposal, reason="no")
    db.session.commit()
    with pytest.raises(Conflict):
        services.dismiss_proposal(db.session, coordinator, proposal, reason="again")
    db.session.rollback()
    assert db.session.get(MatchProposal, proposal.id).dismiss_reason == "no"
    ctx.pop()


@pytest.mark.parametrize("who", ["it", "chief", "partner"])
def test_tenant_users_and_partners_see_no_proposals(app, needs, tenant_a, who):
    with app.app_context():
        match_all_regions()
        proposal_id = _proposal_id(app)
    ctx, principal = _as(app, tenant_a.people[who])
    assert db.session.scalars(select(MatchProposal)).all() == []
    with pytest.raises(NotFound):
        services.access_proposal(db.session, principal, proposal_id)
    ctx.pop()


def test_another_regions_coordinator_cannot_reach_a_proposal(app, needs, tenant_a, tenant_b):
    with app.app_context():
        match_all_regions()
    ctx, principal = _as(app, tenant_b.people["coordinator"])
    with pytest.raises(NotFound):
        services.access_proposal(db.session, principal, _proposal_id(app, tenant_a.region_id))
    with pytest.raises(NotFound):
        services.region_proposals(db.session, principal, tenant_a.region_id)
    ctx.pop()


def _proposal_id(app, region_id=None) -> int:
    with app.app_context():
        bind_principal(db.session, Principal.system("test id"))
        stmt = select(MatchProposal.id)
        if region_id:
            stmt = stmt.where(MatchProposal.region_id == region_id)
        return db.session.scalars(stmt).first()


def test_a_municipality_learns_that_others_plan_something_similar_but_not_who(app, needs, tenant_a):
    with app.app_context():
        match_all_regions()
    ctx, kongsberg = _as(app, tenant_a.people["it"])
    hint = services.similar_plans(db.session, kongsberg, db.session.get(Need, needs["kongsberg"]))
    assert hint.other_tenants == 1 and "same_category" in hint.reason_codes
    assert db.session.scalars(select(MatchProposal)).all() == []  # the system's read did not leak
    ctx.pop()


def test_the_hint_is_only_for_the_needs_own_municipality(app, needs, tenant_a):
    with app.app_context():
        match_all_regions()
    ctx, coordinator = _as(app, tenant_a.people["coordinator"])
    assert services.similar_plans(db.session, coordinator, db.session.get(Need, needs["kongsberg"])) is None
    ctx.pop()
