"""A team member sees the section they owe on their landing page until it is done; nobody else sees it."""

from __future__ import annotations

from datetime import date

from samverka.platform.core.extensions import db
from samverka.platform.requirements.services import sections
from samverka.tenants.services.principals import load_principal
from tests.platform.attention.support import items_of, kinds
from tests.platform.requirements.factories import assign, make_team_world
from tests.support.login import sign_in

TODAY = date(2026, 12, 6)


def test_a_member_sees_the_section_they_owe_until_it_is_done(app, client, tenant_a, tenant_b):
    world = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["partner"], "it_architecture")

    owed = kinds(items_of(app, tenant_a.people["partner"], TODAY))["requirements.section"]
    assert [(item.role, item.role_label, item.values) for item in owed] == [
        ("it_architecture", "IT architecture", (("procurement_id", world.procurement_id),))
    ]
    assert "Felles sak- og arkivsystem" in owed[0].title
    assert "requirements.section" not in kinds(items_of(app, tenant_a.people["it"], TODAY))  # not on the team
    assert "requirements.section" not in kinds(items_of(app, tenant_b.people["partner"], TODAY))
    sign_in(client, tenant_a.people["partner"])
    client.set_cookie("samverka_lang", "en")
    page = client.get("/").get_data(as_text=True)
    assert f'href="/procurements/{world.procurement_id}/team"' in page and "IT architecture" in page
    listed = client.get("/api/v1/me/attention").get_json()["items"]
    assert [i["role"] for i in listed if i["kind"] == "requirements.section"] == ["it_architecture"]

    with app.app_context():
        architect = load_principal(db.session, tenant_a.people["partner"].user_id)
        sections.save_section(db.session, architect, world.procurement_id, "it_architecture", text="Ark", status="done")
        db.session.commit()
    assert "requirements.section" not in kinds(items_of(app, tenant_a.people["partner"], TODAY))
