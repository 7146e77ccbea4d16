"""Dates people act on are the municipality's local date: at 00:30 in Oslo it is already tomorrow there.

Each test decides at a fixed instant passed to the service, never by freezing the clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from samverka.platform.contracts.models import Reprocurement
from samverka.platform.contracts.tasks import plan_reprocurements
from samverka.platform.core.errors import Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import earliest_local_today, local_date, local_today
from samverka.platform.procurements import services
from samverka.platform.procurements.models import JoinInvitation
from samverka.tenants.services.principals import load_principal
from tests.platform.contracts.support import make_contract
from tests.platform.procurements.factories import make_procurement

# 23:30 UTC on 6 December is 00:30 on 7 December in Oslo and Stockholm (UTC+1 in winter).
LATE = datetime(2026, 12, 6, 23, 30)


def test_local_date_is_the_countrys_calendar_day():
    assert LATE.date() == date(2026, 12, 6)
    assert local_date(LATE, "NO") == local_date(LATE, "SE") == date(2026, 12, 7)
    assert local_date(LATE.replace(tzinfo=UTC), "NO") == date(2026, 12, 7)
    assert local_today("NO", datetime(2026, 6, 30, 21, 59)) == date(2026, 6, 30)  # summer: UTC+2
    assert local_today("NO", datetime(2026, 6, 30, 22, 0)) == date(2026, 7, 1)
    assert earliest_local_today(LATE) == date(2026, 12, 7)


def _set_deadline(app, invitation_id: int, deadline: date) -> None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        db.session.get(JoinInvitation, invitation_id).deadline = deadline
        db.session.commit()


def _answer(app, tenant_a, invitation_id: int, now: datetime) -> str:
    with app.app_context():
        principal = load_principal(db.session, tenant_a.people["it"].user_id)
        bind_principal(db.session, principal)
        invitation = services.access_join_invitation(db.session, principal, invitation_id)
        services.answer(db.session, principal, invitation, status="declined", comment="Nei takk", now=now)
        db.session.commit()
        return invitation.status


def test_an_invitation_due_today_in_oslo_is_open_until_midnight_there(app, tenant_a):
    made = make_procurement(app, tenant_a)
    _set_deadline(app, made.join_invitation_id, date(2026, 12, 7))
    with pytest.raises(Refused):  # 00:30 on 8 December in Oslo, still the 7th in UTC
        _answer(app, tenant_a, made.join_invitation_id, LATE + timedelta(days=1))
    assert _answer(app, tenant_a, made.join_invitation_id, LATE + timedelta(hours=23)) == "declined"  # 23:30 on 7th


def test_reminders_count_days_from_the_municipalitys_date(app, tenant_a):
    passed = make_procurement(app, tenant_a, title="Passert")  # due 6 Dec: over in Oslo at LATE
    due = make_procurement(app, tenant_a, title="Snart")  # due 10 Dec: three days from 7 Dec
    _set_deadline(app, passed.join_invitation_id, date(2026, 12, 6))
    _set_deadline(app, due.join_invitation_id, date(2026, 12, 10))
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        assert services.reminders_due(db.session, LATE, 3) == [due.join_invitation_id]


def test_lead_time_planning_runs_on_the_owners_new_year(app, tenant_a):
    # At 00:30 on 1 January 2027 in Oslo the horizon is 31 December 2028: a start in 2028 is due.
    contract_id = make_contract(
        app, tenant_id=tenant_a.tenant_id, category="telecom", ends_on=date(2029, 6, 30), extendable_to=None
    )
    with app.app_context():
        assert plan_reprocurements("2026-12-31T23:30:00") == 1
        bind_principal(db.session, Principal.system("test"))
        planned = db.session.scalars(select(Reprocurement).where(Reprocurement.contract_id == contract_id)).one()
        assert planned.starts_on == date(2028, 6, 30)
