"""The award through the API: the quality check, every participant's approval or withdrawal, the decision with
its standstill period, and the bad input that changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from samverka.platform.awards import standstill
from samverka.platform.awards.models import AwardApproval, AwardDecision, AwardQualityCheck
from samverka.platform.core.extensions import db
from samverka.platform.core.time import local_today
from samverka.platform.procurements.models import ProcurementNeed, StageChange
from tests.jobs.harness import mails_to, part
from tests.platform.awards.factories import (
    ANNUAL,
    HIGH,
    acting,
    at_quality_check,
    decide,
    in_approval,
    stage,
)
from tests.platform.documents.support import purchaser
from tests.support.api import assert_error_shape, count_rows, field_errors, signed_in

VALUE = 4 * sum(ANNUAL.values())  # four years of both needs' annual costs


@pytest.fixture(autouse=True)
def _in_english(client):
    client.set_cookie("samverka_lang", "en")


def _award(procurement_id: int) -> str:
    return f"/api/v1/procurements/{procurement_id}/award"


def test_the_gate_asks_for_the_recommendation_and_the_evaluation_report(app, client, tenant_a):
    made = at_quality_check(app, tenant_a, report=False)
    with acting(app, None):
        from samverka.platform.procurements.models import JointProcurement

        db.session.get(JointProcurement, made.procurement_id).status = "award_recommendation"
        db.session.commit()
    api = signed_in(client, purchaser(app, tenant_a))
    body = {"to": "quality_check", "expected": "award_recommendation"}
    held = api.post(f"/api/v1/procurements/{made.procurement_id}/transitions", body)
    missing = assert_error_shape(held, 422)["errors"]["json"]["missing"]
    assert missing == [
        {"role": "purchaser", "text": "The evaluation report has not been uploaded to the procurement's documents."}
    ]
    assert stage(app, made.procurement_id) == "award_recommendation"


def test_the_coordinator_sees_the_recommendation_and_approving_asks_every_chief(app, client, tenant_a, smtp_server):
    made = at_quality_check(app, tenant_a)
    api = signed_in(client, tenant_a.people["coordinator"])
    state = api.get(_award(made.procurement_id)).get_json()
    recommended = state["recommendation"]
    assert (recommended["supplier_name"], recommended["supplier_orgnr"], recommended["score"]) == (
        "Tieto Norge AS",
        "974760673",
        7.2,
    )
    assert [(s["criterion"], s["weight"], s["score"]) for s in recommended["scores"]] == [
        ("Pris", 60, 8),
        ("Kvalitet", 40, 6),
    ]
    assert recommended["text"].startswith("Draft award recommendation for Felles sak- og arkivsystem")
    assert state["evaluation_report"]["filename"] == "rapport.pdf"
    smtp_server.clear()

    checked = api.post(f"{_award(made.procurement_id)}/quality-check", {"outcome": "approved"})

    assert checked.status_code == 201, checked.get_data(as_text=True)
    assert stage(app, made.procurement_id) == "approval"
    state = api.get(_award(made.procurement_id)).get_json()
    assert state["estimated_value_minor"] == VALUE
    assert [(a["tenant_name"], a["decision"]) for a in state["approvals"]] == [("Flesberg", None), ("Kongsberg", None)]
    assert sum(a["share_minor"] for a in state["approvals"]) == VALUE
    for chief in made.chiefs.values():
        (mail,) = mails_to(smtp_server, f"{chief.key}@example.test")
        assert "Felles sak- og arkivsystem" in part(mail, "text/plain") and "Tieto Norge AS" in part(mail, "text/plain")


def test_returning_needs_a_comment_then_goes_back_to_evaluation_and_tells_the_purchaser(
    app, client, tenant_a, smtp_server
):
    made = at_quality_check(app, tenant_a)
    region_purchaser = purchaser(app, tenant_a)
    api = signed_in(client, tenant_a.people["coordinator"])
    path = f"{_award(made.procurement_id)}/quality-check"
    assert "comment" in field_errors(api.post(path, {"outcome": "returned", "comment": "  "}))
    assert stage(app, made.procurement_id) == "quality_check" and count_rows(app, AwardQualityCheck) == 0
    smtp_server.clear()

    returned = api.post(path, {"outcome": "returned", "comment": "Rapporten mangler prisvurderingen."})

    assert returned.status_code == 201
    assert stage(app, made.procurement_id) == "evaluation"
    (mail,) = mails_to(smtp_server, f"{region_purchaser.key}@example.test")
    assert "Rapporten mangler prisvurderingen." in part(mail, "text/plain")
    attention = signed_in(client, region_purchaser).get("/api/v1/me/attention").get_json()
    assert "Award recommendation returned: Felles sak- og arkivsystem" in [i["title"] for i in attention["items"]]


def test_the_purchaser_may_not_quality_check(app, client, tenant_a):
    made = at_quality_check(app, tenant_a)
    api = signed_in(client, purchaser(app, tenant_a))
    refused = api.post(f"{_award(made.procurement_id)}/quality-check", {"outcome": "approved"})
    assert refused.status_code in (403, 404)
    assert stage(app, made.procurement_id) == "quality_check" and count_rows(app, AwardApproval) == 0


def test_approving_before_the_quality_check_is_refused(app, client, tenant_a):
    made = at_quality_check(app, tenant_a)
    api = signed_in(client, tenant_a.people["chief"], acr=HIGH)
    refused = api.post(f"{_award(made.procurement_id)}/approvals", {"decision": "approved"})
    assert_error_shape(refused, 409)
    assert stage(app, made.procurement_id) == "quality_check"


def test_every_approval_decides_the_award_once_with_its_standstill_period(app, client, tenant_a, smtp_server):
    made = in_approval(app, tenant_a)
    kongsberg = signed_in(client, made.chiefs["Kongsberg"], acr=HIGH)
    first = kongsberg.post(f"{_award(made.procurement_id)}/approvals", {"decision": "approved"})
    assert first.status_code == 201, first.get_data(as_text=True)
    assert (first.get_json()["tenant_name"], first.get_json()["acr"]) == ("Kongsberg", HIGH)
    assert stage(app, made.procurement_id) == "approval" and count_rows(app, AwardDecision) == 0
    smtp_server.clear()

    decide(app, made.chiefs["Flesberg"], made.procurement_id)

    assert stage(app, made.procurement_id) == "standstill"
    state = kongsberg.get(_award(made.procurement_id)).get_json()
    today = local_today("NO")
    assert state["decision"]["decided_on"] == today.isoformat()
    assert state["decision"]["standstill_days"] == 10
    assert state["decision"]["standstill_ends_on"] == (today + timedelta(days=10)).isoformat()
    assert state["decision"]["signable_from"] == (today + timedelta(days=11)).isoformat()
    with acting(app, None):
        steps = db.session.scalars(
            select(StageChange.to_stage)
            .where(StageChange.procurement_id == made.procurement_id)
            .order_by(StageChange.id)
        ).all()
    assert steps[-3:] == ["approval", "award_decided", "standstill"]
    for address in ("kongsb_coordinator", "kongsb_chief", "kongsb_it", "flesbe_chief"):
        (mail,) = mails_to(smtp_server, f"{address}@example.test")
        assert "the award is decided" in mail["Subject"]


def test_approving_twice_is_a_409_and_changes_nothing(app, client, tenant_a):
    made = in_approval(app, tenant_a)
    decide(app, made.chiefs["Kongsberg"], made.procurement_id)
    api = signed_in(client, made.chiefs["Kongsberg"], acr=HIGH)
    again = api.post(f"{_award(made.procurement_id)}/approvals", {"decision": "withdrawn", "reason": "Ombestemt"})
    assert assert_error_shape(again, 409)["message"].startswith("Kongsberg has already decided")
    assert stage(app, made.procurement_id) == "approval"
    with acting(app, None):
        decisions = db.session.scalars(select(AwardApproval.decision).order_by(AwardApproval.tenant_name)).all()
    assert decisions == [None, "approved"]


def test_approving_for_another_municipality_is_a_404(app, client, tenant_a):
    made = in_approval(app, tenant_a)
    api = signed_in(client, made.chiefs["Kongsberg"], acr=HIGH)
    body = {"decision": "approved", "tenant_id": made.tenant_ids["Flesberg"]}
    assert_error_shape(api.post(f"{_award(made.procurement_id)}/approvals", body), 404)
    with acting(app, None):
        assert db.session.scalars(select(AwardApproval.decision)).all() == [None, None]


def test_withdrawing_needs_a_reason(app, client, tenant_a):
    made = in_approval(app, tenant_a)
    api = signed_in(client, made.chiefs["Flesberg"], acr=HIGH)
    refused = api.post(f"{_award(made.procurement_id)}/approvals", {"decision": "withdrawn", "reason": " "})
    assert field_errors(refused) == {"reason": ["Say why the municipality withdraws from the procurement."]}
    with acting(app, None):
        assert db.session.scalar(
            select(ProcurementNeed.id).where(ProcurementNeed.tenant_id == made.tenant_ids["Flesberg"])
        )


def test_a_withdrawal_redistributes_the_share_and_tells_the_others(app, client, tenant_a, smtp_server):
    made = in_approval(app, tenant_a)
    api = signed_in(client, made.chiefs["Flesberg"], acr=HIGH)
    before = {a["tenant_name"]: a["share_minor"] for a in api.get(_award(made.procurement_id)).get_json()["approvals"]}
    assert before["Flesberg"] > 0 and before["Kongsberg"] < VALUE
    smtp_server.clear()

    withdrawn = api.post(
        f"{_award(made.procurement_id)}/approvals", {"decision": "withdrawn", "reason": "Ikke budsjettdekning i 2028."}
    )

    assert withdrawn.status_code == 201
    state = api.get(_award(made.procurement_id)).get_json()
    shares = {a["tenant_name"]: (a["decision"], a["share_minor"]) for a in state["approvals"]}
    assert shares == {"Flesberg": ("withdrawn", None), "Kongsberg": (None, VALUE)}
    with acting(app, None):
        assert not db.session.scalar(
            select(ProcurementNeed.id).where(ProcurementNeed.tenant_id == made.tenant_ids["Flesberg"])
        )
    for address in ("kongsb_chief", "kongsb_it"):
        (mail,) = mails_to(smtp_server, f"{address}@example.test")
        assert "Ikke budsjettdekning i 2028." in part(mail, "text/plain")
    assert stage(app, made.procurement_id) == "approval"
    decide(app, made.chiefs["Kongsberg"], made.procurement_id)  # the only participant left approves: decided
    assert stage(app, made.procurement_id) == "standstill"


def test_a_chief_of_two_participants_chooses_the_municipality(app, client, tenant_a):
    made = in_approval(app, tenant_a)
    with acting(app, None):
        from samverka.tenants.models import RoleAssignment

        db.session.add(
            RoleAssignment(
                user_id=made.chiefs["Kongsberg"].user_id,
                role="chief_executive",
                tenant_id=made.tenant_ids["Flesberg"],
            )
        )
        db.session.commit()
    api = signed_in(client, made.chiefs["Kongsberg"], acr=HIGH)
    path = f"{_award(made.procurement_id)}/approvals"
    assert "tenant_id" in field_errors(api.post(path, {"decision": "approved"}))
    chosen = api.post(path, {"decision": "approved", "tenant_id": made.tenant_ids["Flesberg"]})
    assert chosen.get_json()["tenant_name"] == "Flesberg"


def test_the_standstill_rules_are_data_for_each_country():
    rules = standstill.rules()
    assert (rules["NO"].days, rules["SE"].days) == (10, 10)
    assert "20-3" in rules["NO"].rule and "20 kap. 1" in rules["SE"].rule
    decided_on = local_today("NO")
    assert standstill.first_signing_day(standstill.last_day(decided_on, 10)) == decided_on + timedelta(days=11)
