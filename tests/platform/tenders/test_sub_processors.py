"""A tender's sub-processors and its transfers of personal data outside the EEA: API, form and page."""

from __future__ import annotations

import pytest

from samverka.platform.core.catalogue import EEA_COUNTRIES, ISO_COUNTRIES
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.tenders.models import Tender
from tests.platform.documents.support import purchaser
from tests.platform.procurements.factories import make_procurement
from tests.platform.tenders.factories import to_competition
from tests.platform.ui.pages import page_problems
from tests.support.api import count_rows, field_errors, signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in

TENDER = {
    "supplier_name": "Tieto Norge AS",
    "supplier_country": "NO",
    "supplier_orgnr": "974760673",
    "received_on": "2027-03-01",
}
HOSTING = {"name": "Nordic Hosting AB", "country": "SE", "service": "Drift og lagring"}
SUPPORT = {"name": "Infosys Ltd", "country": "IN", "service": "Brukerstøtte andre linje"}
SCC = "Brukerstøtte fra India med tilgang til personopplysninger; EUs standard personvernbestemmelser (SCC 2021/914)."


@pytest.fixture(autouse=True)
def _in_english(client):
    client.set_cookie("samverka_lang", "en")


@pytest.fixture
def procurement_id(app, tenant_a) -> int:
    made = make_procurement(app, tenant_a).procurement_id
    to_competition(app, made)
    return made


def _stored(app, tender_id: int) -> Tender:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading a tender"))
        tender = db.session.get(Tender, tender_id)
        db.session.expunge(tender)
        return tender


def test_the_countries_are_iso_3166s_and_the_eea_is_among_them():
    assert len(ISO_COUNTRIES) == 249 and {"NO", "SE", "US", "IN", "AX"} <= ISO_COUNTRIES
    assert not {"EU", "XK", "ZZ", "UN"} & ISO_COUNTRIES
    assert len(EEA_COUNTRIES) == 30 and EEA_COUNTRIES <= ISO_COUNTRIES and "CH" not in EEA_COUNTRIES


def test_the_api_records_and_reads_the_sub_processors_and_transfers(app, client, tenant_a, procurement_id):
    api = signed_in(client, purchaser(app, tenant_a))
    body = {**TENDER, "sub_processors": [HOSTING, SUPPORT], "third_country_transfers": f"  {SCC} "}
    created = api.post(f"/api/v1/procurements/{procurement_id}/tenders", body)
    assert created.status_code == 201, created.get_data(as_text=True)
    tender = created.get_json()
    assert (tender["sub_processors"], tender["third_country_transfers"]) == ([HOSTING, SUPPORT], SCC)
    assert api.get(f"/api/v1/tenders/{tender['id']}").get_json() == tender
    assert api.get(f"/api/v1/procurements/{procurement_id}/tenders").get_json() == [tender]


def test_a_tender_without_sub_processors_has_an_empty_list(app, client, tenant_a, procurement_id):
    api = signed_in(client, purchaser(app, tenant_a))
    tender = api.post(f"/api/v1/procurements/{procurement_id}/tenders", TENDER).get_json()
    assert (tender["sub_processors"], tender["third_country_transfers"]) == ([], "")


@pytest.mark.parametrize(
    "row",
    [
        {"name": "Nordic Hosting AB", "country": "XX", "service": ""},
        {"name": "Nordic Hosting AB", "country": "se"},
        {"name": "Nordic Hosting AB", "country": "EU"},
        {"country": "SE", "service": "Drift"},
        {"name": "", "country": "SE"},
        {"name": "Nordic Hosting AB", "country": "SE", "owner": "x"},
    ],
)
def test_a_bad_country_or_a_row_without_a_name_is_422_and_nothing_is_recorded(
    app, client, tenant_a, procurement_id, row
):
    api = signed_in(client, purchaser(app, tenant_a))
    response = api.post(f"/api/v1/procurements/{procurement_id}/tenders", {**TENDER, "sub_processors": [row]})
    assert "sub_processors" in field_errors(response)
    assert count_rows(app, Tender) == 0


def test_a_sub_processor_outside_the_eea_needs_the_transfer_described(app, client, tenant_a, procurement_id):
    api = signed_in(client, purchaser(app, tenant_a))
    response = api.post(f"/api/v1/procurements/{procurement_id}/tenders", {**TENDER, "sub_processors": [SUPPORT]})
    assert "outside the EEA" in field_errors(response)["third_country_transfers"][0]
    assert count_rows(app, Tender) == 0


def _form(client, page: str, **rows) -> dict:
    return {"csrf_token": csrf_from(client, page), **TENDER, "received_on": "01.03.2027", **rows}


def test_the_form_records_the_filled_rows_and_ignores_the_blank_ones(app, client, tenant_a, procurement_id):
    sign_in(client, purchaser(app, tenant_a))
    page = f"/procurements/{procurement_id}/tenders"
    assert page_problems(client.get(page).get_data(as_text=True)) == []
    rows = {
        "sub_name_1": "Nordic Hosting AB",
        "sub_country_1": "SE",
        "sub_service_1": "Drift og lagring",
        "sub_name_3": "Infosys Ltd",
        "sub_country_3": "IN",
        "sub_service_3": "Brukerstøtte andre linje",
        "third_country_transfers": SCC,
    }
    response = client.post(page, data=_form(client, page, **rows))
    assert response.status_code == 302, response.get_data(as_text=True)
    tender_page = response.headers["Location"]
    stored = _stored(app, int(tender_page.rsplit("/", 1)[1]))
    assert (stored.sub_processors, stored.third_country_transfers) == ([HOSTING, SUPPORT], SCC)
    shown = client.get(tender_page).get_data(as_text=True)
    assert page_problems(shown) == []
    assert "Nordic Hosting AB" in shown and "Sweden" in shown and "India" in shown and SCC in shown
    assert shown.count("Outside the EEA</span>") == 1


def test_the_form_puts_each_problem_beside_its_row_and_records_nothing(app, client, tenant_a, procurement_id):
    sign_in(client, purchaser(app, tenant_a))
    page = f"/procurements/{procurement_id}/tenders"
    rows = {"sub_country_0": "SE", "sub_service_0": "Drift", "sub_name_2": "Acme", "sub_country_2": "XX"}
    response = client.post(page, data=_form(client, page, **rows))
    assert response.status_code == 422
    shown = response.get_data(as_text=True)
    assert 'id="tender-sub_name_0-error"' in shown and 'id="tender-sub_country_2-error"' in shown
    assert 'id="tender-sub_name_2-error"' not in shown
    assert count_rows(app, Tender) == 0


def test_the_form_asks_for_the_transfer_beside_its_field(app, client, tenant_a, procurement_id):
    sign_in(client, purchaser(app, tenant_a))
    page = f"/procurements/{procurement_id}/tenders"
    rows = {"sub_name_0": "Amazon Web Services Inc.", "sub_country_0": "US"}
    response = client.post(page, data=_form(client, page, **rows))
    assert response.status_code == 422
    assert 'id="tender-third_country_transfers-error"' in response.get_data(as_text=True)
    assert count_rows(app, Tender) == 0
