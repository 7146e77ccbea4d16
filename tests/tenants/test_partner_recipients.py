"""The region's coordinator marks which partners receive the signed papers, on the region's page and in the API."""

from __future__ import annotations

from samverka.platform.audit.models import AuditEvent
from samverka.tenants.models import PartnerOrganisation
from tests.support.api import count_rows, field_errors, signed_in
from tests.support.forms import csrf_from


def _partner(api, world) -> dict:
    partners = api.get(f"/api/v1/regions/{world.region_id}/partners").get_json()
    return next(p for p in partners if p["id"] == world.partner_id)


def test_the_coordinator_marks_a_recipient_in_the_api(app, tenant_a):
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    assert _partner(api, tenant_a)["receives_signed_papers"] is False
    path = f"/api/v1/partners/{tenant_a.partner_id}/recipient"
    assert "receives_signed_papers" in field_errors(api.put(path, {"receives_signed_papers": "maybe"}))
    assert _partner(api, tenant_a)["receives_signed_papers"] is False

    marked = api.put(path, {"receives_signed_papers": True})

    assert marked.status_code == 200 and marked.get_json()["receives_signed_papers"] is True
    assert _partner(api, tenant_a)["receives_signed_papers"] is True


def test_the_coordinator_marks_a_recipient_on_the_regions_page(app, tenant_a):
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    client, page = api.client, f"/regions/{tenant_a.region_id}"
    client.set_cookie("samverka_lang", "en")
    assert "Send the signed papers" in client.get(page).get_data(as_text=True)
    events = count_rows(app, AuditEvent)

    done = client.post(
        f"/partners/{tenant_a.partner_id}/recipient",
        data={"csrf_token": csrf_from(client, page), "receives_signed_papers": "true"},
    )

    assert done.status_code == 302 and done.headers["Location"].endswith(page)
    assert _partner(api, tenant_a)["receives_signed_papers"] is True
    assert count_rows(app, AuditEvent) == events + 1


def test_a_partner_or_a_municipality_cannot_mark_one(app, tenant_a):
    for who in ("partner", "it"):
        api = signed_in(app.test_client(), tenant_a.people[who])
        answer = api.put(f"/api/v1/partners/{tenant_a.partner_id}/recipient", {"receives_signed_papers": True})
        assert answer.status_code in (403, 404), who
    with_coordinator = signed_in(app.test_client(), tenant_a.people["coordinator"])
    assert _partner(with_coordinator, tenant_a)["receives_signed_papers"] is False
    assert count_rows(app, PartnerOrganisation) >= 2
