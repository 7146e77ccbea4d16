"""e-ID login through OpenID Connect: the outside system behind a small interface.

``EIdProvider`` is what the views use; ``OidcEIdProvider`` is the real
implementation for any OIDC provider (ID-porten, a Swedish BankID/Freja broker,
or the development provider started by ``make demo`` and the tests).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlencode

import requests
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# (connect, read) seconds for every call to the provider: a dead provider is a quick "try again later".
HTTP_TIMEOUT = (3.05, 10)
_METADATA_TTL = 300
ALGORITHMS = ["RS256", "ES256", "PS256"]


class EIdError(Exception):
    """The login could not be trusted; the message is safe to show and log (no identity numbers)."""


class ProviderUnreachable(EIdError):
    """The provider did not answer (refused, timed out, or not with JSON): nothing was decided."""


@dataclass(frozen=True)
class LoginRequest:
    """What the browser's session must remember between redirect and callback."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class VerifiedLogin:
    claims: dict
    id_token: str
    acr: str
    # Who issued the token and the public key (JWK) that verified it: what an e-ID ceremony keeps as evidence.
    issuer: str = ""
    jwk: dict | None = None


class EIdProvider(Protocol):
    def begin(
        self, redirect_uri: str, acr: str, prompt_login: bool = False, nonce: str | None = None
    ) -> LoginRequest: ...

    def complete(self, code: str, redirect_uri: str, pending: LoginRequest) -> VerifiedLogin: ...

    def end_session_url(self, id_token: str | None, post_logout_redirect_uri: str) -> str | None: ...


def _verifying_jwk(id_token: str, keys: KeySet) -> dict | None:
    """The public key of the set that the token's header names (by ``kid``), as a JWK."""
    try:
        kid = jws.extract_compact(id_token.encode()).headers().get("kid")
        key = keys.get_by_kid(kid) if kid else None
    except (JoseError, ValueError):
        return None
    return key.as_dict(private=False) if key is not None else None


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class OidcEIdProvider:
    """Authorization code flow with PKCE (S256), state and nonce; ID token checked against JWKS."""

    def __init__(self, discovery_url: str, client_id: str, client_secret: str, timeout=HTTP_TIMEOUT):
        self.discovery_url = discovery_url
        self.client_id = client_id
        self._client_secret = client_secret
        self._timeout = timeout
        self._metadata: dict | None = None
        self._fetched_at = 0.0

    def _call(self, method: str, url: str, **kwargs) -> requests.Response:
        """One HTTP call to the provider, bounded in time.

        A provider that does not answer may have moved or restarted: its cached metadata is
        dropped, so the next sign-in reads the discovery document again instead of going on
        with the old one for minutes.
        """
        try:
            response = requests.request(method, url, timeout=self._timeout, **kwargs)
        except requests.RequestException as exc:
            raise self._unreachable(f"the e-ID provider did not answer: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise self._unreachable(f"the e-ID provider answered {response.status_code}")
        return response

    def _unreachable(self, reason: str) -> ProviderUnreachable:
        self._metadata = None
        return ProviderUnreachable(reason)

    def _json(self, response: requests.Response) -> dict:
        try:
            return response.json()
        except requests.JSONDecodeError as exc:
            raise self._unreachable("the e-ID provider did not answer with JSON") from exc

    def metadata(self) -> dict:
        if self._metadata is None or time.monotonic() - self._fetched_at > _METADATA_TTL:
            response = self._call("GET", self.discovery_url)
            if response.status_code != 200:
                raise self._unreachable(f"discovery answered {response.status_code}")
            self._metadata, self._fetched_at = self._json(response), time.monotonic()
        return self._metadata

    def known_origins(self) -> set[str]:
        """Origins of the provider's browser-facing endpoints, once its metadata has been read."""
        from samverka.platform.core.security import origin

        endpoints = ("authorization_endpoint", "end_session_endpoint")
        return {origin(self._metadata.get(e)) for e in endpoints if self._metadata and self._metadata.get(e)}

    def begin(self, redirect_uri: str, acr: str, prompt_login: bool = False, nonce: str | None = None) -> LoginRequest:
        """``nonce``: one the caller made (an e-ID ceremony's commits to what is signed); else a random one."""
        state, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        nonce = nonce or secrets.token_urlsafe(32)
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": "openid profile",
            "state": state,
            "nonce": nonce,
            "code_challenge": _pkce_challenge(verifier),
            "code_challenge_method": "S256",
            "acr_values": acr,
        }
        if prompt_login:
            params["prompt"] = "login"
        url = f"{self.metadata()['authorization_endpoint']}?{urlencode(params)}"
        return LoginRequest(url, state, nonce, verifier)

    def complete(self, code: str, redirect_uri: str, pending: LoginRequest) -> VerifiedLogin:
        id_token = self._exchange(code, redirect_uri, pending.code_verifier)
        keys = self._keys()
        claims = self._verify(id_token, pending.nonce, keys)
        return VerifiedLogin(
            claims=claims,
            id_token=id_token,
            acr=str(claims.get("acr", "")),
            issuer=str(claims.get("iss", "")),
            jwk=_verifying_jwk(id_token, keys),
        )

    def _exchange(self, code: str, redirect_uri: str, verifier: str) -> str:
        response = self._call(
            "POST",
            self.metadata()["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            },
            auth=(self.client_id, self._client_secret),
        )
        if response.status_code != 200:
            raise EIdError(f"the e-ID provider refused the code ({response.status_code})")
        id_token = self._json(response).get("id_token")
        if not id_token:
            raise EIdError("the e-ID provider returned no ID token")
        return id_token

    def _keys(self) -> KeySet:
        response = self._call("GET", self.metadata()["jwks_uri"])
        if response.status_code != 200:
            raise self._unreachable(f"the key set answered {response.status_code}")
        return KeySet.import_key_set(self._json(response))

    def _verify(self, id_token: str, nonce: str, keys: KeySet) -> dict:
        try:
            token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
            registry = jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self.metadata()["issuer"]},
                aud={"essential": True, "value": self.client_id},
                nonce={"essential": True, "value": nonce},
                exp={"essential": True},
                iat={"essential": True},
            )
            registry.validate(token.claims)
        except (JoseError, ValueError) as exc:
            raise EIdError(f"the ID token is not valid: {type(exc).__name__}") from exc
        return dict(token.claims)

    def end_session_url(self, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
        """The provider's sign-out, hinted by the ID token if we kept it, else by our client id."""
        endpoint = self.metadata().get("end_session_endpoint")
        if not endpoint:
            return None
        hint = {"id_token_hint": id_token} if id_token else {"client_id": self.client_id}
        query = urlencode(
            {**hint, "post_logout_redirect_uri": post_logout_redirect_uri, "state": secrets.token_urlsafe(16)}
        )
        return f"{endpoint}?{query}"
