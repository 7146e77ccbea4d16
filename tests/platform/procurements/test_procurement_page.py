"""The procurement's page tells each reader the truth: whom an invitation is e-mailed to, who cannot be told,
who is already in; a member sees its own invitation, a partner the status only; and where it is in the routine."""

from __future__ import annotations

from html import unescape

from samverka.platform.core.extensions import db
from samverka.platform.procurements import services
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_need, make_procurement
from tests.platform.ui.pages import body
from tests.support.forms import csrf_from
from tests.support.login import sign_in

EN = {"Accept-Language": "en"}


def _joint_procurement_holding(app, world, need_id: int) -> int:
    """A draft procurement made from a submitted need of Kongsberg's, nobody invited yet."""
    with app.app_context():
        principal = load_principal(db.session, world.people["coordinator"].user_id)
        made = services.create_from_needs(db.session, principal, world.region_id, [need_id], title="Felles arkiv")
        db.session.commit()
        return made.id


def test_inviting_says_who_is_emailed_and_where_nobody_can_be_told(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    client.set_cookie("samverka_lang", "en")
    detail = f"/regions/{tenant_a.region_id}/procurements"
    token = csrf_from(client, detail)
    created = client.post(detail, data={"csrf_token": token, "title": "Velferdsteknologi", "category": "other_it"})
    page = created.headers["Location"]
    chosen = [str(tenant_a.tenant_id), str(tenant_a.other_tenant_id)]

    sent = client.post(  # the deadline typed as a Norwegian writes it
        f"{page}/invitations", data={"csrf_token": token, "deadline": "31.01.2099", "tenant_ids": chosen}
    )

    shown = unescape(body(client.get(sent.headers["Location"])))
    assert "2 municipalities were invited: Flesberg and Kongsberg." in shown
    assert "will be e-mailed to Kongsb It (kongsb_it@example.test) for Kongsberg." in shown
    assert "Nobody can be e-mailed for Flesberg" in shown
    invite_link = (
        f"/regions/{tenant_a.region_id}?appointment=it_coordinator:{tenant_a.other_tenant_id}#invite-form-heading"
    )
    assert f'href="{invite_link}"' in shown
    again = client.post(
        f"{page}/invitations", data={"csrf_token": token, "deadline": "2099-01-31", "tenant_ids": chosen}
    )
    assert "those chosen were invited before" in unescape(body(client.get(again.headers["Location"])))
    region_form = body(client.get(invite_link.split("#")[0]))
    assert f'value="it_coordinator:{tenant_a.other_tenant_id}" selected' in region_form


def test_a_member_already_in_with_its_need_is_not_chosen_beforehand(app, client, tenant_a):
    need_id = make_need(app, tenant_a.tenant_id, "Arkivløsning", submit_to=tenant_a.region_id)
    procurement_id = _joint_procurement_holding(app, tenant_a, need_id)
    sign_in(client, tenant_a.people["coordinator"])

    shown = unescape(body(client.get(f"/procurements/{procurement_id}", headers=EN)))

    assert "Kongsberg – already in with: Arkivløsning" in shown
    assert f'value="{tenant_a.tenant_id}" checked' not in shown
    assert f'value="{tenant_a.other_tenant_id}" checked' in shown
    assert '<li aria-current="step">Draft</li>' in shown


def test_a_member_sees_its_invitation_and_a_partner_only_the_status(app, client, tenant_a):
    made = make_procurement(app, tenant_a)
    page = f"/procurements/{made.procurement_id}"
    sign_in(client, tenant_a.people["it"])
    member = unescape(body(client.get(page, headers=EN)))
    assert "Your municipality" in member and f"/join-invitations/{made.join_invitation_id}" in member
    assert "Invite municipalities" not in member and "E-mailed to" not in member

    partner_client = app.test_client()
    sign_in(partner_client, tenant_a.people["partner"])
    partner = unescape(body(partner_client.get(page, headers=EN)))
    assert "You follow this joint procurement's progress" in partner and 'aria-current="step"' in partner
    for participant_talk in ("Your municipality", "/join-invitations/", "Invite municipalities", "E-mailed to"):
        assert participant_talk not in partner


def test_a_generated_title_is_shown_in_the_pages_language(app, client, tenant_a):
    need_id = make_need(app, tenant_a.tenant_id, "Økonomisystem (reanskaffelse 2027)")
    sign_in(client, tenant_a.people["it"])
    for lang, expected in (
        ("en", "Økonomisystem (re-procurement 2027)"),
        ("sv", "Økonomisystem (återupphandling 2027)"),
    ):
        client.set_cookie("samverka_lang", lang)
        assert f"<h1>{expected}</h1>" in unescape(body(client.get(f"/needs/{need_id}")))
