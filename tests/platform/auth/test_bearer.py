"""``Authorization: Bearer`` on the API: a token reads its region's pipeline and procurements, GET only; a
revoked, expired or unknown token is a 401 with ``WWW-Authenticate``; another region is a 404; a write is a
403; no cookie is set; each use is logged with the token's id and the route, never the token."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from samverka.platform.audit.models import AuditEvent
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import JointProcurement
from samverka.tenants.models import User
from tests.platform.auth.tokens_support import change_token, create_token, token_row, with_token
from tests.platform.procurements.stage_factories import procurement_with_need
from tests.support.api import assert_error_shape, count_rows, signed_in


def _pipeline(world) -> str:
    return f"/api/v1/regions/{world.region_id}/pipeline"


def _assert_invalid_token(response) -> str:
    body = assert_error_shape(response, 401)
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    return body["message"]


def test_the_token_reads_the_pipeline_and_the_procurements_without_a_session(app, tenant_a):
    procurement_id = procurement_with_need(app, tenant_a)
    token_id, secret = create_token(app, tenant_a)

    rows = with_token(app, secret, _pipeline(tenant_a))
    listed = with_token(app, secret, f"/api/v1/regions/{tenant_a.region_id}/procurements")
    one = with_token(app, secret, f"/api/v1/procurements/{procurement_id}")

    assert rows.status_code == 200 and [row["id"] for row in rows.get_json()] == [procurement_id]
    assert listed.status_code == 200 and [p["id"] for p in listed.get_json()] == [procurement_id]
    assert one.status_code == 200 and one.get_json()["id"] == procurement_id
    for answer in (rows, listed, one):
        assert "Set-Cookie" not in answer.headers
    assert token_row(app, token_id).last_used_at is not None


def test_a_session_cookie_sent_along_opens_nothing_more(app, tenant_a):
    """The token alone decides: a coordinator's cookie beside a partner's token is a partner's read-only call."""
    _token_id, secret = create_token(app, tenant_a)
    coordinator = signed_in(app.test_client(), tenant_a.people["coordinator"])
    answer = coordinator.client.post(
        f"/api/v1/regions/{tenant_a.region_id}/procurements",
        json={"title": "Nytt"},
        headers={**coordinator.headers, "Authorization": f"Bearer {secret}"},
    )
    assert answer.status_code == 403 and "Set-Cookie" not in answer.headers


def test_a_revoked_token_is_refused_with_401(app, tenant_a):
    token_id, secret = create_token(app, tenant_a)
    assert with_token(app, secret, _pipeline(tenant_a)).status_code == 200
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    api.client.set_cookie("samverka_lang", "en")
    assert api.delete(f"/api/v1/partners/{tenant_a.partner_id}/tokens/{token_id}").status_code == 200

    refused = with_token(app, secret, _pipeline(tenant_a), headers_lang="en")

    assert "revoked" in _assert_invalid_token(refused)
    assert "Kongsberg" not in refused.get_data(as_text=True)


def test_an_expired_token_is_refused_with_401(app, tenant_a):
    token_id, secret = create_token(app, tenant_a)
    change_token(app, token_id, created_at=utcnow() - timedelta(days=91), expires_at=utcnow() - timedelta(days=1))
    assert "expired" in _assert_invalid_token(with_token(app, secret, _pipeline(tenant_a), headers_lang="en"))


def test_an_unknown_or_missing_token_is_refused_with_401(app, tenant_a):
    _token_id, secret = create_token(app, tenant_a)
    for wrong in (secret[:-1] + ("A" if secret[-1] != "A" else "B"), "", "svk_"):
        _assert_invalid_token(with_token(app, wrong, _pipeline(tenant_a)))


def test_a_token_whose_creator_lost_the_role_is_refused(app, tenant_a):
    _token_id, secret = create_token(app, tenant_a)
    with app.app_context():
        bind_principal(db.session, Principal.system("test: the partner's reader leaves"))
        db.session.get(User, tenant_a.people["partner"].user_id).active = False
        db.session.commit()
    _assert_invalid_token(with_token(app, secret, _pipeline(tenant_a)))


def test_another_regions_pipeline_is_a_404(app, tenant_a, tenant_b):
    procurement_id = procurement_with_need(app, tenant_a)
    _token_id, secret = create_token(app, tenant_b)
    for path in (_pipeline(tenant_a), f"/api/v1/procurements/{procurement_id}"):
        answer = with_token(app, secret, path)
        assert answer.status_code == 404, path
        assert "Kongsberg" not in answer.get_data(as_text=True)


def test_a_write_with_a_token_is_a_403_and_changes_nothing(app, tenant_a):
    procurement_id = procurement_with_need(app, tenant_a)
    _token_id, secret = create_token(app, tenant_a)
    before = count_rows(app, JointProcurement)
    for method, path in (
        ("POST", f"/api/v1/regions/{tenant_a.region_id}/procurements"),
        ("POST", f"/api/v1/procurements/{procurement_id}/cancel"),
        ("PUT", f"/api/v1/regions/{tenant_a.region_id}/lead-times"),
    ):
        answer = with_token(app, secret, path, method, json={"title": "Nytt", "reason": "Test"})
        assert_error_shape(answer, 403)
        assert 'error="insufficient_scope"' in answer.headers["WWW-Authenticate"]
    assert count_rows(app, JointProcurement) == before


def test_a_token_reads_only_what_a_partner_reads_through_it(app, tenant_a):
    _token_id, secret = create_token(app, tenant_a)
    for path in (
        "/api/v1/me",
        f"/api/v1/partners/{tenant_a.partner_id}/documents",
        f"/regions/{tenant_a.region_id}/pipeline",
    ):
        assert with_token(app, secret, path).status_code == 403, path


def test_each_use_is_logged_by_token_id_and_route_and_the_token_never(app, tenant_a, caplog):
    caplog.set_level(logging.DEBUG)
    token_id, secret = create_token(app, tenant_a)
    with_token(app, secret, _pipeline(tenant_a))
    with_token(app, secret, _pipeline(tenant_a))
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    api.delete(f"/api/v1/partners/{tenant_a.partner_id}/tokens/{token_id}")
    with_token(app, secret, _pipeline(tenant_a))

    uses = [r for r in caplog.records if r.name == "samverka.auth.tokens"]
    assert [(r.token_id, r.route) for r in uses] == [(token_id, "/api/v1/regions/<int:region_id>/pipeline")] * 2
    assert not [r for r in caplog.records if secret in r.getMessage() or secret[4:20] in r.getMessage()]
    assert secret not in caplog.text


def test_uses_are_audited_at_most_once_an_hour_and_marked_at_most_once_a_minute(app, tenant_a):
    token_id, secret = create_token(app, tenant_a)
    for _ in range(3):
        assert with_token(app, secret, _pipeline(tenant_a)).status_code == 200
    first = token_row(app, token_id)
    change_token(app, token_id, use_audited_at=utcnow() - timedelta(hours=2))
    with_token(app, secret, _pipeline(tenant_a))

    with app.app_context():
        bind_principal(db.session, Principal.system("test: reading the audit"))
        used = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "api_token.used", AuditEvent.object_id == str(token_id))
        ).all()
    assert len(used) == 2  # the first use, and the first after an hour
    assert token_row(app, token_id).last_used_at == first.last_used_at  # within the minute: not written again
