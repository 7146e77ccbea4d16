"""Sessions kept on the server: an opaque cookie, ended for real, rotated, and listed to their owner."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

from sqlalchemy import select, update

from samverka.platform.auth.models import BrowserSession
from samverka.platform.auth.tasks import forget_ended_sessions
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from tests.support.forms import csrf_from
from tests.support.login import HIGH_LEVEL, sign_in, sign_in_with_eid

COOKIE = "session"


def _cookie(client) -> str:
    found = client.get_cookie(COOKIE)
    assert found is not None, "no session cookie"
    return found.value


def _signed_in(client) -> bool:
    return client.get("/api/v1/me").status_code == 200


def _with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def _rows(app) -> list[BrowserSession]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: sessions"))
        rows = db.session.scalars(select(BrowserSession)).all()
        db.session.expunge_all()
        return rows


def _sign_out(client) -> None:
    assert client.post("/logout", data={"csrf_token": csrf_from(client, "/")}).status_code == 302


def test_the_cookie_holds_only_an_opaque_id_and_the_store_no_identity_number(app, client, tenant_a):
    person = tenant_a.people["it"]
    sign_in(client, person)
    value = _cookie(client)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value)  # 32 random bytes: no JSON, no JWT, no signature
    decoded = base64.urlsafe_b64decode(value + "=")
    assert person.pid.encode() not in decoded and b"eyJ" not in value.encode()
    [row] = [r for r in _rows(app) if r.user_id == person.user_id]
    assert person.pid not in row.data and "eyJ" not in row.data  # no identity number, no ID token
    assert value not in row.key_hash and len(row.key_hash) == 64


def test_a_cookie_copied_before_sign_out_is_anonymous_after_it(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    copied = _cookie(client)
    _sign_out(client)
    assert not _signed_in(_with_cookie(app, copied))
    assert [r for r in _rows(app) if r.user_id] == []


def test_an_idle_session_ends(app, client, tenant_a, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    sign_in(client, tenant_a.people["it"])
    assert _signed_in(client)
    _move_last_seen(app, timedelta(minutes=6))
    assert not _signed_in(client)
    assert [r for r in _rows(app) if r.user_id] == []


def test_a_session_in_use_stays_and_one_past_its_lifetime_ends(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    _move_last_seen(app, timedelta(minutes=20))
    assert _signed_in(client)
    with app.app_context():
        bind_principal(db.session, Principal.system("test: age the session"))
        db.session.execute(update(BrowserSession).values(created_at=utcnow() - timedelta(hours=8, minutes=1)))
        db.session.commit()
    assert not _signed_in(client)


def _move_last_seen(app, back: timedelta) -> None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: idle session"))
        db.session.execute(update(BrowserSession).values(last_seen_at=utcnow() - back))
        db.session.commit()


def test_sign_in_gives_a_new_id_and_the_one_from_before_opens_nothing(app, client, tenant_a):
    csrf_from(client, "/")  # an anonymous session exists (its CSRF token)
    before = _cookie(client)
    sign_in(client, tenant_a.people["it"])
    after = _cookie(client)
    assert after != before
    assert not _signed_in(_with_cookie(app, before))
    assert _signed_in(_with_cookie(app, after))


def test_step_up_gives_a_new_id(app, client, tenant_a):
    person = tenant_a.people["chief"]
    sign_in(client, person)
    before = _cookie(client)
    assert sign_in_with_eid(client, person, acr=HIGH_LEVEL).status_code == 302
    assert _cookie(client) != before
    assert not _signed_in(_with_cookie(app, before))


def _handles_to_end(page: str) -> list[str]:
    return re.findall(r'action="/account/sessions/([^/"]+)/end"', page)


def test_a_person_sees_their_sessions_and_ends_another(app, client, tenant_a):
    person = tenant_a.people["it"]
    laptop = app.test_client()
    sign_in(laptop, person)
    sign_in(client, person)
    page = client.get("/account/sessions", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This session" in page
    [other] = _handles_to_end(page)
    token = csrf_from(client, "/account/sessions")
    response = client.post(f"/account/sessions/{other}/end", data={"csrf_token": token})
    assert response.status_code == 302
    assert not _signed_in(laptop)
    assert _signed_in(client)


def test_another_persons_session_cannot_be_ended(app, client, tenant_a, tenant_b):
    victim = app.test_client()
    sign_in(victim, tenant_b.people["it"])
    [victims] = [r.handle for r in _rows(app) if r.user_id == tenant_b.people["it"].user_id]
    sign_in(client, tenant_a.people["it"])
    assert victims not in client.get("/account/sessions").get_data(as_text=True)
    token = csrf_from(client, "/account/sessions")
    assert client.post(f"/account/sessions/{victims}/end", data={"csrf_token": token}).status_code == 404
    assert _signed_in(victim)


def test_ending_a_session_needs_the_csrf_token(app, client, tenant_a):
    laptop = app.test_client()
    sign_in(laptop, tenant_a.people["it"])
    sign_in(client, tenant_a.people["it"])
    [other] = _handles_to_end(client.get("/account/sessions").get_data(as_text=True))
    assert client.post(f"/account/sessions/{other}/end").status_code == 400
    assert _signed_in(laptop)


def test_the_test_clients_session_transaction_still_works(client):
    with client.session_transaction() as session:
        session["kept"] = ("a", 1)
    with client.session_transaction() as session:
        assert session["kept"] == ("a", 1)


def test_sessions_whose_browser_never_came_back_are_forgotten(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    laptop = app.test_client()
    sign_in(laptop, tenant_a.people["chief"])
    with app.app_context():
        bind_principal(db.session, Principal.system("test: abandon a session"))
        chief = tenant_a.people["chief"].user_id
        db.session.execute(
            update(BrowserSession)
            .where(BrowserSession.user_id == chief)
            .values(last_seen_at=utcnow() - timedelta(minutes=31))
        )
        db.session.commit()
        assert forget_ended_sessions() == 1
    assert [r.user_id for r in _rows(app)] == [tenant_a.people["it"].user_id]
