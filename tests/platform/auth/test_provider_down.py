"""An e-ID provider that stops answering: a "try again later" page, quickly, and no stale discovery."""

from __future__ import annotations

import socket
import time
from contextlib import contextmanager

import pytest

from samverka.devtools.eid_provider import Client, ProviderConfig, serve_in_thread
from samverka.platform.auth.eid import OidcEIdProvider, ProviderUnreachable
from tests.support.fixtures import TEST_CLIENT_CALLBACK
from tests.support.login import LOGIN_LEVEL, provider_redirect, start_login

UNREACHABLE_TEXT = "could not be reached"
ENGLISH = {"Accept-Language": "en"}


@contextmanager
def _provider_in_app(app, provider: OidcEIdProvider):
    """The app talks to ``provider`` for the duration (the session's own provider stays running)."""
    previous = app.extensions.get("samverka.eid")
    app.extensions["samverka.eid"] = provider
    try:
        yield provider
    finally:
        app.extensions["samverka.eid"] = previous


@pytest.fixture
def doomed_provider(app):
    """A second development provider, for this test alone, that the test may stop."""
    client = Client("samverka-test", "test-secret-not-used-elsewhere", redirect_uris=(TEST_CLIENT_CALLBACK,))
    running = serve_in_thread(ProviderConfig(issuer="", clients=(client,)))
    provider = OidcEIdProvider(
        f"{running.url}/.well-known/openid-configuration", "samverka-test", "test-secret-not-used-elsewhere"
    )
    with _provider_in_app(app, provider):
        yield running
    running.shutdown()


def test_token_endpoint_gone_at_the_callback_gives_the_unreachable_page(client, tenant_a, doomed_provider):
    authorize_url = start_login(client)
    callback = provider_redirect(authorize_url, tenant_a.people["it"].pid, LOGIN_LEVEL)
    doomed_provider.shutdown()
    response = client.get(callback.split("localhost", 1)[1], headers=ENGLISH)
    assert response.status_code == 503
    assert UNREACHABLE_TEXT in response.get_data(as_text=True)
    assert client.get("/api/v1/me").status_code == 401


def test_discovery_is_read_again_after_the_provider_failed(client, tenant_a, doomed_provider):
    authorize_url = start_login(client)
    callback = provider_redirect(authorize_url, tenant_a.people["it"].pid, LOGIN_LEVEL)
    doomed_provider.shutdown()
    assert client.get(callback.split("localhost", 1)[1]).status_code == 503
    # Not sent on to the dead provider's authorize page from a cached discovery document.
    response = client.get("/login/start", headers=ENGLISH)
    assert response.status_code == 503
    assert UNREACHABLE_TEXT in response.get_data(as_text=True)


def test_a_closed_port_is_unreachable(app, client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens there
    dead = OidcEIdProvider(f"http://127.0.0.1:{port}/.well-known/openid-configuration", "samverka-test", "x")
    with _provider_in_app(app, dead):
        response = client.get("/login/start")
    assert response.status_code == 503


def test_a_provider_that_never_answers_times_out():
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never answers
        port = silent.getsockname()[1]
        provider = OidcEIdProvider(f"http://127.0.0.1:{port}/discovery", "samverka-test", "x", timeout=(0.5, 0.5))
        started = time.monotonic()
        with pytest.raises(ProviderUnreachable):
            provider.metadata()
        assert time.monotonic() - started < 5
