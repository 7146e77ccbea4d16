"""The follow-up's rules: which plans are followed up, planned against realised, recording and correcting
measurements, the line's settings and drop, each refusal changing nothing, another municipality's line 404."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from samverka.platform.audit.models import AuditEvent
from samverka.platform.benefits import periods as p
from samverka.platform.benefits.models import BenefitMeasurement
from samverka.platform.benefits.services import follow_up, recording
from samverka.platform.benefits.services.recording import Value
from samverka.platform.core.errors import Forbidden, NotFound, Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from samverka.platform.delivery.models import Delivery
from samverka.platform.needs.models import BenefitLine
from samverka.tenants.services.principals import load_principal
from tests.platform.benefits.factories import delivered_with_benefits

Q1 = date(2026, 1, 1)


@pytest.fixture
def follow(app, tenant_a):
    return delivered_with_benefits(app, tenant_a)


def _as(app, person):
    return load_principal(db.session, person.user_id)


def _record(principal, line_id, period_start=Q1, measured_by="Kari Måler", **value):
    return recording.record_measurement(
        db.session,
        principal,
        line_id,
        period_start,
        Value(**value),
        comment="Fra lønnssystemet",
        measured_by=measured_by,
    )


def _snapshot():
    measurements = db.session.execute(
        select(BenefitMeasurement.line_id, BenefitMeasurement.period_start, BenefitMeasurement.amount)
    ).all()
    lines = db.session.execute(
        select(BenefitLine.id, BenefitLine.follow_up_period, BenefitLine.value_kind, BenefitLine.follow_up_status)
    ).all()
    return sorted(measurements), sorted(lines), db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_a_delivered_plan_is_followed_up_from_the_delivery_date_period_by_period(app, tenant_a, follow):
    with app.app_context():
        it = _as(app, tenant_a.people["it"])
        found = follow_up.plan_follow_up(db.session, it, follow.plan_id)
        assert found.start == follow.delivered_on and found.may_measure
        assert found.delivered.procurement_id == follow.procurement_id
        money = next(line for line in found.lines if line.line.id == follow.lines["money"])
        assert money.kind == p.MONEY and money.rows[0].period == p.Period(Q1, date(2026, 3, 31))
        assert money.rows[0].state == follow_up.OVERDUE  # long past, never measured
        assert money.rows[-1].period.start <= local_today("NO") <= money.rows[-1].period.end
        # Planned in the first quarter counts from the delivery day, not from 1 January.
        assert money.rows[0].planned == p.planned_in(
            money.line, follow.delivered_on, follow.delivered_on, date(2026, 3, 31)
        )
        assert {line.kind for line in found.lines} == {p.MONEY, p.HOURS, p.SCALE}


def test_recording_then_correcting_a_period_keeps_one_measurement_and_audits_both(app, tenant_a, follow):
    with app.app_context():
        it = _as(app, tenant_a.people["it"])
        first = _record(it, follow.lines["money"], amount=Decimal("25000"))
        again = _record(it, follow.lines["money"], amount=Decimal("30000"), measured_by="Per Måler")
        assert first.id == again.id and again.amount == Decimal("30000") and again.period_end == date(2026, 3, 31)
        assert again.measured_by == "Per Måler" and again.recorded_by_id == tenant_a.people["it"].user_id
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq.desc()).limit(2)).all()
        assert actions == ["benefit_measurement.correct", "benefit_measurement.record"]
        found = follow_up.plan_follow_up(db.session, it, follow.plan_id)
        money = next(line for line in found.lines if line.line.id == follow.lines["money"])
        assert money.realised == Decimal("30000") and money.rows[0].state == follow_up.MEASURED
        assert money.rows[1].realised_cumulative == Decimal("30000")
        assert money.status == p.BEHIND  # 30 000 of some 200 000 planned by now


def test_a_scale_line_takes_a_score_and_is_realised_at_its_target(app, tenant_a, follow):
    with app.app_context():
        it = _as(app, tenant_a.people["it"])
        _record(it, follow.lines["quality"], score=4)
        found = follow_up.plan_follow_up(db.session, it, follow.plan_id)
        quality = next(line for line in found.lines if line.line.id == follow.lines["quality"])
        assert quality.status == p.REALISED and quality.realised is None and quality.measurements[0].score == 4


@pytest.mark.parametrize(
    ("line", "period_start", "value", "field"),
    [
        ("money", date(2026, 2, 1), {"amount": Decimal(1)}, "period_start"),  # not a quarter's first day
        ("money", date(2025, 10, 1), {"amount": Decimal(1)}, "period_start"),  # before follow-up started
        ("money", date(2099, 1, 1), {"amount": Decimal(1)}, "period_start"),  # in the future
        ("hours", date(2026, 4, 1), {"amount": Decimal(1)}, "period_start"),  # not a half-year's first day
        ("money", Q1, {"score": 3}, "score"),  # a score on an amount line
        ("money", Q1, {}, "amount"),
        ("quality", Q1, {"amount": Decimal(3)}, "amount"),  # an amount on a scale line
        ("quality", Q1, {"score": 6}, "score"),
        ("quality", Q1, {"score": 0}, "score"),
        ("hours", Q1, {"amount": Decimal(-5)}, "amount"),  # negative hours
    ],
)
def test_a_bad_measurement_is_refused_and_changes_nothing(app, tenant_a, follow, line, period_start, value, field):
    with app.app_context():
        it = _as(app, tenant_a.people["it"])
        before = _snapshot()
        with pytest.raises(Refused) as refused:
            _record(it, follow.lines[line], period_start, **value)
        assert field in refused.value.errors
        db.session.rollback()
        assert _snapshot() == before


def test_money_may_be_negative_a_loss(app, tenant_a, follow):
    with app.app_context():
        measurement = _record(_as(app, tenant_a.people["it"]), follow.lines["money"], amount=Decimal("-1200.50"))
        assert measurement.amount == Decimal("-1200.50")


def test_a_plan_not_in_follow_up_takes_no_measurement_and_has_no_follow_up_page(app, tenant_a, follow):
    with app.app_context():
        with acting_as(db.session, Principal.system("test: undo the delivery")):
            db.session.execute(Delivery.__table__.delete())
        it = _as(app, tenant_a.people["it"])
        with pytest.raises(Refused) as refused:
            _record(it, follow.lines["money"], amount=Decimal(1))
        assert "line" in refused.value.errors
        with pytest.raises(NotFound):
            follow_up.plan_follow_up(db.session, it, follow.plan_id)


def test_another_municipalitys_line_is_not_found_and_the_region_reads_but_does_not_record(
    app, tenant_a, tenant_b, follow
):
    with app.app_context():
        tokke_it = _as(app, tenant_b.people["it"])
        for attempt in (
            lambda: _record(tokke_it, follow.lines["money"], amount=Decimal(1)),
            lambda: recording.drop_line(db.session, tokke_it, follow.lines["money"], "Nei"),
            lambda: recording.set_line_follow_up(db.session, tokke_it, follow.lines["money"], "yearly", None),
            lambda: follow_up.plan_follow_up(db.session, tokke_it, follow.plan_id),
        ):
            with pytest.raises(NotFound):
                attempt()
        # The region's coordinator reads the plan through the need's region scope, and only reads it.
        coordinator = _as(app, tenant_a.people["coordinator"])
        found = follow_up.plan_follow_up(db.session, coordinator, follow.plan_id)
        assert not found.may_measure and len(found.lines) == 3
        with pytest.raises(Forbidden):
            _record(coordinator, follow.lines["money"], amount=Decimal(1))


def test_the_line_is_set_before_it_is_measured_and_dropped_with_a_reason(app, tenant_a, follow):
    with app.app_context():
        it = _as(app, tenant_a.people["it"])
        line = recording.set_line_follow_up(db.session, it, follow.lines["quality"], "half_yearly", "count")
        assert (line.follow_up_period, p.value_kind(line)) == ("half_yearly", p.COUNT)
        _record(it, follow.lines["money"], amount=Decimal(10))
        with pytest.raises(Refused):
            recording.set_line_follow_up(db.session, it, follow.lines["money"], "yearly", None)
        with pytest.raises(Refused) as refused:
            recording.drop_line(db.session, it, follow.lines["money"], "   ")
        assert "dropped_reason" in refused.value.errors
        dropped = recording.drop_line(db.session, it, follow.lines["money"], "Leverandøren la ned modulen")
        assert dropped.follow_up_status == p.DROPPED and dropped.dropped_at is not None
        with pytest.raises(Refused):
            _record(it, follow.lines["money"], date(2026, 4, 1), amount=Decimal(1))
        found = follow_up.plan_follow_up(db.session, it, follow.plan_id)
        money = next(line for line in found.lines if line.line.id == follow.lines["money"])
        assert money.status == p.DROPPED and money.missing == []


def test_the_municipalitys_list_has_its_plans_in_follow_up_with_line_statuses(app, tenant_a, tenant_b, follow):
    with app.app_context():
        it = _as(app, tenant_a.people["it"])
        _record(it, follow.lines["quality"], score=5)
        tenant, rows = follow_up.tenant_plans(db.session, it, tenant_a.tenant_id)
        assert tenant.id == tenant_a.tenant_id and [row.plan_id for row in rows] == [follow.plan_id]
        assert rows[0].statuses.get(p.REALISED) == 1 and rows[0].missing > 0
        assert rows[0].procurement_title == "Sak- og arkivsystem"
    with app.app_context(), pytest.raises(NotFound):
        follow_up.tenant_plans(db.session, _as(app, tenant_b.people["it"]), tenant_a.tenant_id)
