"""Running the provider on a real socket, in a background thread or in the foreground."""

from __future__ import annotations

import socket
import threading
from dataclasses import replace
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server, select_address_family

from .app import create_provider_app
from .config import ProviderConfig


class RedactingRequestHandler(WSGIRequestHandler):
    """Logs requests without their query string.

    ``/logout?id_token_hint=...`` carries an ID token whose payload holds the
    identity number, and other query strings carry codes and nonces.
    """

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = urlsplit(getattr(self, "path", "")).path
        self.log("info", '"%s %s %s" %s %s', self.command, path, self.request_version, code, size)


class RunningProvider:
    """A provider serving HTTP in a daemon thread; stop it with shutdown()."""

    def __init__(self, server: BaseWSGIServer, app: Flask, url: str) -> None:
        self.port: int = server.port
        self.url = url
        self.app = app
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True, name=f"eid-provider-{self.port}")
        self._thread.start()

    def shutdown(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningProvider:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()


def bind_provider(config: ProviderConfig, host: str, port: int) -> tuple[BaseWSGIServer, Flask, str]:
    """Bind the socket first, then build the app, so ``issuer=""`` can name the real port.

    Returns the server (not yet serving), the app and the issuer URL in use.
    """
    family = select_address_family(host, port)
    with socket.create_server((host, port), family=family) as listener:
        bound_port = listener.getsockname()[1]
        if not config.issuer:
            config = replace(config, issuer=f"http://{_url_host(host)}:{bound_port}")
        app = create_provider_app(config)
        # werkzeug duplicates the descriptor, so closing ours afterwards is fine.
        server = make_server(
            host, bound_port, app, threaded=True, request_handler=RedactingRequestHandler, fd=listener.fileno()
        )
    return server, app, config.issuer


def serve_in_thread(config: ProviderConfig, host: str = "127.0.0.1", port: int = 0) -> RunningProvider:
    """Start a provider in a daemon thread (port 0 picks a free port)."""
    return RunningProvider(*bind_provider(config, host, port))


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
