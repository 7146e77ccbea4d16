"""Fixtures for the development e-ID provider: running providers and a relying party.

The relying party below is deliberately a plain ``requests`` client, so the
tests exercise the provider over real HTTP exactly as the app will.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from samverka.devtools.eid_provider import Client, Persona, ProviderConfig, serve_in_thread

PID = "01017012345"
SE_PID = "197001012386"
REDIRECT_URI = "http://app.test/auth/callback"
OTHER_REDIRECT_URI = "http://app.test/auth/other-callback"
POST_LOGOUT_URI = "http://app.test/logged-out"
SUBSTANTIAL, HIGH = "idporten-loa-substantial", "idporten-loa-high"

APP_CLIENT = Client("samverka", "app-secret", (REDIRECT_URI, OTHER_REDIRECT_URI), (POST_LOGOUT_URI,))
OTHER_CLIENT = Client("other-app", "other-secret", ("http://other.test/cb",))


class _InputCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            self.inputs.append(dict(attrs))


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class RelyingParty:
    """Drives the code flow like an OIDC client with a browser, one login per instance."""

    base: str
    client: Client = APP_CLIENT
    pid: str = PID
    browser: requests.Session = field(default_factory=requests.Session)
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    state: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    @staticmethod
    def inputs(page: requests.Response) -> list[dict[str, str | None]]:
        """Every <input> on a page, as attribute dicts (a ``checked`` key means checked)."""
        collector = _InputCollector()
        collector.feed(page.text)
        return collector.inputs

    @staticmethod
    def redirect_params(response: requests.Response) -> dict[str, str]:
        """The query parameters of a redirect's Location."""
        query = urlsplit(response.headers["Location"]).query
        return {k: v[0] for k, v in parse_qs(query).items()}

    def authorize_params(self, **overrides: str | None) -> dict[str, str]:
        """Valid authorization parameters; an override of None drops the parameter."""
        params = {
            "client_id": self.client.client_id,
            "redirect_uri": self.client.redirect_uris[0],
            "response_type": "code",
            "scope": "openid",
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": s256(self.verifier),
            "code_challenge_method": "S256",
        } | overrides
        return {k: v for k, v in params.items() if v is not None}

    def open_login(self, **overrides: str | None) -> requests.Response:
        return self.browser.get(
            f"{self.base}/authorize", params=self.authorize_params(**overrides), allow_redirects=False
        )

    def submit(self, page: requests.Response, **form: str) -> requests.Response:
        """Post the login form of ``page`` with its CSRF token plus ``form``."""
        csrf = next(i["value"] for i in self.inputs(page) if i.get("name") == "csrf_token")
        return self.browser.post(page.url, data={"csrf_token": csrf, **form}, allow_redirects=False)

    def login(self, acr: str = SUBSTANTIAL, **overrides: str | None) -> str:
        """Log in as ``self.pid`` and return the code, checking the redirect on the way."""
        page = self.open_login(**overrides)
        assert page.status_code == 200, page.text
        answer = self.submit(page, persona=self.pid, acr=acr)
        assert answer.status_code == 302, answer.text
        params = self.redirect_params(answer)
        assert answer.headers["Location"].startswith(self.authorize_params(**overrides)["redirect_uri"])
        assert params["state"] == self.state
        return params["code"]

    def redeem(self, code: str, **overrides: str | None) -> requests.Response:
        """POST /token with client_secret_basic; overrides change or (None) drop form fields."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.client.redirect_uris[0],
            "code_verifier": self.verifier,
        } | overrides
        data = {k: v for k, v in form.items() if v is not None}
        auth = (self.client.client_id, self.client.client_secret)
        return requests.post(f"{self.base}/token", data=data, auth=auth)

    def tokens(self, **login_args: str) -> dict:
        response = self.redeem(self.login(**login_args))
        assert response.status_code == 200, response.text
        return response.json()

    def verified_claims(self, id_token: str) -> dict:
        """Check the ID token's signature against /jwks and its iss, aud and nonce."""
        keys = KeySet.import_key_set(requests.get(f"{self.base}/jwks").json())
        token = jwt.decode(id_token, keys, algorithms=["RS256"])
        assert token.header["kid"] in {key.kid for key in keys.keys}
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": self.base},
            aud={"essential": True, "value": self.client.client_id},
            nonce={"essential": True, "value": self.nonce},
            exp={"essential": True},
        ).validate(token.claims)
        return token.claims


@pytest.fixture(scope="session")
def signing_key_pem() -> str:
    """One key for all providers: generating RSA keys is the slow part of start-up."""
    return RSAKey.generate_key(2048, private=True).as_pem(private=True).decode()


def _serve(signing_key_pem: str, **settings: object) -> Iterator:
    config = ProviderConfig(issuer="", clients=(APP_CLIENT, OTHER_CLIENT), signing_key_pem=signing_key_pem, **settings)
    running = serve_in_thread(config)
    yield running
    running.shutdown()


@pytest.fixture(scope="module")
def provider(signing_key_pem: str) -> Iterator:
    personas = (
        Persona(PID, "Kari Nordmann, coordinator, Kongsbergregionen"),
        Persona("02029054321", "Ola Nordmann, case worker, Notodden"),
    )
    yield from _serve(signing_key_pem, personas=personas)


@pytest.fixture(scope="module")
def se_provider(signing_key_pem: str) -> Iterator:
    personas = (Persona(SE_PID, "Anna Maria Svensson, handläggare, Kiruna", "sv"),)
    yield from _serve(signing_key_pem, personas=personas, claim_profile="se_broker")


@pytest.fixture(scope="module")
def short_code_provider(signing_key_pem: str) -> Iterator:
    yield from _serve(signing_key_pem, personas=(Persona(PID, "Kari Nordmann"),), code_lifetime=1)


@pytest.fixture
def rp(provider) -> RelyingParty:
    """A fresh browser and client for the main (ID-porten profile) provider."""
    return RelyingParty(provider.url)


@pytest.fixture
def other_rp(provider) -> RelyingParty:
    """A second registered client of the main provider, logging in the same person."""
    return RelyingParty(provider.url, client=OTHER_CLIENT)


@pytest.fixture
def se_rp(se_provider) -> RelyingParty:
    return RelyingParty(se_provider.url, pid=SE_PID)


@pytest.fixture
def short_code_rp(short_code_provider) -> RelyingParty:
    return RelyingParty(short_code_provider.url)


@pytest.fixture
def make_rp(provider):
    """Another browser/client for the main provider, e.g. an attacker or a second tab."""

    def make(**fields: object) -> RelyingParty:
        return RelyingParty(provider.url, **fields)

    return make
