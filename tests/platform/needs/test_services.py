"""The rules of needs intake, through the services, on the real database.

Region A (Kongsbergregionen: Kongsberg, Flesberg) and region B (Vest-Telemark:
Tokke) come from ``tests/support/world.py``; each call acts as one of their people.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import select

from samverka.platform.audit.models import AuditEvent
from samverka.platform.core.errors import Forbidden, NotFound
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.services import access, benefit_plans, needs, templates
from samverka.platform.needs.services.access import Refused
from samverka.tenants.services.principals import load_principal
from tests.platform.needs.support import LINE_FIELDS, NEED_FIELDS, neighbour_it, region_purchaser, register_need


@contextmanager
def acting(app, person):
    """An app context whose session acts as ``person``; yields their principal."""
    with app.app_context():
        yield load_principal(db.session, person.user_id)


def _need(app, person, need_id):
    with acting(app, person) as principal:
        need = access.access_need(db.session, principal, need_id)
        return {
            "status": need.status,
            "version": need.version,
            "missing": need.missing_benefit_plan,
            "events": [(e.action, e.from_status, e.to_status, e.actor_name) for e in need.events],
            "title": need.title,
        }


def _audit_actions(app) -> list[str]:
    """The need's own events; the matching job, run after each commit, records its runs beside them."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading the audit log"))
        stmt = select(AuditEvent.action).where(AuditEvent.action != "matching.run").order_by(AuditEvent.seq)
        return list(db.session.scalars(stmt))


def _move(app, person, need_id, transition):
    with acting(app, person) as principal:
        needs.move_need(
            db.session,
            principal,
            access.access_need(db.session, principal, need_id),
            transition=transition,
            comment="ok",
        )
        db.session.commit()


# --- Registering ---------------------------------------------------------------------------------


def test_a_registered_need_is_a_draft_in_the_tenants_currency_with_its_history_started(app, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    with acting(app, tenant_a.people["it"]) as principal:
        need = access.access_need(db.session, principal, need_id)
        assert (need.status, need.version, need.currency) == ("draft", 1, "NOK")
        assert need.cpv_codes == ["48311100", "72212311"]
        assert need.dpa_required and need.missing_benefit_plan
    assert _need(app, tenant_a.people["it"], need_id)["events"] == [("create", None, "draft", "Kongsb It")]
    assert _audit_actions(app) == ["need.create"]


def test_a_chief_executive_reads_needs_but_does_not_register_them(app, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    assert _need(app, tenant_a.people["chief"], need_id)["status"] == "draft"
    with acting(app, tenant_a.people["chief"]) as principal, pytest.raises(Forbidden):
        needs.create_need(db.session, principal, tenant_a.tenant_id, **NEED_FIELDS)


# --- Lifecycle -----------------------------------------------------------------------------------


def test_a_need_goes_from_draft_through_consideration_to_joined_with_every_step_in_its_history(app, tenant_a):
    it, coordinator = tenant_a.people["it"], tenant_a.people["coordinator"]
    need_id = register_need(app, it, tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    _move(app, coordinator, need_id, "consider")
    _move(app, coordinator, need_id, "join")
    seen = _need(app, it, need_id)
    assert seen["status"] == "joined"
    assert seen["events"] == [
        ("create", None, "draft", "Kongsb It"),
        ("submit", "draft", "submitted", "Kongsb It"),
        ("consider", "submitted", "under_consideration", "Kongsb Coordinator"),
        ("join", "under_consideration", "joined", "Kongsb Coordinator"),
    ]
    assert _audit_actions(app) == ["need.create", "need.submit", "need.consider", "need.join"]


def test_an_initiative_is_reported_and_closed(app, tenant_a):
    it = tenant_a.people["it"]
    need_id = register_need(app, it, tenant_a.tenant_id, kind="initiative", submit_to=[tenant_a.region_id])
    _move(app, it, need_id, "close")
    seen = _need(app, it, need_id)
    assert seen["status"] == "closed" and not seen["missing"]
    assert [e[0] for e in seen["events"]] == ["create", "report", "close"]


@pytest.mark.parametrize(
    ("submitted", "who", "transition", "error"),
    [
        (False, "it", "withdraw", Refused),  # a draft is deleted, not withdrawn
        (True, "it", "join", Refused),  # joined only after consideration
        (True, "it", "consider", Forbidden),  # the region considers, not the tenant
        (True, "coordinator", "withdraw", Forbidden),  # the tenant withdraws, not the region
        (True, "it", "close", Refused),  # closing is for initiatives
        (True, "it", "submit", Refused),  # submitting names regions: its own step
    ],
)
def test_a_step_not_allowed_is_refused_and_changes_nothing(app, tenant_a, submitted, who, transition, error):
    need_id = register_need(
        app, tenant_a.people["it"], tenant_a.tenant_id, submit_to=[tenant_a.region_id] if submitted else None
    )
    before = _need(app, tenant_a.people["it"], need_id)
    with pytest.raises(error):
        _move(app, tenant_a.people[who], need_id, transition)
    assert _need(app, tenant_a.people["it"], need_id) == before


def test_a_need_is_submitted_only_to_its_own_regions(app, tenant_a, tenant_b):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    with acting(app, tenant_a.people["it"]) as principal:
        need = access.access_need(db.session, principal, need_id)
        with pytest.raises(Refused) as refused:
            needs.submit_need(db.session, principal, need, region_ids=[tenant_b.region_id])
    assert list(refused.value.errors) == ["region_ids"]
    assert _need(app, tenant_a.people["it"], need_id)["status"] == "draft"


# --- Versions ------------------------------------------------------------------------------------


def _edit(app, person, need_id, **changes):
    with acting(app, person) as principal:
        need = access.access_need(db.session, principal, need_id)
        needs.update_need(db.session, principal, need, **{**NEED_FIELDS, **changes})
        db.session.commit()


def test_editing_a_draft_keeps_its_version_and_editing_a_submitted_need_bumps_it(app, tenant_a):
    it = tenant_a.people["it"]
    need_id = register_need(app, it, tenant_a.tenant_id)
    _edit(app, it, need_id, title="Sak og arkiv")
    assert _need(app, it, need_id)["version"] == 1
    with acting(app, it) as principal:
        needs.submit_need(
            db.session, principal, access.access_need(db.session, principal, need_id), region_ids=[tenant_a.region_id]
        )
        db.session.commit()
    _edit(app, it, need_id, title="Sak og arkiv for hele kommunen", cpv_codes=["48311100"])
    seen = _need(app, it, need_id)
    assert (seen["version"], seen["title"], seen["events"][-1][:3]) == (
        2,
        "Sak og arkiv for hele kommunen",
        ("update", "submitted", "submitted"),
    )


def test_a_decided_need_can_no_longer_be_edited(app, tenant_a):
    it = tenant_a.people["it"]
    need_id = register_need(app, it, tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    _move(app, it, need_id, "withdraw")
    with pytest.raises(Refused):
        _edit(app, it, need_id, title="Endret etterpå")
    assert _need(app, it, need_id)["title"] == NEED_FIELDS["title"]


def test_only_a_draft_is_deleted(app, tenant_a):
    it = tenant_a.people["it"]
    draft = register_need(app, it, tenant_a.tenant_id)
    submitted = register_need(app, it, tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    with acting(app, it) as principal:
        with pytest.raises(Refused):
            needs.delete_need(db.session, principal, access.access_need(db.session, principal, submitted))
        needs.delete_need(db.session, principal, access.access_need(db.session, principal, draft))
        db.session.commit()
    with acting(app, it) as principal, pytest.raises(NotFound):
        access.access_need(db.session, principal, draft)
    assert _need(app, it, submitted)["status"] == "submitted"


# --- Benefit plans and the region's template -----------------------------------------------------


def _save_template(app, tenant_a, **template):
    with acting(app, tenant_a.people["coordinator"]) as principal:
        templates.save_template(db.session, principal, tenant_a.region_id, **template)
        db.session.commit()


def test_a_line_short_of_the_regions_template_is_refused_with_the_field_named(app, tenant_a):
    _save_template(app, tenant_a, benefit_types=["cost_saved", "time_saved"], required_fields=["owner", "unit"])
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    with acting(app, tenant_a.people["it"]) as principal:
        need = access.access_need(db.session, principal, need_id)
        with pytest.raises(Refused) as refused:
            benefit_plans.add_line(
                db.session, principal, need, **{**LINE_FIELDS, "owner": None, "benefit_type": "quality"}
            )
        assert sorted(refused.value.errors) == ["benefit_type", "owner"]
        benefit_plans.add_line(db.session, principal, need, **LINE_FIELDS)
        db.session.commit()
    assert _need(app, tenant_a.people["it"], need_id)["missing"] is False


def test_submitting_a_plan_that_no_longer_meets_the_template_is_refused(app, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, with_line=True)
    _save_template(app, tenant_a, benefit_types=["cost_saved"], required_fields=[])
    with acting(app, tenant_a.people["it"]) as principal:
        need = access.access_need(db.session, principal, need_id)
        with pytest.raises(Refused) as refused:
            needs.submit_need(db.session, principal, need, region_ids=[tenant_a.region_id])
    assert list(refused.value.errors) == ["benefit_plan"]
    assert _need(app, tenant_a.people["it"], need_id)["status"] == "draft"


def test_a_need_submitted_without_a_plan_is_marked_missing_one_for_the_region_too(app, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    assert _need(app, tenant_a.people["coordinator"], need_id)["missing"] is True
    with acting(app, tenant_a.people["coordinator"]) as principal:
        view = benefit_plans.plan_view(db.session, access.access_need(db.session, principal, need_id))
        assert (view.missing, view.lines, view.problems) == (True, [], [])


def test_the_plan_shows_where_it_falls_short_after_the_template_changed(app, tenant_a):
    need_id = register_need(
        app, tenant_a.people["it"], tenant_a.tenant_id, with_line=True, submit_to=[tenant_a.region_id]
    )
    _save_template(app, tenant_a, benefit_types=["cost_saved"], required_fields=["owner"])
    with acting(app, tenant_a.people["coordinator"]) as principal:
        view = benefit_plans.plan_view(db.session, access.access_need(db.session, principal, need_id))
        assert view.problems == [templates.TemplateProblem(tenant_a.region_id, view.lines[0].id, "benefit_type")]
        assert not view.missing


def test_only_the_regions_coordinator_saves_its_template(app, tenant_a, tenant_b):
    _save_template(app, tenant_a, benefit_types=["risk_reduced", "cost_saved"], required_fields=["owner"])
    with acting(app, tenant_a.people["it"]) as principal:
        saved = templates.template_for(db.session, tenant_a.region_id)
        assert (saved.benefit_types, saved.required_fields) == (["cost_saved", "risk_reduced"], ["owner"])
        with pytest.raises(Forbidden):
            templates.save_template(
                db.session,
                principal,
                tenant_a.region_id,
                benefit_types=["quality"],
                required_fields=[],
            )
    assert _audit_actions(app) == ["benefit_template.save"]


# --- Who reads a need ----------------------------------------------------------------------------


def test_a_draft_is_its_tenants_own_and_a_submitted_need_reaches_only_the_regions_staff(app, tenant_a, tenant_b):
    flesberg_it = neighbour_it(app, tenant_a)
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    for person in (tenant_a.people["coordinator"], flesberg_it, tenant_b.people["coordinator"]):
        with acting(app, person) as principal, pytest.raises(NotFound):
            access.access_need(db.session, principal, need_id)
    with acting(app, tenant_a.people["it"]) as principal:
        needs.submit_need(
            db.session, principal, access.access_need(db.session, principal, need_id), region_ids=[tenant_a.region_id]
        )
        db.session.commit()
    assert _need(app, tenant_a.people["coordinator"], need_id)["status"] == "submitted"
    for person in (flesberg_it, tenant_a.people["partner"], tenant_b.people["coordinator"], tenant_b.people["it"]):
        with acting(app, person) as principal, pytest.raises(NotFound):
            access.access_need(db.session, principal, need_id)


def test_the_regions_purchaser_reads_a_submitted_need_but_does_not_move_it(app, tenant_a):
    purchaser = region_purchaser(app, tenant_a)
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, submit_to=[tenant_a.region_id])
    assert _need(app, purchaser, need_id)["status"] == "submitted"
    with pytest.raises(Forbidden):
        _move(app, purchaser, need_id, "consider")


def test_contract_dates_and_costs_are_kept_as_given(app, tenant_a):
    need_id = register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    with acting(app, tenant_a.people["it"]) as principal:
        need = access.access_need(db.session, principal, need_id)
        assert (need.contract_end, need.contract_extendable_to) == (date(2027, 6, 30), date(2028, 6, 30))
        assert (need.one_off_cost_minor, need.annual_cost_minor) == (150_000_000, 40_000_000)
