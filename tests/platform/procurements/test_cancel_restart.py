"""Cancelling a procurement (reasons, mail to participants and partners) and restarting it as a new one."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed, StageChange
from samverka.platform.requirements.models import ProcurementRequirement
from samverka.platform.tenders.models import AwardCriterion, MandatoryRequirement, Tender
from samverka.tenants.models.team import TeamMember
from samverka.tenants.services.principals import load_principal
from tests.jobs.harness import mails_to, part
from tests.platform.procurements.stage_factories import add_purchaser, procurement_with_need
from tests.platform.requirements.factories import ready_for_competition
from tests.platform.tenders.factories import set_up_evaluation
from tests.support import services as test_services
from tests.support.api import assert_error_shape, count_rows, field_errors, signed_in
from tests.support.rls import scope_connection

KONGSBERG_IT, K_IKT = "kongsb_it@example.test", "kongsb_partner@example.test"


def _in_requirements(app, world):
    purchaser = add_purchaser(app, world)
    procurement_id = procurement_with_need(app, world)
    api = signed_in(app.test_client(), purchaser)
    for expected, to in (("draft", "preparation"), ("preparation", "requirements")):
        moved = api.post(f"/api/v1/procurements/{procurement_id}/transitions", {"to": to, "expected": expected})
        assert moved.status_code == 200, moved.get_data(as_text=True)
    return api, procurement_id


def _cancel(api, procurement_id, **body):
    return api.post(f"/api/v1/procurements/{procurement_id}/cancel", {"expected": "requirements", **body})


def test_other_needs_a_text_and_the_cancellation_mails_participants_and_partners(app, tenant_a, smtp_server):
    api, procurement_id = _in_requirements(app, tenant_a)
    smtp_server.clear()
    assert "text" in field_errors(_cancel(api, procurement_id, reason="other", text=" "))
    assert count_rows(app, StageChange) == 2

    cancelled = _cancel(api, procurement_id, reason="requirements_not_met", text="Ingen oppfylte sikkerhetskravene.")

    assert cancelled.status_code == 200, cancelled.get_data(as_text=True)
    assert cancelled.get_json()["status"] == "cancelled"
    last = api.get(f"/api/v1/procurements/{procurement_id}/history").get_json()[-1]
    assert (last["to_stage"], last["reason"], last["comment"]) == (
        "cancelled",
        "requirements_not_met",
        "Ingen oppfylte sikkerhetskravene.",
    )
    for address in (KONGSBERG_IT, K_IKT):
        (mail,) = mails_to(smtp_server, address)
        body = part(mail, "text/plain")
        assert "Sak- og arkivsystem" in body and "Ingen oppfylte sikkerhetskravene." in body
        assert f"/procurements/{procurement_id}" in body


def test_a_cancelled_procurement_moves_no_further_and_is_not_cancelled_twice(app, tenant_a):
    api, procurement_id = _in_requirements(app, tenant_a)
    assert _cancel(api, procurement_id, reason="budget").status_code == 200
    again = api.post(f"/api/v1/procurements/{procurement_id}/cancel", {"expected": "requirements", "reason": "budget"})
    assert_error_shape(again, 409)
    moved = api.post(
        f"/api/v1/procurements/{procurement_id}/transitions", {"to": "competition", "expected": "cancelled"}
    )
    assert "to" in field_errors(moved)


def test_restart_makes_a_new_procurement_with_the_same_needs_linked_both_ways(app, tenant_a):
    api, procurement_id = _in_requirements(app, tenant_a)
    refused = api.post(f"/api/v1/procurements/{procurement_id}/restart", {})
    assert_error_shape(refused, 409)  # not cancelled
    _cancel(api, procurement_id, reason="requirements_not_met")

    restarted = api.post(f"/api/v1/procurements/{procurement_id}/restart", {})

    assert restarted.status_code == 201, restarted.get_data(as_text=True)
    new = restarted.get_json()
    assert (new["status"], new["restarted_from_id"], new["title"]) == (
        "preparation",
        procurement_id,
        "Sak- og arkivsystem",
    )
    assert new["planned_dates"]["preparation"]
    old = api.get(f"/api/v1/procurements/{procurement_id}").get_json()
    assert old["restarted_as_id"] == new["id"]
    assert [h["to_stage"] for h in api.get(f"/api/v1/procurements/{procurement_id}/history").get_json()] == [
        "preparation",
        "requirements",
        "cancelled",
    ]
    assert [h["to_stage"] for h in api.get(f"/api/v1/procurements/{new['id']}/history").get_json()] == ["preparation"]
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        needs = {
            pid: sorted(n.need_id for n in db.session.query(ProcurementNeed).filter_by(procurement_id=pid))
            for pid in (procurement_id, new["id"])
        }
    assert needs[procurement_id] == needs[new["id"]] != []
    assert_error_shape(api.post(f"/api/v1/procurements/{procurement_id}/restart", {}), 409)  # once only


@pytest.mark.postgres
@pytest.mark.committed
def test_in_raw_sql_the_app_role_reads_no_other_regions_history(app, tenant_a, tenant_b):
    _api, procurement_id = _in_requirements(app, tenant_a)
    engine = create_engine(test_services.app_url())
    try:
        with app.app_context():
            outsider = load_principal(db.session, tenant_b.people["coordinator"].user_id)
            insider = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        counts = {}
        for name, principal in (("outsider", outsider), ("insider", insider)):
            with engine.connect() as conn, conn.begin():
                scope_connection(conn, principal)
                counts[name] = conn.execute(
                    text("SELECT count(*) FROM procurement_stage_changes WHERE procurement_id = :p"),
                    {"p": procurement_id},
                ).scalar()
                changed = conn.execute(
                    text("UPDATE procurement_stage_changes SET comment = 'x' WHERE procurement_id = :p"),
                    {"p": procurement_id},
                )
                counts[f"{name} updated"] = changed.rowcount
    finally:
        engine.dispose()
    assert counts == {"outsider": 0, "outsider updated": 0, "insider": 2, "insider updated": 0}
    assert count_rows(app, JointProcurement) >= 1


def test_once_the_contract_is_signed_it_can_no_longer_be_cancelled(app, tenant_a):
    api, procurement_id = _in_requirements(app, tenant_a)
    with app.app_context():
        bind_principal(db.session, Principal.system("test set-up: as the next issue's stages would"))
        db.session.get(JointProcurement, procurement_id).status = "contract_signed"
        db.session.commit()
    refused = api.post(
        f"/api/v1/procurements/{procurement_id}/cancel", {"expected": "contract_signed", "reason": "budget"}
    )
    assert refused.status_code == 422
    assert api.get(f"/api/v1/procurements/{procurement_id}").get_json()["status"] == "contract_signed"


def test_restart_carries_the_team_the_drawn_requirements_and_the_criteria_but_no_tenders(app, tenant_a):
    """Seed 000: the procurement resumed "with revised requirements" by the same people, not from scratch."""
    api, procurement_id = _in_requirements(app, tenant_a)
    ready_for_competition(app, tenant_a, procurement_id)  # a team, its sections done, requirements drawn
    set_up_evaluation(app, procurement_id)  # award criteria and mandatory requirements
    _cancel(api, procurement_id, reason="requirements_not_met", text="Ingen oppfylte kravet om data i EØS.")

    new_id = api.post(f"/api/v1/procurements/{procurement_id}/restart", {}).get_json()["id"]

    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))

        def of(model, procurement, *columns):
            rows = db.session.execute(select(*columns).where(model.procurement_id == procurement)).all()
            return sorted(tuple(row) for row in rows)

        team = (TeamMember.user_id, TeamMember.role)
        assert of(TeamMember, new_id, *team) == of(TeamMember, procurement_id, *team) != []
        drawn = (ProcurementRequirement.key, ProcurementRequirement.version)
        assert of(ProcurementRequirement, new_id, *drawn) == of(ProcurementRequirement, procurement_id, *drawn) != []
        criteria = (AwardCriterion.name, AwardCriterion.weight)
        assert of(AwardCriterion, new_id, *criteria) == of(AwardCriterion, procurement_id, *criteria) != []
        assert of(MandatoryRequirement, new_id, MandatoryRequirement.text) != []
        assert of(Tender, new_id, Tender.id) == []
    # The team member reads the restarted procurement: the copied role is held there too.
    architect = signed_in(app.test_client(), tenant_a.people["partner"])
    assert architect.get(f"/api/v1/procurements/{new_id}").status_code == 200
