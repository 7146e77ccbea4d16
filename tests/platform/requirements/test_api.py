"""The API: the team assigned and shown, sections written by their role, the gate, and the library."""

from __future__ import annotations

from tests.platform.requirements.factories import make_team_world
from tests.support.api import signed_in


def test_the_team_sections_requirements_and_gate_through_the_api(app, client, tenant_a):
    world = make_team_world(app, tenant_a)
    base = f"/api/v1/procurements/{world.procurement_id}"
    client.set_cookie("samverka_lang", "en")  # the gate's texts compared below are the English ones
    staff = signed_in(client, tenant_a.people["coordinator"])
    added = staff.post(f"{base}/team", {"user_id": tenant_a.people["it"].user_id, "role": "user_representative"})
    assert added.status_code == 201, added.get_data(as_text=True)
    refused = staff.post(f"{base}/team", {"user_id": tenant_a.people["partner"].user_id, "role": "user_representative"})
    assert refused.status_code == 422 and "user_id" in refused.get_json()["errors"]["json"]
    drawn = staff.post(f"{base}/requirements/draws", {})
    assert drawn.status_code == 201 and len(drawn.get_json()) > 5
    gate = staff.get(f"{base}/gates/competition").get_json()
    assert {"role": "user_representative", "text": "The user representatives' section is not done."} in gate

    rep = signed_in(client, tenant_a.people["it"])
    saved = rep.put(f"{base}/sections", {"role": "user_representative", "status": "done", "text": "Behov"})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert rep.put(f"{base}/sections", {"role": "archive", "status": "done", "text": "x"}).status_code == 403
    listed = {row["role"]: row["status"] for row in rep.get(f"{base}/sections").get_json()}
    assert listed["user_representative"] == "done" and listed["archive"] == "not_started"
    requirements = rep.get(f"{base}/requirements").get_json()
    assert requirements["classification"] is None and len(requirements["requirements"]) == len(drawn.get_json())
    assert rep.get(f"{base}/gates/competition").status_code == 403


def test_the_library_through_the_api(app, client, tenant_a, tenant_b):
    make_team_world(app, tenant_a, library_loaded=False)
    staff = signed_in(client, tenant_a.people["coordinator"])
    path = f"/api/v1/regions/{tenant_a.region_id}/requirement-library"
    assert staff.post(f"{path}/defaults", {}).get_json() == {"added": 16}
    assert staff.post(f"{path}/defaults", {}).get_json() == {"added": 0}
    logging = next(row for row in staff.get(path).get_json() if row["key"] == "logging")
    texts = {f"{part}_{lang}": f"{part} {lang}" for part in ("title", "text") for lang in ("nb", "sv", "en")}
    created = staff.post(f"{path}/{logging['id']}/versions", texts)
    assert created.status_code == 201 and created.get_json()["version"] == 2
    other = signed_in(client, tenant_b.people["coordinator"])
    assert other.get(path).status_code == 404
    assert other.post(f"{path}/{logging['id']}/versions", texts).status_code == 404
