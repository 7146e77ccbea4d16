"""The pages: the team assigned and sections written from each person's own login, risks, requirements, library."""

from __future__ import annotations

from samverka.platform.core.i18n import LANG_COOKIE
from tests.platform.requirements.factories import assign, make_team_world
from tests.support.forms import csrf_from
from tests.support.login import sign_in


def _post(client, page: str, action: str, data: dict):
    token = csrf_from(client, page)
    return client.post(action, data={"csrf_token": token, **data})


def test_the_team_page_assigns_and_each_person_writes_their_section(app, client, tenant_a):
    world = make_team_world(app, tenant_a)
    page = f"/procurements/{world.procurement_id}/team"
    sign_in(client, tenant_a.people["coordinator"])
    client.set_cookie(LANG_COOKIE, "en")
    assert "The user representatives&#39; section is not done." in client.get(page).get_data(as_text=True)
    done = _post(client, page, page, {"user_id": tenant_a.people["it"].user_id, "role": "user_representative"})
    assert done.status_code == 302
    wrong = _post(client, page, page, {"user_id": tenant_a.people["partner"].user_id, "role": "user_representative"})
    assert wrong.status_code == 422 and "ds-validation-message" in wrong.get_data(as_text=True)
    _post(client, page, page, {"user_id": tenant_a.people["partner"].user_id, "role": "it_architecture"})

    sign_in(client, tenant_a.people["it"])
    sections = f"/procurements/{world.procurement_id}/sections"
    saved = _post(
        client, page, sections, {"role": "user_representative", "text": "Felles saksbehandling", "status": "done"}
    )
    assert saved.status_code == 302
    other = _post(client, page, sections, {"role": "it_architecture", "text": "x", "status": "done"})
    assert other.status_code == 403
    assert "Felles saksbehandling" in client.get(page).get_data(as_text=True)


def test_risks_requirements_and_library_pages(app, client, tenant_a, tenant_b):
    world = make_team_world(app, tenant_a)
    base = f"/procurements/{world.procurement_id}"
    sign_in(client, tenant_a.people["coordinator"])
    client.set_cookie(LANG_COOKIE, "en")
    requirements = client.get(f"{base}/requirements").get_data(as_text=True)
    assert "Encryption in transit" in requirements and "Processing in the EU/EEA only" not in requirements
    assert _post(client, f"{base}/requirements", f"{base}/requirements/draws", {}).status_code == 302
    assert client.get(f"{base}/risks").status_code == 200
    library = f"/regions/{tenant_a.region_id}/requirement-library"
    assert "Logging and traceability" in client.get(library).get_data(as_text=True)
    sign_in(client, tenant_b.people["coordinator"])
    for path in (f"{base}/team", f"{base}/requirements", f"{base}/risks", library):
        assert client.get(path).status_code == 404, path


def test_an_assigned_partner_reads_its_team_pages_and_not_another_teams(app, client, tenant_a, tenant_b):
    world = make_team_world(app, tenant_a)
    other = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["partner"], "it_architecture")
    sign_in(client, tenant_a.people["partner"])
    for page in ("team", "requirements", "risks"):
        assert client.get(f"/procurements/{world.procurement_id}/{page}").status_code == 200, page
        # The other procurement is the region's (partners follow its status), its team's work is not theirs.
        assert client.get(f"/procurements/{other.procurement_id}/{page}").status_code == 403, page
    assert client.get(f"/api/v1/procurements/{other.procurement_id}/sections").status_code == 403
    assert client.get(f"/api/v1/needs/{world.need_id}").status_code == 404
    sign_in(client, tenant_b.people["partner"])
    assert client.get(f"/procurements/{world.procurement_id}/team").status_code == 404
