"""Rate limits: sign-in, the e-ID callback, token links and API writes answer 429 with Retry-After once over
their limit, counted per user or per client address in Redis; and nothing signed in is cached."""

from __future__ import annotations

import pytest
from redis import Redis

from samverka.platform.app import create_app
from samverka.platform.core import limits
from tests.support import services
from tests.support.api import signed_in

SHARED_SETTINGS = (
    "SQLALCHEMY_DATABASE_URI",
    "DATABASE_OWNER_URL",
    "SYSTEM_DATABASE_URL",
    "SECRET_KEY",
    "IDENTITY_HASH_KEY",
    "MAIL_SERVER",
    "MAIL_PORT",
    "OIDC_DISCOVERY_URL",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "PUBLIC_URL",
)
CLIENT_ADDRESS = "198.51.100.7"


@pytest.fixture
def limited_app(app):
    """The suite's app (which runs without limits) with the limits on, low, and counted in the test Redis."""
    redis = Redis.from_url(services.REDIS_URL)
    redis.flushdb()
    limited = create_app(
        {
            **{name: app.config[name] for name in SHARED_SETTINGS},
            "TESTING": True,
            "REDIS_URL": None,
            "RATE_LIMITS_ENABLED": True,
            "RATELIMIT_STORAGE_URI": services.REDIS_URL,
            "RATE_LIMIT_SIGN_IN": "4 per minute",
            "RATE_LIMIT_EID_CALLBACK": "3 per minute",
            "RATE_LIMIT_TOKENS": "3 per minute",
            "RATE_LIMIT_API_WRITES": "3 per minute",
            "TRUSTED_PROXY_HOPS": 1,
        }
    )
    yield limited
    redis.flushdb()
    redis.close()


def _client(app, address: str = CLIENT_ADDRESS):
    """A browser at ``address``, as the one reverse proxy in front reports it."""
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return client


def _assert_limited_page(response) -> None:
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # the window is a minute
    assert response.mimetype == "text/html"
    assert "429" in response.get_data(as_text=True)


def _needs(world) -> str:
    return f"/api/v1/tenants/{world.tenant_id}/needs"


def test_api_writes_over_the_limit_get_429_with_retry_after_in_the_apis_error_shape(limited_app, tenant_a):
    client = signed_in(_client(limited_app), tenant_a.people["it"])
    answers = [client.post(_needs(tenant_a), {}).status_code for _ in range(3)]
    assert answers == [422, 422, 422]

    response = client.post(_needs(tenant_a), {})

    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # the window is a minute
    body = response.get_json()
    assert (body["code"], body["status"]) == (429, "Too Many Requests") and body["message"]
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(_needs(tenant_a)).status_code == 200  # reading is not a write
    assert list(Redis.from_url(services.REDIS_URL).scan_iter(match="*samverka-limits*"))  # counted in Redis


def test_api_writes_are_counted_per_signed_in_user_not_per_address(limited_app, tenant_a):
    first = signed_in(_client(limited_app), tenant_a.people["it"])
    second = signed_in(_client(limited_app), tenant_a.people["coordinator"])
    for _ in range(3):
        first.post(_needs(tenant_a), {})
    assert first.post(_needs(tenant_a), {}).status_code == 429

    assert second.post(_needs(tenant_a), {}).status_code == 422  # the coordinator has a count of her own


def test_sign_in_start_over_the_limit_gets_a_page_with_retry_after(limited_app):
    client = _client(limited_app)
    for _ in range(4):
        assert client.get("/login/start").status_code == 302

    _assert_limited_page(client.get("/login/start"))
    assert _client(limited_app, "203.0.113.9").get("/login/start").status_code == 302  # another address


def test_the_eid_callback_over_the_limit_gets_429(limited_app):
    client = _client(limited_app)
    for _ in range(3):
        assert client.get("/auth/callback?state=forged&code=x").status_code == 400

    _assert_limited_page(client.get("/auth/callback?state=forged&code=x"))


def test_guessing_invitation_tokens_is_limited(limited_app):
    client = _client(limited_app)
    for attempt in range(3):
        assert client.get(f"/invitations/guess-{attempt}").status_code == 404

    _assert_limited_page(client.get("/invitations/guess-3"))


def test_the_limited_endpoints_are_found_by_kind(limited_app):
    assert limits._token_endpoints(limited_app) == ["auth.accept", "auth.invitation", "tenants.invitation_accepted"]
    writes = limits._api_write_endpoints(limited_app)
    assert "needs_api.TenantNeeds" in writes and all(not name.startswith("auth.") for name in writes)


def test_limits_count_in_redis_when_the_app_has_redis(app):
    configured = create_app(
        {name: app.config[name] for name in SHARED_SETTINGS} | {"TESTING": True, "REDIS_URL": services.REDIS_URL}
    )
    assert configured.config["RATELIMIT_STORAGE_URI"] == services.REDIS_URL
    assert create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}).config[
        "RATELIMIT_STORAGE_URI"
    ] == ("memory://")


@pytest.mark.committed  # an app of its own: connections of its own
def test_with_redis_away_the_limited_pages_serve_and_count_in_memory(app):
    away = create_app(
        {name: app.config[name] for name in SHARED_SETTINGS}
        | {
            "TESTING": True,
            "RATE_LIMITS_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",  # nothing listens there
            "RATE_LIMIT_SIGN_IN": "2 per minute",
        }
    )
    client = away.test_client()

    assert [client.get("/login/start").status_code for _ in range(2)] == [302, 302]
    _assert_limited_page(client.get("/login/start"))
