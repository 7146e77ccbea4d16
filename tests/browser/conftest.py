"""The app on a real socket and Debian's chromium driven by Playwright.

Playwright must never download a browser of its own: the suite launches the
system's chromium by path, and without it the browser tests skip loudly (or
fail, when ``SAMVERKA_REQUIRE_SERVICES=1`` says nothing may be skipped).
"""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from tests.support import services

CHROMIUM = "/usr/bin/chromium"
# No network chatter, no updates, no sync: the browser talks only to the servers under test.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_problem() -> str | None:
    if os.access(CHROMIUM, os.X_OK):
        return None
    return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"


def pytest_terminal_summary(terminalreporter):
    problem = chromium_problem()
    if problem and not services.required():
        terminalreporter.write_line(f"!!! {problem}: the browser tests were SKIPPED", red=True, bold=True)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    problem = chromium_problem()
    if problem is None:
        return CHROMIUM
    if services.required():
        pytest.fail(f"services required but missing: {problem}")
    pytest.skip(f"SKIPPED: {problem}")


@pytest.fixture(scope="session")
def live_server(app, live_port):
    """The test app served over HTTP at its PUBLIC_URL, which the e-ID provider knows."""
    server = make_server("127.0.0.1", live_port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name=f"samverka-live-{live_port}")
    thread.start()
    yield app.config["PUBLIC_URL"]
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser profile per test: no cookies, so every test signs in on its own."""
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
