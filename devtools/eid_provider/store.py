"""Thread-safe in-memory storage of codes, tokens, nonces and provider sessions.

The provider serves requests on several threads (the browser and the client's
back channel hit it at once), so every read-modify-write happens under one
lock. Nothing survives a restart, which is what a test provider wants.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin
from authlib.oidc.core import AuthorizationCodeMixin

from .identity import Login


@dataclass(frozen=True)
class CodeRecord(AuthorizationCodeMixin):
    """An issued authorization code and everything the token request is checked against."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str
    code_challenge_method: str
    login: Login
    expires_at: float

    def is_expired(self) -> bool:
        return time.time() >= self.expires_at

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.login.auth_time

    def get_acr(self) -> str:
        return self.login.level.acr

    def get_amr(self) -> list[str]:
        return [self.login.level.method]


@dataclass
class TokenRecord(TokenMixin):
    """An issued access token; mutable only so a replayed code can revoke it."""

    access_token: str
    client: ClientMixin
    login: Login
    scope: str
    code: str
    expires_at: float
    revoked: bool = False

    def check_client(self, client: ClientMixin) -> bool:
        return client.get_client_id() == self.client.get_client_id()

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return max(0, int(self.expires_at - time.time()))

    def is_expired(self) -> bool:
        return time.time() >= self.expires_at

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> Login:
        return self.login

    def get_client(self) -> ClientMixin:
        return self.client


class MemoryStore:
    """All mutable provider state, guarded by a single lock."""

    def __init__(self, forget_after: float) -> None:
        # How long a spent code or used nonce is remembered: long enough to
        # outlive every token that could have been issued from it.
        self._forget_after = forget_after
        self._lock = threading.Lock()
        self._codes: dict[str, CodeRecord] = {}
        self._spent_codes: dict[str, float] = {}
        self._tokens: dict[str, TokenRecord] = {}
        self._nonces: dict[tuple[str, str], float] = {}
        self._sessions: dict[str, str] = {}

    def add_code(self, record: CodeRecord) -> None:
        """Keep a new code, and its nonce so the same nonce cannot be used again."""
        with self._lock:
            self._prune()
            self._codes[record.code] = record
            if record.nonce:
                self._nonces[(record.client_id, record.nonce)] = self._forget_at()

    def take_code(self, code: str) -> CodeRecord | None:
        """Remove and return a code in one step, so two concurrent redemptions cannot both win.

        Presenting a code again revokes the tokens issued from it (RFC 6749
        section 4.1.2): a replayed code suggests it was stolen.
        """
        with self._lock:
            record = self._codes.pop(code, None)
            if record is None:
                self._revoke_tokens_from(code)
                return None
            self._spent_codes[code] = self._forget_at()
            return record

    def nonce_used(self, client_id: str, nonce: str) -> bool:
        """Whether this client already got a code for this nonce (a replayed request)."""
        with self._lock:
            return (client_id, nonce) in self._nonces

    def add_token(self, record: TokenRecord) -> None:
        """Keep an issued access token for /userinfo."""
        with self._lock:
            self._tokens[record.access_token] = record

    def find_token(self, access_token: str) -> TokenRecord | None:
        """The token record, expired or not: the validator decides what is acceptable."""
        with self._lock:
            return self._tokens.get(access_token)

    def start_session(self, sid: str, pid_ref: str) -> None:
        """Record a provider session; only a pid hash is kept, as that is all logout needs."""
        with self._lock:
            self._sessions[sid] = pid_ref

    def end_session(self, sid: str) -> bool:
        """Forget a provider session; False if it was not (or no longer) active."""
        with self._lock:
            return self._sessions.pop(sid, None) is not None

    def has_session(self, sid: str) -> bool:
        """Whether a provider session is active (lets tests observe logout)."""
        with self._lock:
            return sid in self._sessions

    def _forget_at(self) -> float:
        return time.time() + self._forget_after

    def _revoke_tokens_from(self, code: str) -> None:
        if code not in self._spent_codes:
            return
        for token in self._tokens.values():
            if token.code == code:
                token.revoked = True

    def _prune(self) -> None:
        # Called on every new code so a long-running dev provider does not grow forever.
        now = time.time()
        self._codes = {k: v for k, v in self._codes.items() if v.expires_at > now}
        self._spent_codes = {k: v for k, v in self._spent_codes.items() if v > now}
        self._nonces = {k: v for k, v in self._nonces.items() if v > now}
        self._tokens = {k: v for k, v in self._tokens.items() if v.expires_at > now}
