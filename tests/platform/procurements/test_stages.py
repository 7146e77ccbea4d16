"""Running a joint procurement through its stages: allowed and refused steps, gates, history, 409 on a race."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from samverka.platform.attention.items import DANGER
from samverka.platform.audit.models import AuditEvent
from samverka.platform.core.errors import Conflict
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements import planning, running
from samverka.platform.procurements.models import JointProcurement, StageChange
from samverka.tenants.services.principals import load_principal
from tests.platform.attention.support import items_of, kinds
from tests.platform.procurements.factories import make_procurement
from tests.platform.procurements.stage_factories import add_purchaser, procurement_with_need
from tests.platform.requirements.factories import ready_for_competition
from tests.platform.tenders.factories import set_up_evaluation
from tests.support.api import assert_error_shape, count_rows, field_errors, signed_in

RUN = ("preparation", "requirements", "competition", "evaluation", "award_recommendation")


def _stage(app, procurement_id: int) -> str:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return db.session.get(JointProcurement, procurement_id).status


def test_the_purchaser_runs_it_from_draft_to_the_award_recommendation(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    procurement_id = procurement_with_need(app, tenant_a)
    ready_for_competition(app, tenant_a, procurement_id)  # the team's sections, requirements and risks done
    set_up_evaluation(app, procurement_id)  # award criteria weighing 100 %
    api = signed_in(client, purchaser)
    previous = "draft"
    for stage in RUN:
        moved = api.post(f"/api/v1/procurements/{procurement_id}/transitions", {"to": stage, "expected": previous})
        assert moved.status_code == 200, moved.get_data(as_text=True)
        assert moved.get_json()["status"] == stage
        previous = stage

    history = api.get(f"/api/v1/procurements/{procurement_id}/history").get_json()
    assert [(h["from_stage"], h["to_stage"]) for h in history] == list(zip(("draft", *RUN), RUN, strict=False))
    assert {h["changed_by_name"] for h in history} == {"Kongsb Purchaser"}
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("procurement.stage.%")))
        assert sorted(actions) == sorted(f"procurement.stage.{s}" for s in RUN)


def test_preparation_plans_the_stages_from_the_needs_desired_start(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    procurement_id = procurement_with_need(app, tenant_a, desired_start="2028-Q3")
    api = signed_in(client, purchaser)
    moved = api.post(f"/api/v1/procurements/{procurement_id}/transitions", {"to": "preparation", "expected": "draft"})
    planned = moved.get_json()["planned_dates"]
    # Business systems: 24 months of lead time before operation on the quarter's first day.
    assert (planned["preparation"], planned["in_operation"]) == ("2026-07-01", "2028-07-01")
    assert planned["preparation"] < planned["requirements"] < planned["competition"] < planned["evaluation"]


def test_a_stage_whose_date_passed_unreached_is_late_and_a_reached_one_is_not():
    procurement = JointProcurement(status="requirements", planned_dates=planning.planned_dates(date(2027, 1, 1), 12))
    rows = {row.stage: row for row in planning.schedule(procurement, date(2026, 7, 1))}
    assert rows["preparation"].reached and rows["preparation"].severity is None
    assert rows["requirements"].reached and rows["requirements"].severity is None
    assert rows["competition"].severity == "danger"  # planned 2026-05-27, not reached
    assert rows["evaluation"].severity == "warning"  # planned 2026-07-20: within a month
    assert rows["delivered"].severity is None


def test_a_step_the_table_does_not_allow_is_refused_and_changes_nothing(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    procurement_id = procurement_with_need(app, tenant_a)
    api = signed_in(client, purchaser)
    for to in ("competition", "cancelled", "draft"):
        refused = api.post(f"/api/v1/procurements/{procurement_id}/transitions", {"to": to, "expected": "draft"})
        assert "to" in field_errors(refused)
    assert _stage(app, procurement_id) == "draft"
    assert count_rows(app, StageChange) == 0


def test_the_gate_lists_what_is_missing_per_role_and_changes_nothing(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    empty = make_procurement(app, tenant_a).procurement_id  # invited, nobody joined yet
    api = signed_in(client, purchaser)
    refused = api.post(f"/api/v1/procurements/{empty}/transitions", {"to": "preparation", "expected": "draft"})
    missing = field_errors(refused)["missing"]
    assert [m["role"] for m in missing] == ["coordinator"]
    assert "behov" in missing[0]["text"]  # in the default language, Norwegian: "no municipality's need is in"
    assert _stage(app, empty) == "draft"


def test_a_stage_other_than_the_one_seen_is_a_409(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    procurement_id = procurement_with_need(app, tenant_a)
    api = signed_in(client, purchaser)
    stale = api.post(
        f"/api/v1/procurements/{procurement_id}/transitions", {"to": "requirements", "expected": "preparation"}
    )
    assert_error_shape(stale, 409)
    assert _stage(app, procurement_id) == "draft"


def test_a_member_municipality_reads_the_stage_but_may_not_run_it(app, tenant_a):
    procurement_id = procurement_with_need(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["it"])
    assert api.get(f"/api/v1/procurements/{procurement_id}/history").status_code == 200
    moved = api.post(f"/api/v1/procurements/{procurement_id}/transitions", {"to": "preparation", "expected": "draft"})
    assert moved.status_code == 403
    assert _stage(app, procurement_id) == "draft"


@pytest.mark.postgres
@pytest.mark.committed
def test_two_simultaneous_steps_the_second_waits_for_the_lock_and_gets_a_409(app, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    procurement_id = procurement_with_need(app, tenant_a)
    first_holds_lock, outcome = threading.Event(), {}

    def second():
        with app.app_context():
            principal = load_principal(db.session, purchaser.user_id)
            first_holds_lock.wait(10)
            try:
                running.advance(db.session, principal, procurement_id, "preparation", "draft")
                db.session.commit()
                outcome["second"] = "moved"
            except Conflict as exc:
                db.session.rollback()
                outcome["second"] = exc.code

    with app.app_context():
        principal = load_principal(db.session, purchaser.user_id)
        running.advance(db.session, principal, procurement_id, "preparation", "draft")
        thread = threading.Thread(target=second)
        thread.start()
        first_holds_lock.set()
        thread.join(0.5)
        assert thread.is_alive(), "the second step must wait for the first one's lock"
        db.session.commit()
    thread.join(10)
    assert outcome == {"second": "stage_changed"}
    assert count_rows(app, StageChange) == 1


def test_the_purchasers_attention_lists_held_gates_and_late_stages(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    make_procurement(app, tenant_a, title="Uten behov")
    late = procurement_with_need(app, tenant_a, desired_start="2027-Q1", title="Sent ute")
    api = signed_in(client, purchaser)
    api.post(f"/api/v1/procurements/{late}/transitions", {"to": "preparation", "expected": "draft"})

    found = kinds(items_of(app, purchaser, date(2026, 9, 1)))

    (gate,) = found["procurements.gate"]
    assert gate.title == "Uten behov waits before Preparation"
    assert gate.detail.startswith("Coordinator: No municipality's need")
    (behind,) = found["procurements.late"]
    assert behind.severity == DANGER and behind.title == "Sent ute is behind its plan"
    assert behind.detail == "Requirements was planned by April 21, 2025 and has not been reached."
