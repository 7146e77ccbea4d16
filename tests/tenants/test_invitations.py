"""Provisioning by invitation: scoped, single-use, expiring, bound at the first e-ID login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from samverka.platform.core.errors import NotFound
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import Invitation, RoleAssignment, User
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation, invitation_link
from samverka.tenants.services.principals import load_principal
from tests.support.forms import csrf_from
from tests.support.login import sign_in_with_eid
from tests.support.world import Person

NEWCOMER = Person("newcomer", "01017010170")  # a valid fødselsnummer (synthetic)


def _invite(app, inviter, role: Role, scope_id: int, email="ny@flesberg.example", number=NEWCOMER.pid) -> str:
    """An invitation naming the newcomer (her identity number), so that her sign-in takes the role at once."""
    with app.app_context():
        principal = load_principal(db.session, inviter.user_id, stepped_up=True)
        invitation = create_invitation(
            db.session,
            principal,
            email=email,
            name="Nora Ny",
            role=role,
            scope_id=scope_id,
            invitee_identity_number=number,
        )
        db.session.commit()
        return invitation_link(invitation).split("/invitations/", 1)[1]


def _count(app, model) -> int:
    with app.app_context():
        bind_principal(db.session, Principal.system("test count"))
        return db.session.scalar(select(func.count()).select_from(model))


def _follow(client, token):
    assert client.get(f"/invitations/{token}").status_code == 200
    client.post(f"/invitations/{token}", data={"csrf_token": csrf_from(client, f"/invitations/{token}")})
    return sign_in_with_eid(client, NEWCOMER)


def test_coordinator_invites_and_first_login_binds_the_identity(app, client, tenant_a, smtp_server):
    token = _invite(app, tenant_a.people["coordinator"], Role.IT_COORDINATOR, tenant_a.other_tenant_id)
    response = _follow(client, token)
    assert response.status_code == 302 and "/no-access" not in response.headers["Location"]
    with app.app_context():
        bind_principal(db.session, Principal.system("test inspect"))
        user = db.session.scalars(select(User).where(User.email == "ny@flesberg.example")).one()
        roles = db.session.scalars(select(RoleAssignment).where(RoleAssignment.user_id == user.id)).all()
        assert [(r.role, r.tenant_id) for r in roles] == [("it_coordinator", tenant_a.other_tenant_id)]
        assert db.session.scalars(select(Invitation)).one().accepted_by_id == user.id


def test_an_invitation_link_works_once(app, client, tenant_a):
    token = _invite(app, tenant_a.people["coordinator"], Role.CHIEF_EXECUTIVE, tenant_a.tenant_id)
    _follow(client, token)
    client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    again = client.get(f"/invitations/{token}")
    assert again.status_code == 404
    assert _count(app, RoleAssignment) == 10


def test_an_expired_invitation_grants_nothing(app, client, tenant_a):
    token = _invite(app, tenant_a.people["coordinator"], Role.IT_COORDINATOR, tenant_a.tenant_id)
    with app.app_context():
        bind_principal(db.session, Principal.system("test expire"))
        invitation = db.session.scalars(select(Invitation)).one()
        invitation.expires_at -= timedelta(days=30)
        db.session.commit()
    users_before = _count(app, User)
    assert client.get(f"/invitations/{token}").status_code == 404
    client.post(f"/invitations/{token}", data={"csrf_token": csrf_from(client, "/")})
    response = sign_in_with_eid(client, NEWCOMER)
    assert "invitation_expired" in response.headers["Location"]
    assert _count(app, User) == users_before


@pytest.mark.parametrize("role", [Role.IT_COORDINATOR, Role.COORDINATOR, Role.PURCHASER])
def test_a_coordinator_cannot_invite_outside_its_region(app, tenant_a, tenant_b, role):
    scope = tenant_b.tenant_id if role is Role.IT_COORDINATOR else tenant_b.region_id
    with pytest.raises(NotFound):
        _invite(app, tenant_a.people["coordinator"], role, scope)
    assert _count(app, Invitation) == 0


def test_only_the_operator_invites_a_region_coordinator(app, tenant_a, operator):
    with pytest.raises(NotFound):
        _invite(app, tenant_a.people["coordinator"], Role.COORDINATOR, tenant_a.region_id)
    _invite(app, operator, Role.COORDINATOR, tenant_a.region_id)
    assert _count(app, Invitation) == 1


def test_tenant_users_cannot_invite(app, tenant_a):
    with pytest.raises(NotFound):
        _invite(app, tenant_a.people["it"], Role.IT_COORDINATOR, tenant_a.tenant_id)
    assert _count(app, Invitation) == 0
