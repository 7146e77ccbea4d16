"""A person's own sessions: where they are signed in, and ending the ones they do not recognise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from samverka.platform.auth.session_store import SessionStore
from samverka.platform.core.errors import NotFound
from samverka.platform.core.tenancy.principal import Principal

_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS", "macOS"),
    ("Linux", "Linux"),
)


@dataclass(frozen=True)
class SessionEntry:
    handle: str
    device: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def device(user_agent: str) -> str:
    """ "Firefox, Linux" from a user-agent string; the string's start when it is neither."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return ", ".join(part for part in (browser, system) if part) or user_agent[:40]


def sessions_of(store: SessionStore, principal: Principal, current_handle: str | None) -> list[SessionEntry]:
    """The principal's signed-in sessions, the most recently used first."""
    return [
        SessionEntry(s.handle, device(s.user_agent), s.created_at, s.last_seen_at, s.handle == current_handle)
        for s in store.of_user(principal.user_id)
    ]


def end_session_of(store: SessionStore, principal: Principal, handle: str) -> None:
    """End one of the principal's sessions; someone else's, or one already over, is not found."""
    if not principal.is_authenticated or not store.end(principal.user_id, handle):
        raise NotFound()
