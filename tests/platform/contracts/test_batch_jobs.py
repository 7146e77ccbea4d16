"""The contract register's batch jobs at scale: one re-match per region, not per contract; an import that checks
its file once in the job and sends a fixed number of statements per line, whatever the file's length."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from samverka.jobs.models import QueuedJob
from samverka.platform.audit.models import AuditEvent
from samverka.platform.audit.services import verify_chain
from samverka.platform.contracts import validation
from samverka.platform.contracts.models import Contract, ContractImport, Reprocurement
from samverka.platform.contracts.services import contracts, imports
from samverka.platform.contracts.services.access import register_of
from samverka.platform.contracts.tasks import plan_reprocurements
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching import tasks as matching_tasks
from samverka.platform.needs.models import Need
from tests.platform.contracts.support import VISMA, make_contract, opt_in_to_submission
from tests.support.statements import counting_statements

NO_PERSONAL_DATA = {"processes_personal_data": False, "dpa_status": "not_required"}
MATCH_NEED = "samverka.platform.matching.tasks.match_need"
MATCH_REGION = "samverka.platform.matching.tasks.match_region"
NOTICES = "samverka.platform.contracts.tasks.send_reprocurement_notices"
HEADER = (
    "title;supplier_name;supplier_organisation_number;supplier_country;category;cpv_codes;starts_on;ends_on;"
    "kraljic;personal_data"
)


@pytest.fixture
def rematches(monkeypatch) -> list[int]:
    """The regions re-matched, in order: the real re-match, counted."""
    calls: list[int] = []
    real = matching_tasks.rematch_region

    def counted(session, system, region_id, today):
        calls.append(region_id)
        return real(session, system, region_id, today)

    monkeypatch.setattr(matching_tasks, "rematch_region", counted)
    return calls


def _staged(app, name: str) -> int:
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        return db.session.scalar(select(func.count()).select_from(QueuedJob).where(QueuedJob.name == name))


@pytest.mark.postgres
def test_the_lead_time_job_rematches_each_region_once_for_many_due_contracts(app, tenant_a, tenant_b, rematches):
    for world in (tenant_a, tenant_b):
        opt_in_to_submission(app, world.tenant_id)
        for n in range(3):
            make_contract(
                app, tenant_id=world.tenant_id, title=f"Avtale {n}", ends_on=date(2026, 12, 31), **NO_PERSONAL_DATA
            )
    with app.app_context():
        assert plan_reprocurements("2026-03-01T06:00:00+00:00") == 6
    assert sorted(rematches) == sorted([tenant_a.region_id, tenant_b.region_id])
    assert (_staged(app, MATCH_REGION), _staged(app, MATCH_NEED)) == (2, 0)


def _file(lines: int, ends_on: str) -> bytes:
    rows = [
        f"Avtale {n};Visma Enterprise AS;{VISMA};NO;telecom;32500000-8;2022-01-01;{ends_on};routine;nei"
        for n in range(lines)
    ]
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _import(app, tenant_id: int, data: bytes) -> int:
    """Uploaded as the system; the job runs in-process at the commit."""
    with app.test_request_context():
        principal = Principal.system("test")
        bind_principal(db.session, principal)
        owner = register_of(db.session, principal, tenant_id=tenant_id)
        import_id = imports.create_import(db.session, principal, owner, "avtaler.csv", data).id
        db.session.commit()
        return import_id


def _finished(app, import_id: int) -> tuple[str, int]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        found = db.session.get(ContractImport, import_id)
        count = db.session.scalar(select(func.count()).select_from(Contract).where(Contract.tenant_id.is_not(None)))
        return found.status, count


@pytest.mark.postgres
def test_the_import_job_checks_each_line_once(app, tenant_a, monkeypatch):
    checked = []
    real = validation.check_contract
    for module in (imports, contracts):
        monkeypatch.setattr(module, "check_contract", lambda values: checked.append(1) or real(values))
    import_id = _import(app, tenant_a.tenant_id, _file(30, "2031-12-31"))
    # 30 at the upload (the line-by-line report) and 30 in the job (a rule may have changed since): no more.
    assert len(checked) == 60
    assert _finished(app, import_id) == ("done", 30)


def _statements(app, tenant_id: int, lines: int, ends_on: str) -> int:
    with counting_statements(app) as statements:
        import_id = _import(app, tenant_id, _file(lines, ends_on))
    assert _finished(app, import_id)[0] == "done"
    return len(statements)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("ends_on", "per_line"),
    [
        ("2031-12-31", 3),  # not due: the audit event of each contract is all that grows
        # Due: each contract's need created and submitted (each audited, with its history) and its notice job
        # (run here, in-process: the recipients read, the mail sent, audited); still no query per row elsewhere.
        ("2026-12-31", 60),
    ],
)
def test_the_import_sends_a_fixed_number_of_statements_per_line(app, tenant_a, ends_on, per_line):
    opt_in_to_submission(app, tenant_a.tenant_id)
    small = _statements(app, tenant_a.tenant_id, 20, ends_on)
    large = _statements(app, tenant_a.tenant_id, 60, ends_on)
    assert (large - small) / 40 <= per_line, (small, large)


def _audited(session, actions: tuple[str, ...]) -> list[tuple[str, str, int | None, dict]]:
    stmt = select(AuditEvent).where(AuditEvent.action.in_(actions)).order_by(AuditEvent.seq)
    return [(e.action, e.object_id, e.tenant_id, e.summary) for e in session.scalars(stmt)]


def _need_events(need: Need, reprocurement: Reprocurement, regions: list[int]) -> list[tuple]:
    """What planning one contract alone records for its need: its creation, submission and re-procurement."""
    return [
        ("need.create", str(need.id), need.tenant_id, {"from": None, "to": "draft", "version": 1, "title": need.title}),
        ("need.submit", str(need.id), need.tenant_id)
        + ({"from": "draft", "to": "submitted", "version": 1, "region_ids": regions},),
        ("reprocurement.create", str(reprocurement.id), need.tenant_id, _created(reprocurement)),
    ]


def _created(reprocurement: Reprocurement) -> dict:
    return {
        "contract_id": reprocurement.contract_id,
        "need_id": reprocurement.need_id,
        "procurement_id": reprocurement.procurement_id,
        "period_end": reprocurement.period_end.isoformat(),
        "starts_on": reprocurement.starts_on.isoformat(),
    }


@pytest.mark.postgres
def test_one_batch_gives_each_due_contract_its_need_history_audit_events_and_notice(app, tenant_a, tenant_b):
    """Two municipalities' contracts and a region's between them, planned in one batch: each as if alone."""
    opt_in_to_submission(app, tenant_a.tenant_id)
    opt_in_to_submission(app, tenant_b.tenant_id)
    due = {"ends_on": date(2026, 12, 31), **NO_PERSONAL_DATA}
    first = make_contract(app, tenant_id=tenant_a.tenant_id, title="Ekonomisystem", **due)
    joint = make_contract(app, region_id=tenant_a.region_id, title="Utskrift", category="it_as_a_service", **due)
    last = make_contract(app, tenant_id=tenant_b.tenant_id, title="Ekonomisystem", **due)
    with app.app_context():
        assert plan_reprocurements("2026-03-01T06:00:00+00:00") == 3
    assert _staged(app, NOTICES) == 1  # the three notices in one job
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        planned = {r.contract_id: r for r in db.session.scalars(select(Reprocurement))}
        expected = []
        for contract_id, world in ((first, tenant_a), (joint, None), (last, tenant_b)):
            reprocurement = planned[contract_id]
            if world is None:  # a region's contract: its draft joint procurement, recorded between the two
                assert reprocurement.need_id is None and reprocurement.procurement_id is not None
                expected.append(("reprocurement.create", str(reprocurement.id), None, _created(reprocurement)))
                continue
            need, regions = db.session.get(Need, reprocurement.need_id), [world.region_id]
            assert (need.tenant_id, need.status, need.version, need.cpv_codes) == (
                world.tenant_id,
                "submitted",
                1,
                ["48443000"],
            )
            assert need.submitted_region_ids == need.shared_region_ids == regions
            assert [row.shared_region_ids for row in need.cpv_code_rows] == [regions]
            history = [(e.action, e.from_status, e.to_status, e.version, e.shared_region_ids) for e in need.events]
            assert history == [("create", None, "draft", 1, regions), ("submit", "draft", "submitted", 1, regions)]
            expected += _need_events(need, reprocurement, regions)
        assert _audited(db.session, ("need.create", "need.submit", "reprocurement.create")) == expected
        assert verify_chain(db.session).ok
