"""The coordinator's proposals page and API: reasons in words, accept into a draft joint procurement, dismiss."""

from __future__ import annotations

from sqlalchemy import select

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import MatchProposal
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from tests.support.api import signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in
from tests.support.matching import make_proposal


def _stored(app, model):
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return db.session.scalars(select(model)).all()


def test_page_shows_the_proposal_with_reasons_in_the_chosen_language(app, client, tenant_a):
    make_proposal(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    client.set_cookie("samverka_lang", "sv")
    page = client.get(f"/regions/{tenant_a.region_id}/proposals").get_data(as_text=True)
    assert "Kongsberg: Nytt sak- og arkivsystem" in page and "Flesberg: Erstatte sakarkiv" in page
    assert "samma kategori: verksamhetssystem" in page


def test_accepting_makes_a_draft_joint_procurement_holding_the_needs(app, client, tenant_a):
    proposal_id = make_proposal(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    path = f"/regions/{tenant_a.region_id}/proposals"
    response = client.post(
        f"/proposals/{proposal_id}/accept",
        data={"csrf_token": csrf_from(client, path), "title": "Felles sak- og arkivsystem"},
    )
    assert response.status_code == 302
    [procurement] = _stored(app, JointProcurement)
    assert procurement.title == "Felles sak- og arkivsystem" and procurement.from_proposal_id == proposal_id
    assert len(_stored(app, ProcurementNeed)) == 2
    assert _stored(app, MatchProposal)[0].status == "accepted"


def test_accepting_twice_is_refused_and_changes_nothing(app, tenant_a):
    proposal_id = make_proposal(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    first = api.post(f"/api/v1/proposals/{proposal_id}/accept", {"title": "Felles sakarkiv"})
    second = api.post(f"/api/v1/proposals/{proposal_id}/accept", {"title": "Igjen"})
    assert first.status_code == 201 and second.status_code == 409
    assert second.get_json()["message"]
    assert len(_stored(app, JointProcurement)) == 1


def test_dismiss_needs_a_reason(app, client, tenant_a):
    proposal_id = make_proposal(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    path = f"/regions/{tenant_a.region_id}/proposals"
    response = client.post(
        f"/proposals/{proposal_id}/dismiss", data={"csrf_token": csrf_from(client, path), "reason": ""}
    )
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert _stored(app, MatchProposal)[0].status == "open"


def test_only_the_regions_staff_read_proposals(app, tenant_a):
    proposal_id = make_proposal(app, tenant_a)
    for who in ("it", "chief", "partner"):
        api = signed_in(app.test_client(), tenant_a.people[who])
        listing = api.get(f"/api/v1/regions/{tenant_a.region_id}/proposals")
        assert listing.status_code == 403 and "Kongsberg" not in listing.get_data(as_text=True), who
        assert api.post(f"/api/v1/proposals/{proposal_id}/dismiss", {"reason": "nei"}).status_code == 404
    coordinator = signed_in(app.test_client(), tenant_a.people["coordinator"])
    [proposal] = coordinator.get(f"/api/v1/regions/{tenant_a.region_id}/proposals").get_json()
    assert {r["code"] for r in proposal["reasons"]} >= {"same_category", "cpv_overlap"}
