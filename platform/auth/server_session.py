"""Flask's session kept on the server: the cookie carries only a random id.

The cookie's id (``secrets.token_urlsafe(32)``) is never stored; the store knows only its SHA-256,
so a copy of the store opens no session. A session ends for real: at sign-out its record is
deleted (a copied cookie then opens an empty, anonymous session), after ``SESSION_IDLE_MINUTES``
without a request, and ``PERMANENT_SESSION_LIFETIME`` after it began. ``rotate()`` gives the
session a new id at the next response (sign-in, step-up, sign-out), so an id seen before a
sign-in is worth nothing after it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import lru_cache

from flask import Flask, Request, Response, request
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from samverka.jobs.queue import redis_connection
from samverka.platform.auth.session_store import DatabaseStore, RedisStore, SessionStore, StoredSession
from samverka.platform.auth.tokens_bearer import is_token_request
from samverka.platform.core.time import utcnow

# A session in use is marked as seen at most this often: a write per minute, not per request.
_TOUCH = timedelta(seconds=60)
_USER_ID = "_user_id"  # where Flask-Login keeps the signed-in user's id


_SERIALIZER = TaggedJSONSerializer()
_SCALARS = (str, int, float, bool, type(None))


@lru_cache(maxsize=1024)
def _decoded(data: str) -> tuple[tuple[str, object], ...] | None:
    """The session's values when each is a plain value, which two requests cannot share by mistake; else None."""
    values = _SERIALIZER.loads(data)
    if all(isinstance(value, _SCALARS) for value in values.values()):
        return tuple(values.items())
    return None


def _session_data(data: str) -> dict:
    """The session's values, decoded once per worker while they stay the same. A list or a dict (the flashed
    messages) is decoded anew each time: a request appends to it in place, and must not change it for the next."""
    values = _decoded(data)
    return dict(values) if values is not None else _SERIALIZER.loads(data)


def _key(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class ServerSession(CallbackDict, SessionMixin):
    def __init__(
        self,
        initial: dict | None = None,
        sid: str | None = None,
        stored: StoredSession | None = None,
        *,
        stateless: bool = False,
    ):
        def changed(session):
            session.modified = True

        super().__init__(initial, changed)
        # Values read from the store along with the record (``read_along``), not part of the session's data.
        self.along: dict[str, bytes | None] = {}
        self.stateless = stateless  # an API token's request: never stored, no cookie
        self.sid = sid
        self.stored = stored
        self.modified = False
        self.rotated = False

    def rotate(self) -> None:
        """A new id (and a new record) at the next response; the old one is deleted then."""
        self.rotated = True
        self.modified = True


class ServerSessionInterface(SessionInterface):
    serializer = _SERIALIZER

    def __init__(self, store: SessionStore, read_along: tuple[str, ...] = ()):
        self.store = store
        self.read_along = read_along

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        if is_token_request():
            return ServerSession(stateless=True)  # an API token stands for itself: a cookie sent along opens nothing
        sid = request.cookies.get(self.get_cookie_name(app))
        # A stylesheet or script needs no session: no store round trip for each of a page's files.
        # (The session opens before the URL is matched, so the static files are known by their path.)
        if not sid or request.path.startswith(f"{app.static_url_path}/"):
            return ServerSession()
        stored, along = self.store.load_along(_key(sid), self.read_along)
        if stored is None:
            return ServerSession()
        if self._over(app, stored, utcnow()):
            self.store.delete(_key(sid))
            return ServerSession()
        session = ServerSession(_session_data(stored.data), sid, stored)
        session.along = along
        return session

    def _over(self, app: Flask, stored: StoredSession, now: datetime) -> bool:
        idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
        return now - stored.last_seen_at > idle or now - stored.created_at > self._lifetime(app)

    def _lifetime(self, app: Flask) -> timedelta:
        return app.permanent_session_lifetime

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        if session.stateless:
            return
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if session.sid:  # emptied (sign-out): gone on the server, not only in this browser
                self.store.delete(_key(session.sid))
                response.delete_cookie(
                    self.get_cookie_name(app), path=self.get_cookie_path(app), domain=self.get_cookie_domain(app)
                )
            return
        now = utcnow()
        fresh = session.sid is None or session.rotated
        if not (fresh or session.modified or now - session.stored.last_seen_at > _TOUCH):
            return
        sid = secrets.token_urlsafe(32) if fresh else session.sid
        stored = self._record(app, session, now, fresh)
        ttl = min(timedelta(minutes=app.config["SESSION_IDLE_MINUTES"]), stored.created_at + self._lifetime(app) - now)
        replaces = _key(session.sid) if session.sid and fresh else None
        self.store.save(_key(sid), stored, max(int(ttl.total_seconds()), 1), replaces=replaces)
        if fresh:
            self._set_cookie(app, response, sid)

    def _record(self, app: Flask, session: ServerSession, now: datetime, fresh: bool) -> StoredSession:
        user_id = session.get(_USER_ID)
        return StoredSession(
            handle=secrets.token_urlsafe(12) if fresh else session.stored.handle,
            user_id=int(user_id) if user_id else None,
            data=self.serializer.dumps(dict(session)),
            user_agent=request.user_agent.string[:200] if fresh else session.stored.user_agent,
            created_at=now if fresh else session.stored.created_at,
            last_seen_at=now,
        )

    def _set_cookie(self, app: Flask, response: Response, sid: str) -> None:
        # No expiry on the cookie: it goes with the browser; the server decides when the session is over.
        response.set_cookie(
            self.get_cookie_name(app),
            sid,
            path=self.get_cookie_path(app),
            domain=self.get_cookie_domain(app),
            secure=self.get_cookie_secure(app),
            httponly=self.get_cookie_httponly(app),
            samesite=self.get_cookie_samesite(app),
        )


def store_for(app: Flask) -> SessionStore:
    """Redis when configured (production), else the database (the demo)."""
    redis = redis_connection(app)
    return RedisStore(redis) if redis is not None else DatabaseStore()


def init_app(app: Flask, read_along: tuple[str, ...] = ()) -> None:
    """``read_along``: Redis keys each signed-in request reads anyway, fetched with the session in one round trip."""
    app.session_interface = ServerSessionInterface(store_for(app), read_along)
