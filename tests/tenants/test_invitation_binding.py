"""Invitations bound to a person: a stolen link grants nothing.

The attack: Kongsberg's IT coordinator gets hold of a link inviting Flesberg's chief executive. With the
invitee's identity number on the invitation, her e-ID is refused and nothing is granted; without it, her
acceptance waits for the inviter, who is mailed and rejects it (or confirms the right person).
"""

from __future__ import annotations

from urllib.parse import urlparse

from sqlalchemy import select, text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import Invitation, RoleAssignment, User
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation, invitation_link
from samverka.tenants.services.principals import load_principal
from tests.jobs.harness import mails_to, part
from tests.support.api import signed_in
from tests.support.forms import csrf_from
from tests.support.login import LOGIN_LEVEL, provider_redirect, sign_in
from tests.support.world import Person

INVITEE = Person("invitee", "01017010170")  # a valid fødselsnummer (synthetic)
COORDINATOR_MAIL = "kongsb_coordinator@example.test"


def _invite(app, world, number: str | None) -> str:
    with app.app_context():
        principal = load_principal(db.session, world.people["coordinator"].user_id, stepped_up=True)
        invitation = create_invitation(
            db.session,
            principal,
            email="radmann@flesberg.example",
            name="Rådmann Flesberg",
            role=Role.CHIEF_EXECUTIVE,
            scope_id=world.other_tenant_id,
            invitee_identity_number=number,
        )
        db.session.commit()
        return invitation_link(invitation).split("/invitations/", 1)[1]


def _follow(client, token: str, person):
    """As a browser: the link's button, the sign-in it leads to (with where to go next), the e-ID, the callback."""
    start = client.post(f"/invitations/{token}", data={"csrf_token": csrf_from(client, f"/invitations/{token}")})
    authorize = client.get(start.headers["Location"]).headers["Location"]
    callback = urlparse(provider_redirect(authorize, person.pid, LOGIN_LEVEL))
    return client.get(f"{callback.path}?{callback.query}")


def _chief_roles(app, tenant_id: int) -> list[int]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test inspect"))
        stmt = select(RoleAssignment.user_id).where(
            RoleAssignment.tenant_id == tenant_id, RoleAssignment.role == "chief_executive"
        )
        return list(db.session.scalars(stmt))


def _invitation(app) -> Invitation:
    with app.app_context():
        bind_principal(db.session, Principal.system("test inspect"))
        found = db.session.scalars(select(Invitation)).one()
        db.session.expunge(found)
        return found


def test_another_person_cannot_take_a_bound_invitation(app, client, tenant_a, smtp_server):
    token = _invite(app, tenant_a, "010170 10170")
    answer = _follow(client, token, tenant_a.people["it"])
    assert "invitation_other_person" in answer.headers["Location"]
    page = client.get(answer.headers["Location"])
    assert "another person" in page.get_data(as_text=True) or "annen person" in page.get_data(as_text=True)
    assert _chief_roles(app, tenant_a.other_tenant_id) == []
    invitation = _invitation(app)
    assert invitation.status == "open" and invitation.accepted_at is None
    assert client.get("/api/v1/me").status_code == 401  # not signed in either


def test_the_named_person_accepts_and_the_inviter_is_told(app, client, tenant_a, smtp_server):
    smtp_server.clear()
    token = _invite(app, tenant_a, "01017010170")
    answer = _follow(client, token, INVITEE)
    assert answer.headers["Location"].endswith(f"/invitations/{token}/accepted")
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Rådmann Flesberg" in shown and "Flesberg" in shown
    invitation = _invitation(app)
    assert invitation.status == "accepted" and _chief_roles(app, tenant_a.other_tenant_id) == [
        invitation.accepted_by_id
    ]
    [mail] = mails_to(smtp_server, COORDINATOR_MAIL)
    assert (
        "Rådmann Flesberg" in part(mail, "text/plain") and "Kommunedirekt" in mail["Subject"]
    )  # the inviter's language


def test_without_a_number_the_acceptance_waits_for_the_inviter_who_rejects(app, client, tenant_a, smtp_server):
    smtp_server.clear()
    token = _invite(app, tenant_a, None)
    answer = _follow(client, token, tenant_a.people["it"])  # the attacker: signed in, but granted nothing
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Kongsb It" in shown  # who is signed in
    assert _chief_roles(app, tenant_a.other_tenant_id) == []
    invitation = _invitation(app)
    assert invitation.status == "awaiting_confirmation" and invitation.accepted_by_name == "Kongsb It"
    [mail] = mails_to(smtp_server, COORDINATOR_MAIL)
    assert "Kongsb It" in part(mail, "text/plain")

    coordinator = signed_in(app.test_client(), tenant_a.people["coordinator"])
    listed = coordinator.get("/api/v1/invitations").get_json()
    assert listed[0]["status"] == "awaiting_confirmation" and listed[0]["bound"] is False
    assert signed_in(app.test_client(), tenant_a.people["it"]).post(
        f"/api/v1/invitations/{invitation.id}/confirm", {}
    ).status_code in (403, 404)
    rejected = coordinator.post(f"/api/v1/invitations/{invitation.id}/reject", {"comment": "Ikke rett person"})
    assert rejected.status_code == 200 and rejected.get_json()["status"] == "rejected"
    assert coordinator.post(f"/api/v1/invitations/{invitation.id}/confirm", {}).status_code == 422
    assert _chief_roles(app, tenant_a.other_tenant_id) == []


def test_the_inviter_confirms_on_the_invitations_page(app, client, tenant_a, smtp_server):
    token = _invite(app, tenant_a, None)
    _follow(client, token, INVITEE)
    assert _chief_roles(app, tenant_a.other_tenant_id) == []
    page_client = app.test_client()
    sign_in(page_client, tenant_a.people["coordinator"])
    page = page_client.get("/invitations").get_data(as_text=True)
    invitation = _invitation(app)
    assert "Rådmann Flesberg" in page and f"/invitations/{invitation.id}/confirm" in page
    token_ = csrf_from(page_client, "/invitations")
    done = page_client.post(f"/invitations/{invitation.id}/confirm", data={"csrf_token": token_})
    assert done.status_code == 302
    assert _chief_roles(app, tenant_a.other_tenant_id) == [invitation.accepted_by_id]


def test_the_number_is_checked_and_kept_only_as_a_keyed_hash(app, client, tenant_a):
    coordinator = signed_in(client, tenant_a.people["coordinator"])
    body = {"email": "a@b.example", "name": "Nora Ny", "role": "chief_executive", "scope_id": tenant_a.tenant_id}
    refused = coordinator.post("/api/v1/invitations", {**body, "invitee_identity_number": "12128012345"})
    assert refused.status_code == 422 and "invitee_identity_number" in refused.get_data(as_text=True)
    made = coordinator.post("/api/v1/invitations", {**body, "invitee_identity_number": "01017010170"})
    assert made.status_code == 201 and made.get_json()["bound"] is True
    assert "01017010170" not in made.get_data(as_text=True)
    with app.app_context():
        bind_principal(db.session, Principal.system("test inspect"))
        row = db.session.execute(text("SELECT * FROM invitations")).mappings().one()
        assert "01017010170" not in str(dict(row)) and len(row["invitee_eid_hash"]) == 64
        assert db.session.scalars(select(User).where(User.email == "a@b.example")).first() is None
