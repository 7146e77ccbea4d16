"""The e-ID login flow, driven over HTTP against the real development provider."""

from __future__ import annotations

import requests
from sqlalchemy import func, select

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import User
from tests.support.forms import csrf_from
from tests.support.login import HIGH_LEVEL, provider_redirect, sign_in_with_eid, start_login
from tests.support.world import Person


def _user_count(app) -> int:
    with app.app_context():
        bind_principal(db.session, Principal.system("test count"))
        return db.session.scalar(select(func.count()).select_from(User))


def test_known_person_signs_in_and_sees_home(client, tenant_a):
    response = sign_in_with_eid(client, tenant_a.people["coordinator"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    home = client.get("/")
    assert home.status_code == 200
    assert "Kongsbergregionen" in home.get_data(as_text=True)


def test_unknown_person_gets_no_access_and_nothing_is_created(app, client, tenant_a):
    before = _user_count(app)
    response = sign_in_with_eid(client, Person("stranger", "11111111111"))
    assert response.status_code == 302 and "/no-access" in response.headers["Location"]
    assert _user_count(app) == before
    assert client.get("/api/v1/me").status_code == 401


def test_state_mismatch_is_refused(client, tenant_a):
    authorize_url = start_login(client)
    callback = provider_redirect(authorize_url, tenant_a.people["it"].pid, "idporten-loa-substantial")
    forged = callback.replace("state=", "state=x")
    response = client.get(forged.split("localhost", 1)[1])
    assert response.status_code == 400


def test_callback_cannot_be_replayed(client, tenant_a):
    authorize_url = start_login(client)
    callback = provider_redirect(authorize_url, tenant_a.people["it"].pid, "idporten-loa-substantial")
    path = callback.split("localhost", 1)[1]
    assert client.get(path).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    assert client.get(path).status_code == 400


def test_lower_assurance_than_asked_is_refused(client, tenant_a):
    response = sign_in_with_eid(
        client, tenant_a.people["coordinator"], acr=HIGH_LEVEL, answer_acr="idporten-loa-substantial"
    )
    assert response.status_code == 400
    assert client.get("/api/v1/me").status_code == 401


def test_identity_number_is_stored_only_as_keyed_hash(app, client, tenant_a):
    person = tenant_a.people["it"]
    sign_in_with_eid(client, person)
    with app.app_context():
        bind_principal(db.session, Principal.system("test inspect"))
        stored = db.session.get(User, person.user_id)
        assert stored.eid_hash and person.pid not in stored.eid_hash and len(stored.eid_hash) == 64


def test_logout_without_csrf_token_is_refused(client, tenant_a):
    sign_in_with_eid(client, tenant_a.people["it"])
    assert client.post("/logout").status_code == 400
    assert client.get("/api/v1/me").status_code == 200


def test_logout_ends_session_and_provider_session(client, tenant_a):
    sign_in_with_eid(client, tenant_a.people["it"])
    response = client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    assert response.status_code == 302
    # The ID token holds the identity number, so it was not kept: sign-out names our client instead.
    provider_logout = response.headers["Location"]
    assert "/logout?" in provider_logout and "client_id=samverka-test" in provider_logout
    assert "id_token_hint=" not in provider_logout
    assert client.get("/api/v1/me").status_code == 401
    back = requests.get(provider_logout, allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"].startswith("http://localhost/signed-out")
