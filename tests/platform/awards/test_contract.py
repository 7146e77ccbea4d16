"""The contract's signature: not inside the standstill period, only with the contract uploaded and at the step-up
level; it enters the region's register (where the lead-time planning sees it) and runs the registered hooks."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from samverka.platform.awards import signing
from samverka.platform.awards.models import ContractSigning
from samverka.platform.contracts.models import Contract
from samverka.platform.contracts.services.contracts import status_of
from samverka.platform.core.catalogue import lead_time
from samverka.platform.core.extensions import db
from samverka.platform.core.time import local_today, months_before
from samverka.platform.documents.models import ProcurementDocument
from tests.platform.awards.factories import HIGH, acting, decided, ready_to_sign, stage, standstill_ends
from tests.platform.documents.support import purchaser
from tests.support.api import assert_error_shape, count_rows, field_errors, signed_in
from tests.support.forms import csrf_from

BODY = {
    "starts_on": "2028-01-01",
    "ends_on": "2031-12-31",
    "extension_options": "1+1 år",
    "extendable_to": "2033-12-31",
    "annual_value_minor": 400_000_00,
    "kraljic": "strategic",
}


@pytest.fixture(autouse=True)
def _in_english(client):
    client.set_cookie("samverka_lang", "en")


def _sign(api, procurement_id: int, body=None):
    return api.post(f"/api/v1/procurements/{procurement_id}/award/contract", body or BODY)


def test_signing_enters_the_joint_contract_in_the_register_and_the_lead_time_planning_sees_it(app, client, tenant_a):
    made = ready_to_sign(app, tenant_a)
    api = signed_in(client, tenant_a.people["coordinator"], acr=HIGH)

    signed = _sign(api, made.procurement_id)

    assert signed.status_code == 201, signed.get_data(as_text=True)
    assert stage(app, made.procurement_id) == "contract_signed"
    with acting(app, None):
        contract = db.session.scalar(select(Contract).where(Contract.procurement_id == made.procurement_id))
        document = db.session.scalar(select(ProcurementDocument).where(ProcurementDocument.kind == "contract"))
        signature = db.session.scalar(select(ContractSigning))
        assert (contract.region_id, contract.tenant_id) == (tenant_a.region_id, None)
        assert (contract.title, contract.supplier_name, contract.supplier_organisation_number) == (
            "Felles sak- og arkivsystem",
            "Tieto Norge AS",
            "974760673",
        )
        assert (contract.category, contract.kraljic, contract.annual_value_minor) == (
            "business_systems",
            "strategic",
            400_000_00,
        )
        assert (contract.processes_personal_data, contract.dpa_status) == (True, "in_progress")
        assert sorted(contract.participant_tenant_ids) == sorted([tenant_a.tenant_id, tenant_a.other_tenant_id])
        assert contract.cpv_codes == ["48000000"]
        assert (signature.document_version, signature.document_sha256) == (document.version, document.sha256)
        assert signature.acr == HIGH
        due = status_of(db.session, contract).reprocurement_starts_on
    assert due == months_before(date(2033, 12, 31), lead_time("business_systems"))
    assert signed.get_json()["document_sha256"] == signature.document_sha256


def test_personal_data_defaults_to_the_needs_and_decides_the_dpa_status(app, client, tenant_a):
    made = ready_to_sign(app, tenant_a, personal_data=False)
    api = signed_in(client, tenant_a.people["coordinator"], acr=HIGH)
    assert _sign(api, made.procurement_id).status_code == 201
    with acting(app, None):
        contract = db.session.scalar(select(Contract).where(Contract.procurement_id == made.procurement_id))
        assert (contract.processes_personal_data, contract.dpa_status) == (False, "not_required")


def test_inside_the_standstill_period_the_contract_is_refused_naming_the_date(app, client, tenant_a):
    made = ready_to_sign(app, tenant_a)
    standstill_ends(app, made.procurement_id, 0)  # today is the period's last day
    api = signed_in(client, tenant_a.people["coordinator"], acr=HIGH)

    refused = _sign(api, made.procurement_id)

    today = local_today("NO")
    tomorrow = date.fromordinal(today.toordinal() + 1)
    assert field_errors(refused)["standstill"] == [
        f"The standstill period runs until {_long(today)}: the contract can be signed from {_long(tomorrow)}."
    ]
    assert stage(app, made.procurement_id) == "standstill"
    assert count_rows(app, Contract) == 0 and count_rows(app, ContractSigning) == 0

    standstill_ends(app, made.procurement_id, -1)  # the period ended yesterday: today is the first day
    assert _sign(api, made.procurement_id).status_code == 201


def _long(day: date) -> str:
    """A date as English pages write it in full (Babel's "long" format)."""
    return day.strftime("%B %-d, %Y")


def test_without_the_contract_document_nothing_is_signed(app, client, tenant_a):
    made = decided(app, tenant_a)
    standstill_ends(app, made.procurement_id, -1)
    api = signed_in(client, tenant_a.people["coordinator"], acr=HIGH)
    assert "document" in field_errors(_sign(api, made.procurement_id))
    assert count_rows(app, Contract) == 0


def test_bad_dates_are_refused_by_the_register_and_nothing_changes(app, client, tenant_a):
    made = ready_to_sign(app, tenant_a)
    api = signed_in(client, tenant_a.people["coordinator"], acr=HIGH)
    refused = _sign(api, made.procurement_id, {**BODY, "ends_on": "2027-01-01"})
    assert "ends_on" in field_errors(refused)
    assert stage(app, made.procurement_id) == "standstill" and count_rows(app, Contract) == 0


def test_without_step_up_the_api_says_so_and_the_page_sends_to_e_id(app, client, tenant_a):
    made = ready_to_sign(app, tenant_a)
    api = signed_in(client, tenant_a.people["coordinator"])
    refused = assert_error_shape(_sign(api, made.procurement_id), 403)
    assert refused["errors"] == {"step_up": {"acr": HIGH}}
    page = f"/procurements/{made.procurement_id}/award"
    sent = client.post(f"{page}/contract", data={"csrf_token": csrf_from(client, page)})
    assert sent.status_code == 302 and sent.headers["Location"].startswith("/login/start")
    assert count_rows(app, Contract) == 0


def test_the_members_and_the_purchaser_may_not_sign(app, client, tenant_a):
    made = ready_to_sign(app, tenant_a)
    for person in (tenant_a.people["chief"], purchaser(app, tenant_a)):
        api = signed_in(client, person, acr=HIGH)
        assert _sign(api, made.procurement_id).status_code == 403
    assert count_rows(app, Contract) == 0


def test_the_hooks_the_app_registered_run_after_the_signature(app, client, tenant_a, monkeypatch):
    made = ready_to_sign(app, tenant_a)
    seen = []

    def hook(session, procurement) -> None:
        contract = session.scalar(select(Contract).where(Contract.procurement_id == procurement.id))
        seen.append((procurement.id, procurement.status, contract is not None))

    monkeypatch.setitem(app.extensions, signing.HOOKS_KEY, (hook,))
    api = signed_in(client, tenant_a.people["coordinator"], acr=HIGH)
    assert _sign(api, made.procurement_id).status_code == 201
    assert seen == [(made.procurement_id, "contract_signed", True)]
