"""Lead-time planning: dates per category and region, the exactly-once daily job, and its notice."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from samverka.platform.contracts.models import Contract, RegionLeadTime, Reprocurement
from samverka.platform.contracts.services.lead_times import months_before, set_lead_times, start_for
from samverka.platform.contracts.services.reprocurement_needs import due_reprocurement_need_ids, reprocurement_for_need
from samverka.platform.contracts.tasks import plan_reprocurements
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need, NeedEvent
from samverka.platform.procurements.models import JointProcurement
from samverka.tenants.models import RegionMembership
from samverka.tenants.services.principals import load_principal
from tests.jobs.harness import mails_to, part
from tests.platform.contracts.support import make_contract, opt_in_to_submission
from tests.support.api import count_rows

TODAY = "2026-03-01"
KONGSBERG_IT = "kongsb_it@example.test"
# Only a need that processes no personal data is submitted from the register: the register cannot say what data.
NO_PERSONAL_DATA = {"processes_personal_data": False, "dpa_status": "not_required"}


def _system(app):
    bind_principal(db.session, Principal.system("test"))


def _start(app, contract_id: int) -> date:
    with app.app_context():
        _system(app)
        return start_for(db.session, db.session.get(Contract, contract_id))


@pytest.mark.parametrize(
    ("category", "months"),
    [("business_systems", 24), ("it_hardware", 18), ("it_consultants", 18), ("telecom", 12), ("other_it", 12)],
)
def test_default_lead_times_follow_seed_003(app, tenant_a, category, months):
    contract_id = make_contract(
        app, tenant_id=tenant_a.tenant_id, category=category, ends_on=date(2028, 6, 30), extendable_to=None
    )
    assert _start(app, contract_id) == months_before(date(2028, 6, 30), months)
    assert months_before(date(2028, 6, 30), 24) == date(2026, 6, 30)
    assert months_before(date(2028, 8, 31), 18) == date(2027, 2, 28)


def test_a_region_override_applies_and_a_tenant_takes_its_longest_region(app, tenant_a, tenant_b):
    contract_id = make_contract(
        app,
        tenant_id=tenant_a.tenant_id,
        category="telecom",
        ends_on=date(2028, 6, 30),
        extendable_to=date(2029, 6, 30),
    )
    with app.app_context():
        coordinator = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        set_lead_times(db.session, coordinator, tenant_a.region_id, {"telecom": 15})
        db.session.commit()
    assert _start(app, contract_id) == date(2028, 3, 30)  # the extension's end, 15 months earlier
    with app.app_context():
        _system(app)  # Kongsberg joins region B too, which asks for 30 months
        db.session.add(RegionMembership(region_id=tenant_b.region_id, tenant_id=tenant_a.tenant_id))
        db.session.add(RegionLeadTime(region_id=tenant_b.region_id, category="telecom", months=30))
        db.session.commit()
    assert _start(app, contract_id) == date(2026, 12, 30)


def _plan(app, on: str) -> int:
    with app.app_context():
        return plan_reprocurements(on)


def _run_twice_concurrently(app) -> list:
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                results.append(plan_reprocurements(TODAY))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


@pytest.mark.committed
@pytest.mark.postgres
def test_two_schedulers_at_once_create_exactly_one_need_and_one_mail(app, tenant_a, smtp_server):
    smtp_server.clear()
    opt_in_to_submission(app, tenant_a.tenant_id)
    due = [
        make_contract(
            app,
            tenant_id=tenant_a.tenant_id,
            title=f"Ekonomisystem {n}",
            ends_on=date(2027, 6, 30),
            extendable_to=date(2027, 12, 31),
            **NO_PERSONAL_DATA,
        )
        for n in range(3)
    ]
    make_contract(
        app, tenant_id=tenant_a.tenant_id, title="e-arkiv", ends_on=date(2031, 12, 31), extendable_to=None
    )  # starts 2029-12-31: beyond the horizon 2027-12-31

    results = _run_twice_concurrently(app)

    assert len(results) == 2 and sum(results) == 3  # the two runs share the work; none is done twice
    assert count_rows(app, Reprocurement) == 3
    with app.app_context():
        _system(app)
        needs = db.session.scalars(select(Need).order_by(Need.id)).all()
        assert [n.title for n in needs] == [f"Ekonomisystem {n} (reanskaffelse 2026)" for n in range(3)]
        assert {n.status for n in needs} == {"submitted"}
        assert {r.contract_id for r in db.session.scalars(select(Reprocurement))} == set(due)
        assert all(reprocurement_for_need(db.session, n.id).contract_id in due for n in needs)
    assert len(mails_to(smtp_server, KONGSBERG_IT)) == 3


@pytest.mark.postgres
def test_the_need_is_submitted_from_the_register_and_the_mail_is_in_norwegian(app, tenant_a, smtp_server):
    smtp_server.clear()
    opt_in_to_submission(app, tenant_a.tenant_id)
    contract_id = make_contract(
        app,
        tenant_id=tenant_a.tenant_id,
        ends_on=date(2026, 12, 31),
        extendable_to=date(2027, 12, 31),
        **NO_PERSONAL_DATA,
    )
    assert _plan(app, TODAY) == 1
    with app.app_context():
        _system(app)
        need = db.session.scalars(select(Need)).one()
        assert (need.kind, need.category, need.cpv_codes, need.current_supplier) == (
            "replacement",
            "business_systems",
            ["48443000"],
            "Visma Enterprise AS",
        )
        assert (need.contract_end, need.contract_extendable_to, need.annual_cost_minor) == (
            date(2026, 12, 31),
            date(2027, 12, 31),
            125_000_000,
        )
        assert need.desired_start == "2026-Q1"  # due 2025-12-31: overdue, so the current quarter
        assert need.title == "Ekonomisystem (reanskaffelse 2026)"
        assert need.submitted_region_ids == [tenant_a.region_id]
        event = db.session.scalars(select(NeedEvent).where(NeedEvent.action == "submit")).one()
        assert "kontraktsregister" in event.comment
        assert due_reprocurement_need_ids(db.session, tenant_a.region_id, 2027) == [need.id]
        assert due_reprocurement_need_ids(db.session, tenant_a.region_id, 2024) == []
    [mail] = mails_to(smtp_server, KONGSBERG_IT)
    text = part(mail, "text/plain")
    assert text.index("Ekonomisystem") < text.index("Hello,")  # Norwegian first, then English
    assert "reanskaffelse" in text.lower() and f"/contracts/{contract_id}" in text


@pytest.mark.postgres
def test_a_need_that_processes_personal_data_waits_as_a_draft_for_its_answers(app, tenant_a, smtp_server):
    smtp_server.clear()
    opt_in_to_submission(app, tenant_a.tenant_id)
    make_contract(app, tenant_id=tenant_a.tenant_id, ends_on=date(2026, 12, 31), extendable_to=date(2027, 12, 31))
    assert _plan(app, TODAY) == 1
    with app.app_context():
        _system(app)
        need = db.session.scalars(select(Need)).one()
        assert (need.status, need.processes_personal_data, need.submitted_region_ids) == ("draft", True, [])
        assert need.missing_personal_data == ["personal_data_purpose", "personal_data_categories", "data_subjects"]
    [mail] = mails_to(smtp_server, KONGSBERG_IT)
    assert "submit it to the region" in part(mail, "text/plain")


@pytest.mark.postgres
def test_running_later_creates_nothing_and_an_extension_makes_a_new_period(app, tenant_a, smtp_server):
    contract_id = make_contract(app, tenant_id=tenant_a.tenant_id, ends_on=date(2027, 6, 30), extendable_to=None)
    assert _plan(app, TODAY) == 1
    assert _plan(app, "2026-03-02") == 0
    with app.app_context():
        _system(app)
        db.session.get(Contract, contract_id).extendable_to = date(2028, 6, 30)
        db.session.commit()
    assert _plan(app, "2026-03-03") == 1
    with app.app_context():
        _system(app)
        periods = db.session.scalars(select(Reprocurement.period_end).order_by(Reprocurement.period_end)).all()
        assert periods == [date(2027, 6, 30), date(2028, 6, 30)]
        assert db.session.scalar(select(func.count()).select_from(Need)) == 2


@pytest.mark.postgres
def test_a_region_contract_becomes_a_draft_joint_procurement(app, tenant_a, smtp_server):
    smtp_server.clear()
    make_contract(
        app,
        region_id=tenant_a.region_id,
        title="Utskrift som tjeneste",
        category="it_as_a_service",
        ends_on=date(2027, 3, 31),
        extendable_to=None,
        processes_personal_data=False,
        dpa_status="not_required",
    )
    assert _plan(app, TODAY) == 1
    with app.app_context():
        _system(app)
        procurement = db.session.scalars(select(JointProcurement)).one()
        assert (procurement.region_id, procurement.category, procurement.status) == (
            tenant_a.region_id,
            "it_as_a_service",
            "draft",
        )
        assert procurement.title.startswith("Utskrift som tjeneste")
        assert db.session.scalar(select(func.count()).select_from(Need)) == 0
    assert len(mails_to(smtp_server, "kongsb_coordinator@example.test")) == 1
