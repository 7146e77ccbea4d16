"""The award page: linked from the procurement once recommended, its sections and forms at each stage, in
each language, and another region's procurement a 404 on every route."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samverka.platform.awards.models import AwardApproval
from samverka.platform.contracts.models import Contract
from samverka.platform.core.extensions import db
from tests.platform.awards.factories import HIGH, acting, at_quality_check, in_approval, ready_to_sign, stage
from tests.platform.procurements.factories import make_procurement
from tests.support.api import count_rows
from tests.support.forms import csrf_from
from tests.support.login import sign_in


@pytest.fixture(autouse=True)
def _in_english(client):
    client.set_cookie("samverka_lang", "en")


def _page(procurement_id: int) -> str:
    return f"/procurements/{procurement_id}/award"


def test_the_procurement_page_links_the_award_once_it_is_recommended(app, client, tenant_a):
    early = make_procurement(app, tenant_a).procurement_id
    made = at_quality_check(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    assert _page(early) not in client.get(f"/procurements/{early}").get_data(as_text=True)
    assert _page(made.procurement_id) in client.get(f"/procurements/{made.procurement_id}").get_data(as_text=True)
    not_yet = client.get(_page(early))
    assert not_yet.status_code == 200 and "once the purchaser has made an award recommendation" in not_yet.get_data(
        as_text=True
    )


def test_the_coordinator_checks_on_the_page_and_a_return_needs_its_comment(app, client, tenant_a):
    made = at_quality_check(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    page = client.get(_page(made.procurement_id)).get_data(as_text=True)
    assert "Tieto Norge AS" in page and "974760673" in page and "rapport.pdf" in page and "Pris" in page
    action = f"{_page(made.procurement_id)}/quality-check"
    token = csrf_from(client, _page(made.procurement_id))

    refused = client.post(action, data={"csrf_token": token, "outcome": "returned", "comment": ""})

    assert refused.status_code == 422
    assert 'id="quality-comment-error"' in refused.get_data(as_text=True)
    assert stage(app, made.procurement_id) == "quality_check"
    approved = client.post(action, data={"csrf_token": token, "outcome": "approved", "comment": ""})
    assert approved.status_code == 302 and stage(app, made.procurement_id) == "approval"


def test_the_chief_decides_for_the_municipality_on_the_page(app, client, tenant_a):
    made = in_approval(app, tenant_a)
    sign_in(client, made.chiefs["Kongsberg"], acr=HIGH)
    page = client.get(_page(made.procurement_id)).get_data(as_text=True)
    assert "You decide for Kongsberg." in page and "Awaiting decision" in page
    token = csrf_from(client, _page(made.procurement_id))
    decided = client.post(
        f"{_page(made.procurement_id)}/approvals",
        data={"csrf_token": token, "tenant_id": str(made.tenant_ids["Kongsberg"]), "decision": "approved"},
    )
    assert decided.status_code == 302, decided.get_data(as_text=True)
    with acting(app, None):
        row = db.session.scalar(select(AwardApproval).where(AwardApproval.tenant_id == made.tenant_ids["Kongsberg"]))
        assert (row.decision, row.acr) == ("approved", HIGH)
    page = client.get(_page(made.procurement_id)).get_data(as_text=True)
    assert "You decide for" not in page and "High (ID-porten)" in page


def test_the_contract_form_takes_typed_dates_and_kroner(app, client, tenant_a):
    made = ready_to_sign(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"], acr=HIGH)
    page = client.get(_page(made.procurement_id)).get_data(as_text=True)
    assert 'name="processes_personal_data" value="yes" checked' in page  # the needs process personal data
    form = {
        "csrf_token": csrf_from(client, _page(made.procurement_id)),
        "starts_on": "01.01.2028",
        "ends_on": "31.12.2031",
        "annual_value": "1 250 000,50",
        "kraljic": "leverage",
    }
    signed = client.post(f"{_page(made.procurement_id)}/contract", data=form)
    assert signed.status_code == 302, signed.get_data(as_text=True)
    with acting(app, None):
        contract = db.session.scalar(select(Contract))
        assert (contract.annual_value_minor, contract.kraljic, contract.dpa_status) == (
            125_000_050,
            "leverage",
            "not_required",
        )
    assert "The contract in the register" in client.get(_page(made.procurement_id)).get_data(as_text=True)


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
def test_the_page_renders_at_each_stage_in_each_language(app, client, tenant_a, language):
    made = ready_to_sign(app, tenant_a)
    client.set_cookie("samverka_lang", language)
    for person in (tenant_a.people["coordinator"], made.chiefs["Flesberg"], tenant_a.people["it"]):
        sign_in(client, person)
        response = client.get(_page(made.procurement_id))
        assert response.status_code == 200
        assert "Flesberg" in response.get_data(as_text=True)


def test_another_regions_procurement_is_a_404_on_every_award_route(app, client, tenant_a, tenant_b):
    made = in_approval(app, tenant_a)
    for who in ("coordinator", "chief"):
        sign_in(client, tenant_b.people[who], acr=HIGH)
        token = client.get("/api/v1/csrf-token").get_json()["csrf_token"]
        for path in ("", "/quality-check", "/approvals", "/contract"):
            method = "GET" if not path else "POST"
            for prefix in ("", "/api/v1"):
                url = f"{prefix}{_page(made.procurement_id)}{path}"
                body = {"json": {"decision": "approved"}} if prefix else {"data": {"csrf_token": token}}
                response = client.open(url, method=method, headers={"X-CSRFToken": token}, **body)
                assert response.status_code == 404, (who, url)
    assert stage(app, made.procurement_id) == "approval" and count_rows(app, Contract) == 0
