"""Where browser sessions are kept: Redis in production, the database in the demo.

Both stores are keyed by the SHA-256 of the cookie's random id, so neither a database dump nor a
Redis dump opens a session. Both answer "which sessions does this person have" for the page on
which a person ends their other sessions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import lru_cache
from typing import Protocol

from redis import Redis
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from samverka.platform.auth.models import BrowserSession
from samverka.platform.core.extensions import RoutedSession, db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal


@dataclass(frozen=True)
class StoredSession:
    handle: str
    user_id: int | None
    data: str
    user_agent: str
    created_at: datetime
    last_seen_at: datetime


class SessionStore(Protocol):
    def load(self, key: str) -> StoredSession | None: ...

    def load_along(self, key: str, others: tuple[str, ...]) -> tuple[StoredSession | None, dict[str, bytes | None]]:
        """The session under ``key`` and, in the same round trip where the store can, the values of ``others``:
        what each request needs besides its session (the principals' generation). A value not read is absent."""

    def save(self, key: str, stored: StoredSession, ttl: int, replaces: str | None = None) -> None:
        """Write the session under ``key`` (for at most ``ttl`` seconds), removing ``replaces`` with it."""

    def delete(self, key: str) -> None: ...

    def of_user(self, user_id: int) -> list[StoredSession]: ...

    def end(self, user_id: int, handle: str) -> bool:
        """End the session ``handle`` if it is ``user_id``'s; False if there is no such session of theirs."""


class DatabaseStore:
    """Sessions in ``browser_sessions``. Finding one by its key is the system's look-up (nobody is
    known yet); listing and ending them is done as the person, so the tenancy rule applies."""

    @contextmanager
    def _session(self, principal: Principal) -> Iterator[Session]:
        # A session of its own, outside the request's transaction; the app's routing picks the system's
        # role for the look-up before anyone is known, the person's own (row-level security) for their list.
        with RoutedSession(db) as session:
            bind_principal(session, principal)
            yield session

    def _row(self, session: Session, key: str) -> BrowserSession | None:
        return session.scalars(select(BrowserSession).where(BrowserSession.key_hash == key)).one_or_none()

    def load(self, key: str) -> StoredSession | None:
        with self._session(Principal.system("session look-up")) as session:
            row = self._row(session, key)
            return _stored(row) if row else None

    def load_along(self, key: str, others: tuple[str, ...]) -> tuple[StoredSession | None, dict[str, bytes | None]]:
        return self.load(key), {}  # no Redis: nothing else to read

    def save(self, key: str, stored: StoredSession, ttl: int, replaces: str | None = None) -> None:
        with self._session(Principal.system("session write")) as session:
            if replaces:
                session.execute(delete(BrowserSession).where(BrowserSession.key_hash == replaces))
            row = self._row(session, key) or BrowserSession(key_hash=key)
            for name, value in asdict(stored).items():
                setattr(row, name, value)
            session.add(row)
            session.commit()

    def delete(self, key: str) -> None:
        with self._session(Principal.system("session end")) as session:
            session.execute(delete(BrowserSession).where(BrowserSession.key_hash == key))
            session.commit()

    def of_user(self, user_id: int) -> list[StoredSession]:
        with self._session(Principal(user_id=user_id)) as session:
            rows = session.scalars(select(BrowserSession).order_by(BrowserSession.last_seen_at.desc()))
            return [_stored(row) for row in rows]

    def end(self, user_id: int, handle: str) -> bool:
        with self._session(Principal(user_id=user_id)) as session:
            row = session.scalars(select(BrowserSession).where(BrowserSession.handle == handle)).one_or_none()
            if row is None:
                return False
            session.delete(row)
            session.commit()
            return True

    def purge(self, idle_since: datetime, created_before: datetime) -> int:
        """Forget sessions idle since ``idle_since`` or older than ``created_before``: they are over."""
        with self._session(Principal.system("session clean-up")) as session:
            over = (BrowserSession.last_seen_at < idle_since) | (BrowserSession.created_at < created_before)
            count = session.execute(delete(BrowserSession).where(over)).rowcount
            session.commit()
            return count


def _stored(row: BrowserSession) -> StoredSession:
    return StoredSession(row.handle, row.user_id, row.data, row.user_agent, row.created_at, row.last_seen_at)


class RedisStore:
    """Sessions as Redis keys that expire by themselves, plus one hash per person: handle → key."""

    def __init__(self, redis: Redis, prefix: str = "samverka:session:"):
        self._redis = redis
        self._prefix = prefix

    def _user_index(self, user_id: int) -> str:
        return f"{self._prefix}user:{user_id}"

    def load(self, key: str) -> StoredSession | None:
        return self.load_along(key, ())[0]

    def load_along(self, key: str, others: tuple[str, ...]) -> tuple[StoredSession | None, dict[str, bytes | None]]:
        raw, *values = self._redis.mget(self._prefix + key, *others)
        return (_decode(raw) if raw else None), dict(zip(others, values))

    def save(self, key: str, stored: StoredSession, ttl: int, replaces: str | None = None) -> None:
        pipe = self._redis.pipeline()
        if replaces:
            pipe.delete(self._prefix + replaces)
        pipe.set(self._prefix + key, _encode(stored), ex=ttl)
        if stored.user_id is not None:
            index = self._user_index(stored.user_id)
            pipe.hset(index, stored.handle, key)
            pipe.expire(index, ttl, gt=True)
            pipe.expire(index, ttl, nx=True)
        pipe.execute()

    def delete(self, key: str) -> None:
        stored = self.load(key)
        pipe = self._redis.pipeline()
        pipe.delete(self._prefix + key)
        if stored is not None and stored.user_id is not None:
            pipe.hdel(self._user_index(stored.user_id), stored.handle)
        pipe.execute()

    def of_user(self, user_id: int) -> list[StoredSession]:
        index = self._user_index(user_id)
        keys = {handle.decode(): key.decode() for handle, key in self._redis.hgetall(index).items()}
        if not keys:
            return []
        raws = self._redis.mget([self._prefix + key for key in keys.values()])
        found = [_decode(raw) for raw in raws if raw]
        gone = set(keys) - {stored.handle for stored in found}
        if gone:
            self._redis.hdel(index, *gone)  # expired by themselves: drop them from the index too
        return sorted(found, key=lambda stored: stored.last_seen_at, reverse=True)

    def end(self, user_id: int, handle: str) -> bool:
        key = self._redis.hget(self._user_index(user_id), handle)
        if key is None:
            return False
        self.delete(key.decode())
        return True


def _encode(stored: StoredSession) -> str:
    fields = asdict(stored)
    for name in ("created_at", "last_seen_at"):
        fields[name] = fields[name].isoformat()
    return json.dumps(fields)


# A session's record changes at most once a minute (``_TOUCH``), and every request of it reads the record:
# the same bytes decode to the same (frozen) record, so each worker decodes them once.
@lru_cache(maxsize=1024)
def _decode(raw: bytes) -> StoredSession:
    fields = json.loads(raw)
    for name in ("created_at", "last_seen_at"):
        fields[name] = datetime.fromisoformat(fields[name])
    return StoredSession(**fields)
