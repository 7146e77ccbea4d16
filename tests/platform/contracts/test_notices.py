"""Re-procurement notices sent in batches to the real SMTP catcher: each once, to its own owner only, and a retry
after the relay refused some sends only those."""

from __future__ import annotations

from datetime import date, timedelta
from smtplib import SMTPServerDisconnected

import pytest
from sqlalchemy import select

from samverka.jobs.models import QueuedJob
from samverka.platform.audit.models import AuditEvent
from samverka.platform.audit.services import verify_chain
from samverka.platform.contracts.models import Reprocurement
from samverka.platform.contracts.services import notices
from samverka.platform.contracts.services.notices import NoticesNotSent
from samverka.platform.contracts.tasks import plan_reprocurements, send_reprocurement_notice, send_reprocurement_notices
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from tests.jobs.harness import part
from tests.platform.contracts.support import make_contract
from tests.support.statements import counting_statements

KONGSBERG_IT, REGION_A, TOKKE_IT = "kongsb_it@example.test", "kongsb_coordinator@example.test", "vest-t_it@example.test"
NO_PERSONAL_DATA = {"processes_personal_data": False, "dpa_status": "not_required"}


def _reprocurement(app, **owner) -> int:
    """An un-notified re-procurement of a new contract of ``owner``, as the lead-time job leaves it."""
    contract_id = make_contract(app, ends_on=date(2026, 12, 31), extendable_to=None, **owner)
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        ends = date(2026, 12, 31)
        row = Reprocurement(contract_id=contract_id, period_end=ends, starts_on=ends - timedelta(days=365), **owner)
        db.session.add(row)
        db.session.commit()
        return row.id


def _three_owners(app, tenant_a, tenant_b) -> dict[str, int]:
    """A re-procurement of Kongsberg's, one of region A's and one of Tokke's (region B): one batch, three owners."""
    return {
        KONGSBERG_IT: _reprocurement(app, tenant_id=tenant_a.tenant_id),
        REGION_A: _reprocurement(app, region_id=tenant_a.region_id),
        TOKKE_IT: _reprocurement(app, tenant_id=tenant_b.tenant_id),
    }


def _sent(smtp_server) -> list[tuple[str, int]]:
    """Each mail at the catcher: its recipient and the contract its link names."""
    links = ((m["To"], part(m, "text/plain").split("/contracts/")[1]) for m in smtp_server.messages)
    return sorted((to, int(link.split()[0])) for to, link in links)


def _contracts(app, reprocurements: dict[str, int]) -> list[tuple[str, int]]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        return sorted((to, db.session.get(Reprocurement, rid).contract_id) for to, rid in reprocurements.items())


def _notified(app) -> dict[int, bool]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        return {r.id: r.notified_at is not None for r in db.session.scalars(select(Reprocurement))}


def _notify_events(app) -> list[str]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        assert verify_chain(db.session).ok
        stmt = select(AuditEvent.object_id).where(AuditEvent.action == "reprocurement.notify").order_by(AuditEvent.seq)
        return list(db.session.scalars(stmt))


@pytest.mark.postgres
def test_a_batch_of_several_owners_tells_each_owner_of_its_own_contract_once(app, tenant_a, tenant_b, smtp_server):
    smtp_server.clear()
    batch = _three_owners(app, tenant_a, tenant_b)
    with app.app_context():
        send_reprocurement_notices([*batch.values(), 999_999])  # an id that is no re-procurement is passed over
        send_reprocurement_notices(list(batch.values()))  # a second run (a retry, another worker) sends nothing
    assert _sent(smtp_server) == _contracts(app, batch)
    assert all(_notified(app).values())
    assert _notify_events(app) == [str(rid) for rid in sorted(batch.values())]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("failing", "raised", "sent_first"),
    [
        ("refuse", NoticesNotSent, [KONGSBERG_IT, TOKKE_IT]),  # the relay refuses one: the others still go
        ("hang_up_on", SMTPServerDisconnected, [KONGSBERG_IT]),  # the relay gone: what went before it is kept
    ],
)
def test_a_retry_after_a_partial_failure_sends_only_the_notices_not_sent(
    app, tenant_a, tenant_b, smtp_server, failing, raised, sent_first
):
    smtp_server.clear()
    batch = _three_owners(app, tenant_a, tenant_b)  # sent in id order: Kongsberg's, the region's, Tokke's
    getattr(smtp_server, failing)(REGION_A)
    try:
        with app.app_context(), pytest.raises(raised):  # failed: RQ retries the job
            send_reprocurement_notices(list(batch.values()))
    finally:
        getattr(smtp_server, failing)()
    assert sorted(to for to, _ in _sent(smtp_server)) == sent_first
    assert _notified(app) == {rid: to in sent_first for to, rid in batch.items()}
    with app.app_context():
        send_reprocurement_notices(list(batch.values()))  # the retry
    assert _sent(smtp_server) == _contracts(app, batch)
    assert sorted(_notify_events(app)) == sorted(str(rid) for rid in batch.values())


@pytest.mark.postgres
def test_a_notice_queued_as_one_job_before_the_batches_is_still_sent_once(app, tenant_a, smtp_server):
    smtp_server.clear()
    reprocurement_id = _reprocurement(app, tenant_id=tenant_a.tenant_id)
    with app.app_context():
        send_reprocurement_notice(reprocurement_id)
        send_reprocurement_notice(reprocurement_id)
    assert [to for to, _ in _sent(smtp_server)] == [KONGSBERG_IT]
    assert _notify_events(app) == [str(reprocurement_id)]


@pytest.mark.postgres
def test_a_batch_sends_a_fixed_number_of_statements_per_notice(app, tenant_a, smtp_server):
    def statements(count: int) -> int:
        ids = [_reprocurement(app, tenant_id=tenant_a.tenant_id) for _ in range(count)]
        with counting_statements(app) as counted, app.app_context():
            send_reprocurement_notices(ids)
        assert all(_notified(app)[rid] for rid in ids)
        return len(counted)

    small, large = statements(4), statements(24)
    # The reads are the batch's; each transaction of NOTICES_PER_COMMIT notices claims them, appends their audit
    # events (the head's lock, one append) and here costs four more (a savepoint and the principal's settings).
    assert large - small <= 7 * 20 / notices.NOTICES_PER_COMMIT, (small, large)


@pytest.mark.postgres
def test_the_lead_time_job_asks_for_one_notices_job_per_hundred_notices(app, tenant_a, monkeypatch):
    monkeypatch.setattr(notices, "NOTICES_PER_JOB", 2)
    for n in range(5):
        make_contract(app, tenant_id=tenant_a.tenant_id, title=f"Avtale {n}", ends_on=date(2026, 12, 31))
    with app.app_context():
        assert plan_reprocurements("2026-03-01T06:00:00+00:00") == 5
        bind_principal(db.session, Principal.system("test"))
        planned = sorted(db.session.scalars(select(Reprocurement.id)))
        stmt = select(QueuedJob.name, QueuedJob.args).where(QueuedJob.name.like("%notice%")).order_by(QueuedJob.id)
        staged = [(name.rsplit(".", 1)[1], args) for name, args in db.session.execute(stmt)]
    assert staged == [("send_reprocurement_notices", [planned[k : k + 2]]) for k in (0, 2, 4)]
    assert all(_notified(app).values())
