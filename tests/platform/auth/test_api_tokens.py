"""A partner's API tokens over the API: created and shown once, stored hashed, listed, revoked; bad input
changes nothing; another partner's tokens are a 404; a token cannot manage tokens."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from samverka.platform.audit.models import AuditEvent
from samverka.platform.auth.tokens_models import ApiToken
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from tests.platform.auth.tokens_support import create_token, token_row, with_token
from tests.support.api import count_rows, field_errors, signed_in


def _tokens(world) -> str:
    return f"/api/v1/partners/{world.partner_id}/tokens"


def test_a_token_is_shown_once_and_stored_only_as_its_hash(app, tenant_a):
    token_id, secret = create_token(app, tenant_a, name="Fagsystemet", days=30)

    row = token_row(app, token_id)
    assert secret.startswith("svk_") and len(secret) >= 40
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert row.prefix == secret[:8] and secret not in {row.name, row.prefix, row.token_hash}
    assert (row.partner_id, row.region_id, row.user_id) == (
        tenant_a.partner_id,
        tenant_a.region_id,
        tenant_a.people["partner"].user_id,
    )
    assert timedelta(days=30) - timedelta(minutes=1) < row.expires_at - row.created_at <= timedelta(days=30)
    listed = signed_in(app.test_client(), tenant_a.people["partner"]).get(_tokens(tenant_a))
    (shown,) = listed.get_json()
    assert shown["id"] == token_id and shown["status"] == "active" and shown["prefix"] == secret[:8]
    assert "token" not in shown and secret not in listed.get_data(as_text=True)


def test_creation_and_revocation_are_audited_without_the_token(app, tenant_a):
    token_id, secret = create_token(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    assert api.delete(f"{_tokens(tenant_a)}/{token_id}").get_json()["status"] == "revoked"
    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading the audit"))
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "ApiToken", AuditEvent.object_id == str(token_id))
        ).all()
        assert {e.action for e in events} == {"api_token.created", "api_token.revoked"}
        assert not [e for e in events if secret in str(e.summary) or secret[4:12] in str(e.summary)]


def test_the_expiry_defaults_to_90_days(app, tenant_a):
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    body = api.post(_tokens(tenant_a), {"name": "Standard"}).get_json()
    row = token_row(app, body["id"])
    assert timedelta(days=89, hours=23) < row.expires_at - row.created_at <= timedelta(days=90)


def test_bad_input_is_a_422_per_field_and_creates_nothing(app, tenant_a):
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    before = count_rows(app, ApiToken)
    for body, field in (
        ({"expires_in_days": 30}, "name"),
        ({"name": "", "expires_in_days": 30}, "name"),
        ({"name": "To\nlinjer"}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "For lenge", "expires_in_days": 366}, "expires_in_days"),
        ({"name": "Null", "expires_in_days": 0}, "expires_in_days"),
        ({"name": "Tekst", "expires_in_days": "90"}, "expires_in_days"),
        ({"name": "Ukjent", "token": "svk_mine"}, "token"),
    ):
        assert field in field_errors(api.post(_tokens(tenant_a), body)), body
    assert count_rows(app, ApiToken) == before


def test_revoking_twice_changes_nothing_more(app, tenant_a):
    token_id, _secret = create_token(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    first = api.delete(f"{_tokens(tenant_a)}/{token_id}").get_json()
    second = api.delete(f"{_tokens(tenant_a)}/{token_id}").get_json()
    assert first["revoked_at"] == second["revoked_at"] is not None


def test_another_partners_tokens_are_a_404(app, tenant_a, tenant_b):
    token_id, _secret = create_token(app, tenant_a)
    outsider = signed_in(app.test_client(), tenant_b.people["partner"])
    for answer in (
        outsider.get(_tokens(tenant_a)),
        outsider.post(_tokens(tenant_a), {"name": "Inntrenger"}),
        outsider.delete(f"{_tokens(tenant_a)}/{token_id}"),
        # B's own partner, A's token: still not B's.
        outsider.delete(f"{_tokens(tenant_b)}/{token_id}"),
    ):
        assert answer.status_code == 404
    assert token_row(app, token_id).revoked_at is None


def test_only_the_partners_readers_manage_its_tokens(app, tenant_a):
    for who in ("it", "coordinator"):
        api = signed_in(app.test_client(), tenant_a.people[who])
        assert api.get(_tokens(tenant_a)).status_code in (403, 404), who
        assert api.post(_tokens(tenant_a), {"name": "Ikke min"}).status_code in (403, 404), who


def test_a_token_cannot_manage_tokens(app, tenant_a):
    token_id, secret = create_token(app, tenant_a)
    before = count_rows(app, ApiToken)
    assert with_token(app, secret, _tokens(tenant_a)).status_code == 403
    assert with_token(app, secret, _tokens(tenant_a), "POST", json={"name": "Ny"}).status_code == 403
    assert with_token(app, secret, f"{_tokens(tenant_a)}/{token_id}", "DELETE").status_code == 403
    assert count_rows(app, ApiToken) == before and token_row(app, token_id).revoked_at is None
