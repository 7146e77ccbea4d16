"""The public open contracting data: valid OCDS with zero errors, only what a region published, no personal data
or tender details, ETags, paging, and the public page; no sign-in anywhere."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from samverka.platform.awards.models import AwardQualityCheck
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.platform.procurements.models import ProcurementNeed
from samverka.platform.publication import services
from samverka.platform.publication.validation import errors
from samverka.platform.tenders.models import AwardRecommendation, Tender, TenderAnswer
from samverka.tenants.models import User
from tests.platform.procurements.factories import make_procurement
from tests.platform.publication.factories import LOSER, PURPOSE, WINNER, delivered_procurement, publish, withdraw

STAGES = ["planning", "tender", "award", "contract", "implementation"]


def ocid(procurement_id: int) -> str:
    return f"ocds-smvka1-{procurement_id}"


def routes(procurement_id: int) -> list[str]:
    return [
        f"/ocds/procurements/{ocid(procurement_id)}/releases.json",
        f"/ocds/procurements/{ocid(procurement_id)}/record.json",
        "/ocds/releases.json",
        "/ocds/records.json",
    ]


@pytest.fixture
def published(app, tenant_a) -> int:
    procurement_id = delivered_procurement(app, tenant_a)
    publish(app, tenant_a, procurement_id)
    return procurement_id


def test_every_package_served_is_valid_ocds_with_zero_errors(app, client, tenant_a, published):
    for path in [*routes(published), f"/ocds/releases.json?region={tenant_a.region_id}", "/ocds/records.json?page=1"]:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert errors(answer.get_json()) == [], path


def test_a_release_per_stage_with_stable_ids_and_the_events_dates(client, published):
    package = client.get(routes(published)[0]).get_json()
    releases = package["releases"]
    assert [r["tag"] for r in releases] == [[stage] for stage in STAGES]
    assert [r["id"] for r in releases] == [f"{ocid(published)}-{stage}" for stage in STAGES]
    assert {r["initiationType"] for r in releases} == {"tender"}
    assert [r["date"] for r in releases] == sorted(r["date"] for r in releases)
    assert package["version"] == "1.1" and len(package["extensions"]) == 2
    assert client.get(routes(published)[0]).get_json()["releases"] == releases  # the same ids and content again


def test_the_buyers_the_procuring_entity_and_the_winner_only(client, published):
    record = client.get(routes(published)[1]).get_json()["records"][0]
    compiled = record["compiledRelease"]
    roles = {party["name"]: party["roles"] for party in compiled["parties"]}
    assert roles == {
        "Kongsberg": ["buyer", "sourceParty"],
        "Flesberg": ["buyer", "sourceParty"],
        "Kongsbergregionen": ["procuringEntity"],
        WINNER: ["supplier", "tenderer"],
    }
    schemes = {p["identifier"]["scheme"] for p in compiled["parties"] if "identifier" in p}
    assert schemes == {"NO-BRC"}
    budget = compiled["planning"]["budget"]
    shares = {line["sourceParty"]["name"]: line["amount"]["amount"] for line in budget["budgetBreakdown"]}
    assert set(shares) == {"Kongsberg", "Flesberg"} and sum(shares.values()) == budget["amount"]["amount"]
    contracts = {c["buyer"]["name"]: c for c in compiled["contracts"]}
    assert set(contracts) == {"Kongsberg", "Flesberg"}
    assert all(
        c["implementation"]["documents"] and c["awardID"] == compiled["awards"][0]["id"] for c in contracts.values()
    )
    assert compiled["tender"]["status"] == "complete"  # the award's release completed it
    assert [link["url"].rsplit("#", 1)[1] for link in record["releases"]] == [f"{ocid(published)}-{s}" for s in STAGES]


def _strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def _secrets_of_the_world(app, procurement_id: int) -> set[str]:
    """Every person's name, e-mail and identity hash; the needs' texts; the tenders' contents and evaluation."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        people = db.session.execute(select(User.name, User.email, User.eid_hash)).all()
        need_ids = select(ProcurementNeed.need_id).where(ProcurementNeed.procurement_id == procurement_id)
        needs = db.session.execute(
            select(Need.title, Need.description, Need.personal_data_purpose).where(Need.id.in_(need_ids))
        ).all()
        tender_ids = select(Tender.id).where(Tender.procurement_id == procurement_id)
        comments = db.session.scalars(select(TenderAnswer.comment).where(TenderAnswer.tender_id.in_(tender_ids))).all()
        texts = db.session.execute(
            select(AwardRecommendation.text_nb, AwardRecommendation.text_sv, AwardRecommendation.text_en)
        ).all()
        checks = db.session.scalars(select(AwardQualityCheck.comment)).all()
    found = {value for row in [*people, *needs, *texts] for value in row} | set(comments) | set(checks)
    return {value for value in found if value and len(value) > 3} | {PURPOSE, LOSER}


def test_nothing_personal_and_no_tender_details_are_published(app, client, published):
    secrets = _secrets_of_the_world(app, published)
    assert {"Kongsb Coordinator", "kongsb_it@example.test", PURPOSE, LOSER} <= secrets  # the scan looks for these
    for path in routes(published):
        strings = list(_strings(client.get(path).get_json()))
        text = json.dumps(strings, ensure_ascii=False)
        assert not [secret for secret in secrets if secret in text], path
        assert not {"bids", "tenderers", "numberOfTenderers"} & set(strings), path  # nothing of the other tenders


def test_a_strong_etag_gives_a_304_and_the_answer_may_be_cached(client, published):
    for path in routes(published):
        first = client.get(path)
        etag = first.headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/"), path
        assert first.headers["Cache-Control"] == "public, max-age=300"
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", path
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_procurement_not_published_or_withdrawn_is_404_and_absent_everywhere(app, client, tenant_a, published):
    draft = make_procurement(app, tenant_a, title="Ikke publisert").procurement_id
    withdraw(app, tenant_a, published)
    for procurement_id in (draft, published):
        for path in routes(procurement_id)[:2]:
            assert client.get(path).status_code == 404, path
        for path in routes(procurement_id)[2:]:
            assert ocid(procurement_id) not in client.get(path).get_data(as_text=True), path
        assert ocid(procurement_id) not in client.get("/ocds/").get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/ocds/procurements/ocds-smvka1-0/releases.json",
        "/ocds/procurements/other-1/record.json",
        "/ocds/procurements/ocds-smvka1-99999999999/record.json",
        "/ocds/procurements/ocds-smvka1-x/record.json",
    ],
)
def test_an_ocid_that_names_nothing_is_a_404(client, path):
    answer = client.get(path)
    assert answer.status_code == 404 and answer.get_json()["code"] == 404  # JSON, as a program reads it


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=1.5", "region=0", "region=x"])
def test_a_bad_page_or_region_is_a_422(client, query):
    answer = client.get(f"/ocds/releases.json?{query}")
    assert answer.status_code == 422, answer.get_data(as_text=True)


def test_pages_link_next_and_prev_in_the_package(app, client, tenant_a, tenant_b, published):
    second = make_procurement(app, tenant_a, title="Andre").procurement_id
    publish(app, tenant_a, second)
    app.config["OCDS_PAGE_SIZE"] = 1
    try:
        first_page = client.get("/ocds/releases.json").get_json()
        second_page = client.get("/ocds/releases.json?page=2").get_json()
        third = client.get("/ocds/records.json?page=3")
        other_region = client.get(f"/ocds/records.json?region={tenant_b.region_id}")
    finally:
        app.config["OCDS_PAGE_SIZE"] = 50
    assert first_page["links"] == {"next": first_page["uri"].replace("page=1", "page=2")}
    assert {r["ocid"] for r in first_page["releases"]} == {ocid(published)}
    assert second_page["links"] == {"prev": first_page["uri"]}
    assert {r["ocid"] for r in second_page["releases"]} == {ocid(second)}
    assert third.status_code == 404  # past the last page
    assert other_region.status_code == 404  # a record package holds one record at least: none is a 404


def test_the_public_page_lists_what_is_published_without_signing_in(app, client, published):
    client.set_cookie("samverka_lang", "en")
    page = client.get("/ocds/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Open contracting data" in html and "Felles sak- og arkivsystem" in html
    assert f"/ocds/procurements/{ocid(published)}/record.json" in html and "/ocds/releases.json" in html
    assert client.get("/ocds/?page=0").status_code == 404


def test_a_municipality_gets_the_releases_of_the_published_procurements_it_took_part_in(
    app, tenant_a, tenant_b, published
):
    with app.test_request_context():
        kongsberg = services.ocds_for_tenant(db.session, tenant_a.tenant_id)
        elsewhere = services.ocds_for_tenant(db.session, tenant_b.tenant_id)
    assert {r["ocid"] for r in kongsberg["releases"]} == {ocid(published)}
    assert errors(kongsberg) == []
    assert elsewhere["releases"] == []
