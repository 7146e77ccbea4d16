"""The demo loader's e-ID ceremonies: real sign-ins at the development e-ID provider, in-process.

Signing the data processing agreement is a declaration made through a fresh e-ID sign-in whose nonce commits to
the document's SHA-256 (``platform.auth.ceremony``). The loader runs before ``make demo`` starts its provider, so
it serves one of its own on a free port for the length of the load, with the demo personas, and points the app's
e-ID client at it. Each ceremony is then what a chief executive's browser does: the app begins it, the person
logs in at the provider's page, the app verifies the provider's signed ID token and the signature service records
it. The evidence names this provider as the issuer and keeps the key that verified the token, so
``samverka signatures verify`` proves it offline once the provider is gone.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urljoin, urlparse

import requests
from flask import current_app

from samverka.devtools.eid_provider import Client, Persona, ProviderConfig, serve_in_thread
from samverka.platform.auth import ceremony
from samverka.platform.auth.ceremony import CeremonyResult
from samverka.platform.auth.eid import OidcEIdProvider
from samverka.platform.auth.provider import callback_uri

EID_CLIENT = "samverka.eid"  # where platform.auth.provider keeps the app's e-ID client
TIMEOUT = 10


@contextmanager
def demo_provider(personas) -> Iterator[None]:
    """A development e-ID provider with ``personas`` (pid, name) for the block; the app's client points at it."""
    config = current_app.config
    with current_app.test_request_context():
        callback = callback_uri()
    client = Client(config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"], redirect_uris=(callback,))
    people = tuple(Persona(pid, name) for pid, name in personas)
    running = serve_in_thread(ProviderConfig(issuer="", clients=(client,), personas=people))
    discovery = f"{running.url}/.well-known/openid-configuration"
    before, quiet = current_app.extensions.get(EID_CLIENT), logging.getLogger("werkzeug")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # the provider's request lines would fill ``make demo``'s console
    current_app.extensions[EID_CLIENT] = OidcEIdProvider(
        discovery, config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"]
    )
    try:
        yield
    finally:
        quiet.setLevel(level)
        if before is None:
            current_app.extensions.pop(EID_CLIENT, None)
        else:
            current_app.extensions[EID_CLIENT] = before
        running.shutdown()


def ceremony_answer(*, purpose: str, payload: dict, binding: str, acr: str, user_id: int, pid: str) -> CeremonyResult:
    """Begin the ceremony, log in as ``pid`` at ``acr`` on the provider's page, return the verified answer."""
    with current_app.test_request_context():
        url = ceremony.begin(purpose=purpose, payload=payload, binding=binding, acr=acr, user_id=user_id)
        code = _log_in(url, pid, acr)
        result = ceremony.verified_answer(code)
    if result is None:
        raise RuntimeError("the e-ID provider answered for another person than the demo's signatory")
    return result


def _log_in(authorize_url: str, pid: str, acr: str) -> str:
    """The provider's login form, filled in as the person would; the authorisation code it sends back."""
    with requests.Session() as browser:
        page = browser.get(authorize_url, timeout=TIMEOUT)
        page.raise_for_status()
        action = re.search(r'<form method="post" action="([^"]*)"', page.text)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if not (action and token):
            raise RuntimeError("the development e-ID provider's login page has no form")
        answer = browser.post(
            urljoin(page.url, html.unescape(action.group(1))),
            data={"csrf_token": token.group(1), "pid": pid, "acr": acr},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
    codes = parse_qs(urlparse(answer.headers.get("Location", "")).query).get("code")
    if not codes:
        raise RuntimeError(f"the development e-ID provider refused the demo's sign-in ({answer.status_code})")
    return codes[0]
