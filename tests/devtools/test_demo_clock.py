"""``samverka-dev end-standstill``: the demo's decided award may be signed today; the audit log says why."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from samverka.devtools.demo.clock import end_standstill
from samverka.platform.audit.models import AuditEvent
from samverka.platform.awards.models import AwardDecision
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from tests.platform.awards.factories import decided, in_approval


def _decision(app, procurement_id: int) -> AwardDecision | None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return db.session.scalar(select(AwardDecision).where(AwardDecision.procurement_id == procurement_id))


def test_the_period_ends_yesterday_and_the_audit_log_says_so(app, tenant_a):
    made = decided(app, tenant_a)
    before = _decision(app, made.procurement_id)
    assert before.standstill_ends_on >= local_today("NO")
    with app.app_context():
        said = end_standstill(made.procurement_id)
        bind_principal(db.session, Principal.system("test read"))
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "demo.standstill_shortened"))
        assert event is not None and event.summary["was"] == before.standstill_ends_on.isoformat()
    after = _decision(app, made.procurement_id)
    assert after.standstill_ends_on == local_today("NO") - timedelta(days=1)
    assert str(after.standstill_ends_on) in said


def test_without_a_decision_nothing_changes(app, tenant_a):
    made = in_approval(app, tenant_a)
    with app.app_context():
        said = end_standstill(made.procurement_id)
    assert "no award decision yet" in said
    assert _decision(app, made.procurement_id) is None
