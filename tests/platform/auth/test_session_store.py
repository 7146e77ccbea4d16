"""The two session stores keep the same contract: Redis (production) and the database (the demo)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis

from samverka.platform.auth.session_store import DatabaseStore, RedisStore, StoredSession
from samverka.platform.core.time import utcnow
from tests.support import services


@pytest.fixture(params=["database", "redis"])
def store(request, app, tenant_a):
    if request.param == "database":
        with app.app_context():
            yield DatabaseStore()
        return
    if services.redis_problem():
        pytest.skip(services.redis_problem())
    connection = redis.Redis.from_url(services.REDIS_URL)
    prefix = f"test:{request.node.name}:"
    yield RedisStore(connection, prefix=prefix)
    for key in connection.scan_iter(f"{prefix}*"):
        connection.delete(key)


def _stored(handle: str, user_id: int | None) -> StoredSession:
    now = utcnow().replace(microsecond=0)
    return StoredSession(handle, user_id, '{"acr": "x"}', "Firefox", now - timedelta(minutes=1), now)


def test_saved_loaded_rotated_and_deleted(store, tenant_a):
    user = tenant_a.people["it"].user_id
    store.save("k1", _stored("h1", user), ttl=60)
    assert store.load("k1") == _stored("h1", user)
    store.save("k2", _stored("h2", user), ttl=60, replaces="k1")
    assert store.load("k1") is None and store.load("k2").handle == "h2"
    store.delete("k2")
    assert store.load("k2") is None and store.of_user(user) == []


def test_a_person_lists_and_ends_only_their_own(store, tenant_a, tenant_b):
    mine, theirs = tenant_a.people["it"].user_id, tenant_b.people["it"].user_id
    store.save("a1", _stored("ha1", mine), ttl=60)
    store.save("a2", _stored("ha2", mine), ttl=60)
    store.save("b1", _stored("hb1", theirs), ttl=60)
    store.save("anon", _stored("hn", None), ttl=60)
    assert sorted(s.handle for s in store.of_user(mine)) == ["ha1", "ha2"]
    assert store.end(mine, "hb1") is False and store.load("b1") is not None
    assert store.end(mine, "ha2") is True and store.load("a2") is None
    assert [s.handle for s in store.of_user(mine)] == ["ha1"]


def test_a_session_decoded_once_is_not_shared_between_requests():
    """The worker decodes a session's record once (``_session_data``); each request still gets its own values,
    and a list in them (the flashed messages, appended to in place) is decoded anew, never shared."""
    from flask.json.tag import TaggedJSONSerializer

    from samverka.platform.auth.server_session import _session_data

    plain = TaggedJSONSerializer().dumps({"_user_id": "7", "acr": "substantial", "_fresh": False})
    first, second = _session_data(plain), _session_data(plain)
    assert first == second == {"_user_id": "7", "acr": "substantial", "_fresh": False}
    first["acr"] = "changed"
    assert _session_data(plain)["acr"] == "substantial"

    flashed = TaggedJSONSerializer().dumps({"_flashes": [("message", "Saved")]})
    one = _session_data(flashed)
    one["_flashes"].append(("message", "Saved again"))
    assert _session_data(flashed)["_flashes"] == [("message", "Saved")]
