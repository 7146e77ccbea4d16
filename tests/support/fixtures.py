"""Fixtures: the app on the real database, the SMTP server, the e-ID provider, tenants A and B."""

from __future__ import annotations

import socket
from dataclasses import dataclass

import pytest
from redis import Redis

from samverka.devtools.eid_provider import Client, ProviderConfig, serve_in_thread
from samverka.platform.app import create_app
from samverka.platform.core.migrate import upgrade
from tests.support import services
from tests.support.smtp import CapturingSMTPServer

TEST_CLIENT_CALLBACK = "http://localhost/auth/callback"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Databases:
    app_url: str
    owner_url: str
    is_postgres: bool
    superuser_url: str
    system_url: str | None = None


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Databases:
    if services.postgres_problem() is None:
        return Databases(
            services.app_url(), services.owner_url(), True, services.superuser_url(), services.system_url()
        )
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'samverka.db'}"
    return Databases(url, url, False, url)


@pytest.fixture(scope="session")
def smtp_server():
    server = CapturingSMTPServer(port=free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def eid_provider(live_port):
    live = f"http://127.0.0.1:{live_port}"
    client = Client(
        client_id="samverka-test",
        client_secret="test-secret-not-used-elsewhere",
        redirect_uris=(TEST_CLIENT_CALLBACK, f"{live}/auth/callback"),
        post_logout_redirect_uris=("http://localhost/signed-out", f"{live}/signed-out"),
    )
    running = serve_in_thread(ProviderConfig(issuer="", clients=(client,), personas=()))
    yield running
    running.shutdown()


@pytest.fixture(scope="session")
def app(databases, smtp_server, eid_provider, live_port, tmp_path_factory):
    application = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": databases.app_url,
            "DATABASE_OWNER_URL": databases.owner_url,
            "SYSTEM_DATABASE_URL": databases.system_url,
            "SECRET_KEY": "test-secret-key-for-the-test-suite-only",
            "IDENTITY_HASH_KEY": "test-identity-key-for-the-test-suite-only",
            "TESTING": True,
            # Every API answer is dumped by marshmallow too and must be the same (platform/core/dumping.py).
            "API_DUMP_CHECK": True,
            "REDIS_URL": None,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_server.port,
            "OIDC_DISCOVERY_URL": f"{eid_provider.url}/.well-known/openid-configuration",
            "OIDC_CLIENT_ID": "samverka-test",
            "OIDC_CLIENT_SECRET": "test-secret-not-used-elsewhere",
            "PUBLIC_URL": f"http://127.0.0.1:{live_port}",
            # The suite signs in hundreds of times a minute from one address; tests/platform/test_rate_limits.py
            # builds its own app with the limits on.
            "RATE_LIMITS_ENABLED": False,
            "DOCUMENT_DIR": str(tmp_path_factory.mktemp("documents")),
            # The development CA and signing certificate the DPA's signatures are made with (made on first use).
            "SIGNING_DEV_DIR": str(tmp_path_factory.mktemp("signing")),
        }
    )
    upgrade(application)
    return application


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def redis_url():
    """The test Redis database (db 15 unless TEST_REDIS_URL says otherwise), emptied around each test."""
    connection = Redis.from_url(services.REDIS_URL)
    connection.flushdb()
    yield services.REDIS_URL
    connection.flushdb()
    connection.close()
