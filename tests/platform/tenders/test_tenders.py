"""Recording tenders and evaluating them: weights, organisation numbers, rejections, ranking, the recommendation."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.services import access_procurement
from samverka.platform.tenders import gates
from samverka.platform.tenders.models import AwardCriterion, Tender
from samverka.tenants.services.principals import load_principal
from tests.platform.documents.support import purchaser
from tests.platform.procurements.factories import make_procurement
from tests.platform.tenders.factories import SUPPLIERS, record_tender, set_up_evaluation, to_competition
from tests.support import services as test_services
from tests.support.api import count_rows, field_errors, signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in
from tests.support.rls import scope_connection


@pytest.fixture(autouse=True)
def _in_english(client):
    """The messages compared below are the English ones."""
    client.set_cookie("samverka_lang", "en")


@pytest.fixture
def procurement_id(app, tenant_a) -> int:
    """A joint procurement in competition, where tenders are recorded."""
    made = make_procurement(app, tenant_a).procurement_id
    to_competition(app, made)
    return made


def test_a_procurement_not_in_competition_takes_no_tender(app, client, tenant_a):
    draft = make_procurement(app, tenant_a).procurement_id
    api = signed_in(client, purchaser(app, tenant_a))
    body = {"supplier_name": "Tieto", "supplier_country": "NO", "supplier_orgnr": "974760673"}
    refused = api.post(f"/api/v1/procurements/{draft}/tenders", {**body, "received_on": "2027-03-01"})
    assert refused.status_code == 409 and count_rows(app, Tender) == 0


def _gate(app, procurement_id: int) -> list:
    with app.test_request_context(headers={"Cookie": "samverka_lang=en"}):
        bind_principal(db.session, Principal.system("test"))
        return gates.award_criteria_weights(
            db.session, access_procurement(db.session, Principal.system("t"), procurement_id)
        )


def test_weights_that_do_not_add_up_to_100_are_refused_and_nothing_changes(app, client, tenant_a, procurement_id):
    api = signed_in(client, purchaser(app, tenant_a))
    path = f"/api/v1/procurements/{procurement_id}/award-criteria"
    body = {"criteria": [{"name": "Pris", "weight": 60}, {"name": "Kvalitet", "weight": 30}]}
    response = client.put(path, json=body, headers=api.headers)
    assert field_errors(response) == {
        "criteria": ["The award criteria's weights add up to 90 %; they must add up to 100 %."]
    }
    assert count_rows(app, AwardCriterion) == 0
    body["criteria"][1]["weight"] = 40
    assert client.put(path, json=body, headers=api.headers).status_code == 200
    assert [c["weight"] for c in client.get(path).get_json()] == [60, 40]


def test_the_gate_says_what_the_purchaser_must_do_until_the_weights_add_up(app, tenant_a, procurement_id):
    assert _gate(app, procurement_id) == [
        gates.Missing("purchaser", "The award criteria and their weights have not been set.")
    ]
    set_up_evaluation(app, procurement_id, weights=(50, 50))
    assert _gate(app, procurement_id) == []


def test_the_criteria_form_shows_the_weights_problem_next_to_the_criteria(app, client, tenant_a, procurement_id):
    sign_in(client, purchaser(app, tenant_a))
    page = f"/procurements/{procurement_id}/tenders"
    data = {
        "csrf_token": csrf_from(client, page),
        "name_0": "Pris",
        "weight_0": "70",
        "name_1": "Kvalitet",
        "weight_1": "20",
    }
    response = client.post(f"/procurements/{procurement_id}/award-criteria", data=data)
    assert response.status_code == 422
    assert "add up to 90 %" in response.get_data(as_text=True)
    assert count_rows(app, AwardCriterion) == 0


@pytest.mark.parametrize(
    ("country", "orgnr", "ok"),
    [("NO", "974760673", True), ("NO", "974760674", False), ("SE", "556036-0793", True), ("SE", "5560360794", False)],
)
def test_the_suppliers_organisation_number_is_checked_for_its_country(
    app, client, tenant_a, procurement_id, country, orgnr, ok
):
    api = signed_in(client, purchaser(app, tenant_a))
    body = {
        "supplier_name": "Leverandør",
        "supplier_country": country,
        "supplier_orgnr": orgnr,
        "received_on": "2027-03-01",
    }
    response = api.post(f"/api/v1/procurements/{procurement_id}/tenders", body)
    if ok:
        assert response.status_code == 201, response.get_data(as_text=True)
        assert response.get_json()["supplier_orgnr"] == orgnr.replace("-", "")
    else:
        assert "supplier_orgnr" in field_errors(response)
        assert count_rows(app, Tender) == 0


def test_the_same_supplier_twice_is_refused(app, client, tenant_a, procurement_id):
    api = signed_in(client, purchaser(app, tenant_a))
    body = {
        "supplier_name": "Tieto",
        "supplier_country": "NO",
        "supplier_orgnr": "974760673",
        "received_on": "2027-03-01",
    }
    assert api.post(f"/api/v1/procurements/{procurement_id}/tenders", body).status_code == 201
    assert "supplier_orgnr" in field_errors(api.post(f"/api/v1/procurements/{procurement_id}/tenders", body))
    assert count_rows(app, Tender) == 1


def test_a_tender_failing_a_mandatory_requirement_is_rejected_with_that_reason_and_the_rest_ranked(
    app, client, tenant_a, procurement_id
):
    ids = set_up_evaluation(app, procurement_id, weights=(60, 40))
    record_tender(app, procurement_id, SUPPLIERS[0], met=(True, True), scores=(6, 9), ids=ids)  # 7.2
    record_tender(app, procurement_id, SUPPLIERS[1], met=(True, False), scores=(10, 10), ids=ids)
    record_tender(app, procurement_id, SUPPLIERS[2], met=(True, True), scores=(9, 5), ids=ids)  # 7.4
    sign_in(client, tenant_a.people["it"])  # a member's user reads the evaluation
    evaluation = client.get(f"/api/v1/procurements/{procurement_id}/evaluation").get_json()
    assert [(r["supplier_name"], r["score"]) for r in evaluation["ranking"]] == [
        ("Formpipe AB", 7.4),
        ("Tieto Norge AS", 7.2),
    ]
    [rejected] = [v for v in evaluation["verdicts"] if v["status"] == "rejected"]
    assert rejected["supplier_name"] == "Sikri AS"
    assert rejected["reasons"] == [{"requirement": "Data i EØS", "comment": "Oppfyller ikke"}]
    assert evaluation["all_rejected"] is False and evaluation["proposed_cancellation"] is None


def test_when_every_tender_is_rejected_the_page_proposes_cancellation(app, client, tenant_a, procurement_id):
    ids = set_up_evaluation(app, procurement_id)
    record_tender(app, procurement_id, SUPPLIERS[0], met=(False, True), scores=(5, 5), ids=ids)
    record_tender(app, procurement_id, SUPPLIERS[1], met=(True, False), scores=(5, 5), ids=ids)
    sign_in(client, tenant_a.people["coordinator"])
    evaluation = client.get(f"/api/v1/procurements/{procurement_id}/evaluation").get_json()
    assert evaluation["all_rejected"] is True and evaluation["proposed_cancellation"] == "requirements_not_met"
    page = client.get(f"/procurements/{procurement_id}/evaluation").get_data(as_text=True)
    assert "requirements not met" in page
    api = signed_in(client, purchaser(app, tenant_a))
    refused = api.post(f"/api/v1/procurements/{procurement_id}/award-recommendations", {})
    assert field_errors(refused) == {"ranking": ["No tender is ranked yet: evaluate the tenders first."]}


def test_the_draft_recommendation_names_the_best_ranked_in_three_languages(app, client, tenant_a, procurement_id):
    ids = set_up_evaluation(app, procurement_id, weights=(50, 50))
    best = record_tender(app, procurement_id, SUPPLIERS[2], met=(True, True), scores=(8, 8), ids=ids)
    record_tender(app, procurement_id, SUPPLIERS[0], met=(True, True), scores=(6, 6), ids=ids)
    api = signed_in(client, purchaser(app, tenant_a))
    response = api.post(f"/api/v1/procurements/{procurement_id}/award-recommendations", {"note": "Behandles i styret."})
    assert response.status_code == 201, response.get_data(as_text=True)
    drafted = response.get_json()
    assert (drafted["tender_id"], drafted["score"]) == (best, 8.0)
    for language in ("nb", "sv", "en"):
        text = drafted[f"text_{language}"]
        assert "Formpipe AB" in text and "5560360793" in text and text.endswith("Behandles i styret.")


def test_only_the_purchaser_records(app, client, tenant_a, procurement_id):
    for who in ("coordinator", "it"):
        api = signed_in(client, tenant_a.people[who])
        body = {"criteria": [{"name": "Pris", "weight": 100}]}
        response = client.put(f"/api/v1/procurements/{procurement_id}/award-criteria", json=body, headers=api.headers)
        assert response.status_code == 403, who
    sign_in(client, tenant_a.people["partner"])
    assert client.get(f"/api/v1/procurements/{procurement_id}/tenders").status_code == 403


def test_the_purchaser_records_and_evaluates_a_tender_through_the_pages(app, client, tenant_a, procurement_id):
    ids = set_up_evaluation(app, procurement_id, weights=(70, 30), requirements=("Kryptering",))
    sign_in(client, purchaser(app, tenant_a))
    page = f"/procurements/{procurement_id}/tenders"
    data = {
        "csrf_token": csrf_from(client, page),
        "supplier_name": "Tieto Norge AS",
        "supplier_country": "NO",
        "supplier_orgnr": "974 760 673",
        "received_on": "01.03.2027",
    }
    response = client.post(page, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    tender_page = response.headers["Location"]
    marks = {
        f"met_{ids['requirements'][0]}": "yes",
        f"score_{ids['criteria'][0]}": "9",
        f"score_{ids['criteria'][1]}": "4",
    }
    response = client.post(tender_page, data={"csrf_token": csrf_from(client, tender_page), **marks})
    assert response.status_code == 302, response.get_data(as_text=True)
    ranking = client.get(f"/procurements/{procurement_id}/evaluation").get_data(as_text=True)
    assert "Tieto Norge AS" in ranking and "7.50" in ranking


@pytest.mark.committed
@pytest.mark.postgres
def test_raw_sql_as_the_app_role_shows_region_b_no_tender_and_lets_no_member_write(
    app, tenant_a, tenant_b, procurement_id
):
    ids = set_up_evaluation(app, procurement_id)
    record_tender(app, procurement_id, SUPPLIERS[0], met=(True, True), scores=(5, 5), ids=ids)
    engine = create_engine(test_services.app_url())
    try:
        for person in (tenant_b.people["coordinator"], tenant_a.people["it"]):
            with app.app_context():
                principal = load_principal(db.session, person.user_id)
            with engine.connect() as conn, conn.begin():
                scope_connection(conn, principal)
                visible = conn.execute(text("SELECT count(*) FROM tenders")).scalar()
                assert visible == (1 if person is tenant_a.people["it"] else 0)
                assert conn.execute(text("UPDATE tender_scores SET score = 10")).rowcount == 0
                assert conn.execute(text("DELETE FROM award_criteria")).rowcount == 0
    finally:
        engine.dispose()


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
def test_the_purchasers_pages_with_their_forms_render_in_each_language(app, client, tenant_a, procurement_id, language):
    ids = set_up_evaluation(app, procurement_id)
    tender_id = record_tender(app, procurement_id, SUPPLIERS[0], met=(True, True), scores=(8, 6), ids=ids)
    sign_in(client, purchaser(app, tenant_a))
    client.set_cookie("samverka_lang", language)
    competition = f"/procurements/{procurement_id}"
    for path in (
        f"{competition}/documents",
        f"{competition}/tenders",
        f"{competition}/evaluation",
        f"/tenders/{tender_id}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'method="post"' in response.get_data(as_text=True), path
