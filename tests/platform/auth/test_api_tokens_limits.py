"""Each API token is counted against its own limit (``API_TOKEN_RATE_LIMIT``), in Redis: over it, 429 with
Retry-After in the API's error shape; another token of the same partner is not held back."""

from __future__ import annotations

import pytest
from redis import Redis

from samverka.platform.app import create_app
from tests.platform.auth.tokens_support import create_token, with_token
from tests.platform.test_rate_limits import SHARED_SETTINGS
from tests.support import services
from tests.support.api import assert_error_shape


@pytest.fixture
def limited_app(app):
    """The suite's app with the limits on and a token's limit of two requests a minute."""
    redis = Redis.from_url(services.REDIS_URL)
    redis.flushdb()
    limited = create_app(
        {
            **{name: app.config[name] for name in SHARED_SETTINGS},
            "TESTING": True,
            "REDIS_URL": None,
            "RATE_LIMITS_ENABLED": True,
            "RATELIMIT_STORAGE_URI": services.REDIS_URL,
            "API_TOKEN_RATE_LIMIT": "2 per minute",
        }
    )
    yield limited
    redis.flushdb()
    redis.close()


def test_a_token_over_its_limit_gets_429_and_another_token_does_not(limited_app, tenant_a):
    _first_id, first = create_token(limited_app, tenant_a, name="Første")
    _second_id, second = create_token(limited_app, tenant_a, name="Andre")
    path = f"/api/v1/regions/{tenant_a.region_id}/pipeline"

    answers = [with_token(limited_app, first, path).status_code for _ in range(2)]
    over = with_token(limited_app, first, path)

    assert answers == [200, 200]
    assert_error_shape(over, 429)
    assert 1 <= int(over.headers["Retry-After"]) <= 61
    assert with_token(limited_app, second, path).status_code == 200
