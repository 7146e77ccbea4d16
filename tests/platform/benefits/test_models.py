"""The measurement and reminder tables: one value of the right shape per line and period, the need's scope
copied from the line, and row-level security refusing another municipality's rows in raw SQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from samverka.platform.benefits.models import BenefitMeasurement, BenefitReminder
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import BenefitLine
from samverka.tenants.services.principals import load_principal
from tests.platform.benefits.factories import delivered_with_benefits
from tests.support import services as test_services
from tests.support.rls import scope_connection


def _measure(line_id: int, period_start: date, **value) -> BenefitMeasurement:
    line = db.session.get(BenefitLine, line_id)
    return BenefitMeasurement(
        line=line, period_start=period_start, period_end=date(period_start.year, 3, 31), measured_by="Kari", **value
    )


def test_a_measurement_follows_its_lines_scope_and_holds_exactly_one_value(app, tenant_a):
    follow_up = delivered_with_benefits(app, tenant_a)
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        measurement = _measure(follow_up.lines["money"], date(2026, 1, 1), amount=Decimal("1500.50"))
        db.session.add(measurement)
        db.session.flush()
        assert measurement.tenant_id == tenant_a.tenant_id
        assert measurement.shared_region_ids == [tenant_a.region_id]
        for bad in ({"amount": Decimal(1), "score": 3}, {}, {"score": 6}):
            with pytest.raises(IntegrityError), db.session.begin_nested():
                db.session.add(_measure(follow_up.lines["quality"], date(2026, 1, 1), **bad))
                db.session.flush()
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(_measure(follow_up.lines["money"], date(2026, 1, 1), amount=Decimal(2)))
            db.session.flush()
        db.session.rollback()


def test_a_line_refuses_an_unknown_period_or_a_drop_without_a_reason(app, tenant_a):
    follow_up = delivered_with_benefits(app, tenant_a)
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        line = db.session.get(BenefitLine, follow_up.lines["money"])
        assert line.follow_up_period == "quarterly" and line.value_kind is None
        for change in ({"follow_up_period": "monthly"}, {"value_kind": "euros"}, {"follow_up_status": "dropped"}):
            with pytest.raises(IntegrityError), db.session.begin_nested():
                for name, value in change.items():
                    setattr(line, name, value)
                db.session.flush()
        db.session.rollback()


@pytest.mark.postgres
@pytest.mark.committed
def test_in_raw_sql_the_app_role_reads_and_writes_no_other_municipalitys_measurements(app, tenant_a):
    follow_up = delivered_with_benefits(app, tenant_a)
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        for name, line_id in (("own", follow_up.lines["money"]), ("other", follow_up.other_lines["money"])):
            db.session.add(_measure(line_id, date(2026, 1, 1), amount=Decimal(100), comment=name))
            db.session.add(
                BenefitReminder(line=db.session.get(BenefitLine, line_id), period_start=date(2026, 1, 1), kind="due")
            )
        db.session.commit()
        kongsberg_it = load_principal(db.session, tenant_a.people["it"].user_id)
    engine = create_engine(test_services.app_url())
    counts = {}
    try:
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, kongsberg_it)
            for table in ("benefit_measurements", "benefit_reminders"):
                counts[table] = conn.execute(text(f"SELECT tenant_id FROM {table} ORDER BY tenant_id")).scalars().all()
            counts["updated"] = conn.execute(
                text("UPDATE benefit_measurements SET amount = 1 WHERE tenant_id = :t"), {"t": tenant_a.other_tenant_id}
            ).rowcount
            counts["reminders deleted"] = conn.execute(text("DELETE FROM benefit_reminders")).rowcount
    finally:
        engine.dispose()
    assert counts == {
        "benefit_measurements": [tenant_a.tenant_id],
        "benefit_reminders": [tenant_a.tenant_id],
        "updated": 0,
        "reminders deleted": 0,
    }
