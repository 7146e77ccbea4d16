"""The delivery job: copies of the signed papers, maintenance lines, the stage, the mail; once; not before
every signature."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select

from samverka.jobs.models import QueuedJob
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.delivery import services
from samverka.platform.delivery.models import DeliveredDocument, Delivery
from samverka.platform.documents.storage import document_store
from samverka.platform.plans.models import MaintenanceLine
from samverka.platform.procurements.models import JointProcurement, StageChange
from tests.jobs.harness import mails_to, part
from tests.platform.delivery.factories import CONTRACT_PDF, DPA_PDF, deliver_now, signed_procurement
from tests.support.api import assert_error_shape, count_rows, signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in

KONGSBERG_IT, KONGSBERG_CHIEF, K_IKT = (f"kongsb_{who}@example.test" for who in ("it", "chief", "partner"))
TABLES = (DeliveredDocument, Delivery, MaintenanceLine, StageChange)


def _counts(app) -> dict:
    return {model.__tablename__: count_rows(app, model) for model in TABLES}


def _status(app, procurement_id: int) -> str:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return db.session.get(JointProcurement, procurement_id).status


def _copies(app, procurement_id: int) -> list[DeliveredDocument]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        found = db.session.scalars(
            select(DeliveredDocument).where(DeliveredDocument.procurement_id == procurement_id)
        ).all()
        db.session.expunge_all()
        return found


def test_the_coordinator_delivers_to_each_participant_and_the_partner_recipient(app, tenant_a, smtp_server):
    signed = signed_procurement(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    smtp_server.clear()

    answer = api.post(f"/api/v1/procurements/{signed.procurement_id}/delivery", {})

    assert answer.status_code == 202, answer.get_data(as_text=True)
    assert _status(app, signed.procurement_id) == "delivered"
    copies = _copies(app, signed.procurement_id)
    owners = sorted((c.kind, c.tenant_id or 0, c.partner_id or 0) for c in copies)
    a, flesberg, k_ikt = tenant_a.tenant_id, tenant_a.other_tenant_id, tenant_a.partner_id
    assert owners == sorted(
        [(kind, t, 0) for kind in ("contract", "dpa") for t in (a, flesberg)]
        + [("contract", 0, k_ikt), ("dpa", 0, k_ikt)]
    )
    with app.app_context():
        for copy in copies:
            content = document_store().get(copy.storage_key)
            assert content == {"contract": CONTRACT_PDF, "dpa": DPA_PDF}[copy.kind]
            assert copy.sha256 == hashlib.sha256(content).hexdigest() and copy.media_type == "application/pdf"
    assert len({c.storage_key for c in copies}) == 6  # each recipient its own copy
    for address in (KONGSBERG_IT, KONGSBERG_CHIEF, K_IKT):
        (mail,) = mails_to(smtp_server, address)
        text = part(mail, "text/plain")
        assert "Sak- og arkivsystem" in text and "data processing agreement" in text  # the English copy
    assert f"/tenants/{a}/documents" in part(mails_to(smtp_server, KONGSBERG_IT)[0], "text/plain")
    assert f"/partners/{k_ikt}/documents" in part(mails_to(smtp_server, K_IKT)[0], "text/plain")


def test_the_maintenance_lines_split_each_years_value_by_the_key(app, tenant_a):
    """Equal shares (no key set): 1 200 000 kr a year over two municipalities, two whole years."""
    signed = signed_procurement(app, tenant_a, starts_on=date(2027, 7, 1))
    deliver_now(app, signed.procurement_id)
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        lines = db.session.scalars(select(MaintenanceLine).order_by(MaintenanceLine.year, MaintenanceLine.tenant_id))
        found = [(line.year, line.tenant_id, line.amount_minor, line.currency) for line in lines]
    a, flesberg = tenant_a.tenant_id, tenant_a.other_tenant_id
    # 2027 from 1 July: 184 of 365 days of 120 000 000 øre = 60 493 150.68..., rounded to 60 493 151 and split
    # in two: the odd øre goes to the municipality registered first.
    assert found == [
        (2027, a, 30_246_576, "NOK"),
        (2027, flesberg, 30_246_575, "NOK"),
        (2028, a, 60_000_000, "NOK"),
        (2028, flesberg, 60_000_000, "NOK"),
    ]


def test_the_job_twice_delivers_once_and_mails_once(app, tenant_a, smtp_server):
    signed = signed_procurement(app, tenant_a)
    smtp_server.clear()
    deliver_now(app, signed.procurement_id)
    after_first = _counts(app)

    deliver_now(app, signed.procurement_id)

    assert _counts(app) == after_first
    assert after_first["delivered_documents"] == 6 and after_first["procurement_deliveries"] == 1
    assert len(mails_to(smtp_server, KONGSBERG_IT)) == 1


def test_delivering_before_every_signature_is_a_conflict_that_changes_nothing(app, tenant_a):
    signed = signed_procurement(app, tenant_a, stage="contract_signed")  # the DPA is not signed by all yet
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    api.client.set_cookie("samverka_lang", "en")
    before, jobs = _counts(app), count_rows(app, QueuedJob)

    body = assert_error_shape(api.post(f"/api/v1/procurements/{signed.procurement_id}/delivery", {}), 409)

    assert "signed" in body["message"], body["message"]
    client = api.client
    page = client.post(
        f"/procurements/{signed.procurement_id}/delivery",
        data={"csrf_token": csrf_from(client, f"/procurements/{signed.procurement_id}/delivery")},
    )
    assert page.status_code == 409
    assert 'data-color="danger"' in page.get_data(as_text=True)
    deliver_now(app, signed.procurement_id)  # the job checks again, and does nothing
    assert (_counts(app), count_rows(app, QueuedJob)) == (before, jobs)
    assert _status(app, signed.procurement_id) == "contract_signed"


def test_without_the_signed_document_it_is_not_ready(app, tenant_a):
    signed = signed_procurement(app, tenant_a, documents=False)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    assert_error_shape(api.post(f"/api/v1/procurements/{signed.procurement_id}/delivery", {}), 409)
    assert count_rows(app, DeliveredDocument) == 0


def test_a_contract_without_personal_data_is_delivered_from_contract_signed_without_a_dpa(app, tenant_a):
    signed = signed_procurement(app, tenant_a, personal_data=False, recipient=False)
    with app.app_context():
        bind_principal(db.session, Principal.system("the contract's signature hook"))
        assert services.schedule_delivery(db.session, db.session.get(JointProcurement, signed.procurement_id))
        db.session.commit()  # the job runs after the commit
    assert _status(app, signed.procurement_id) == "delivered"
    copies = _copies(app, signed.procurement_id)
    assert sorted((c.kind, c.tenant_id) for c in copies) == [
        ("contract", tenant_a.tenant_id),
        ("contract", tenant_a.other_tenant_id),
    ]


def test_schedule_delivery_enqueues_nothing_when_not_ready(app, tenant_a):
    signed = signed_procurement(app, tenant_a, stage="standstill")
    jobs = count_rows(app, QueuedJob)
    with app.app_context():
        bind_principal(db.session, Principal.system("a hook"))
        assert not services.schedule_delivery(db.session, db.session.get(JointProcurement, signed.procurement_id))
        db.session.commit()
    assert count_rows(app, QueuedJob) == jobs
    assert _status(app, signed.procurement_id) == "standstill"


def test_only_the_runner_delivers(app, tenant_a):
    signed = signed_procurement(app, tenant_a)
    client = app.test_client()
    sign_in(client, tenant_a.people["it"])
    api = signed_in(client, tenant_a.people["it"])
    assert api.post(f"/api/v1/procurements/{signed.procurement_id}/delivery", {}).status_code == 403
    assert count_rows(app, DeliveredDocument) == 0
