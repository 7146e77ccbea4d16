"""The demo's delivered procurement: three participants' benefit plans to follow up, delivered 14 months ago."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from samverka.devtools.demo import load_demo_data
from samverka.devtools.demo.delivered_run import DELIVERED_TITLE, delivered_procurement_id
from samverka.platform.audit.models import AuditEvent
from samverka.platform.benefits.rollup import offered_years, rollup
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import months_before, utcnow
from samverka.platform.delivery.models import DeliveredDocument, Delivery, GoLive
from samverka.platform.needs.models import BenefitLine, BenefitPlan, Need
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed, StageChange
from samverka.platform.procurements.stages import LINE
from samverka.platform.signatures.models import DpaSignature
from samverka.platform.signatures.services.verify import run_verification
from samverka.tenants.models import Tenant, User
from samverka.tenants.services.principals import load_principal


def _loaded() -> int:
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    return delivered_procurement_id(db.session)


def test_the_delivered_procurement_holds_three_participants_benefit_plans(app_context):
    procurement_id = _loaded()
    procurement = db.session.get(JointProcurement, procurement_id)
    assert (procurement.title, procurement.status) == (DELIVERED_TITLE, "in_operation")
    rows = db.session.execute(
        select(Tenant.name, BenefitLine.benefit_type, BenefitLine.unit, BenefitLine.target_value)
        .join(Need, Need.tenant_id == Tenant.id)
        .join(ProcurementNeed, ProcurementNeed.need_id == Need.id)
        .join(BenefitPlan, BenefitPlan.need_id == Need.id)
        .join(BenefitLine, BenefitLine.plan_id == BenefitPlan.id)
        .where(ProcurementNeed.procurement_id == procurement_id)
    ).all()
    plans = {}
    for tenant, benefit_type, unit, target in rows:
        plans.setdefault(tenant, {})[benefit_type] = (unit, int(target))
    assert sorted(plans) == ["Flesberg", "Notodden", "Tinn"]
    assert all(set(lines) == {"time_saved", "cost_saved", "quality"} for lines in plans.values())
    assert plans["Notodden"]["time_saved"] == ("timer", 1200)
    assert plans["Notodden"]["cost_saved"] == ("NOK", 180_000)
    assert plans["Tinn"]["time_saved"][1] < 1200 and plans["Flesberg"]["cost_saved"][1] < 180_000


def test_it_was_delivered_fourteen_months_ago_through_every_stage_in_order(app_context):
    procurement_id = _loaded()
    delivery = db.session.scalar(select(Delivery).where(Delivery.procurement_id == procurement_id))
    today = utcnow().date()
    assert delivery.delivered_at.date() == months_before(today, 14)
    changes = db.session.execute(
        select(StageChange.to_stage, StageChange.changed_at)
        .where(StageChange.procurement_id == procurement_id)
        .order_by(StageChange.id)
    ).all()
    assert [stage for stage, _at in changes] == list(LINE[1:])
    times = [at for _stage, at in changes]
    assert times == sorted(times) and times[-1].date() < today
    go_live = db.session.scalar(select(GoLive).where(GoLive.procurement_id == procurement_id))
    assert delivery.delivered_at.date() < go_live.in_operation_on < today
    dated_back = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "demo.dated_back")
    assert db.session.scalar(dated_back) == 2  # the history says the dates were moved, and by whom


def test_its_agreement_was_signed_by_each_chief_executive_and_verifies(app_context):
    procurement_id = _loaded()
    signatories = db.session.scalars(
        select(DpaSignature.signatory_name)
        .where(DpaSignature.procurement_id == procurement_id)
        .order_by(DpaSignature.sequence)
    ).all()
    assert signatories == ["Hilde Sauar", "Marit Vestfjord", "Ingrid Haugen"]
    report = run_verification(db.session, procurement_id)
    assert report.ok, report.failures
    assert (report.signatures, report.pades) == (3, 3)
    copies = db.session.scalar(
        select(func.count()).select_from(DeliveredDocument).where(DeliveredDocument.procurement_id == procurement_id)
    )
    assert copies == 2 * (3 + 1)  # contract and agreement, to each participant and to K-IKT


def test_tinn_has_reported_every_ended_period_flesberg_some_and_notodden_none(app_context):
    procurement_id = _loaded()
    region_id = db.session.get(JointProcurement, procurement_id).region_id
    kari = load_principal(db.session, db.session.scalar(select(User.id).where(User.name == "Kari Nordmann")))
    bind_principal(db.session, kari)
    missing, hours, not_reported = Counter(), Counter(), set()
    for year in offered_years(db.session, rollup(db.session, kari, region_id)):  # from the delivery's year to today's
        found = rollup(db.session, kari, region_id, year=year)
        for municipality in next(item for item in found.procurements if item.id == procurement_id).municipalities:
            missing[municipality.name] += len(municipality.missing)
            hours[municipality.name] += municipality.figures["hours"].realised
        not_reported |= {item.tenant_name for item in found.not_reported}
    assert missing["Tinn"] == 0 < missing["Flesberg"] < missing["Notodden"]
    assert not_reported == {"Flesberg", "Notodden"}
    assert hours["Tinn"] > hours["Flesberg"] > 0 == hours["Notodden"]
