"""Signing in as a person would: the app's sign-in page, the e-ID provider's login page, back."""
from __future__ import annotations

from urllib.parse import urlparse

from tests.support.login import LOGIN_LEVEL

# The sign-in control is a link or a GET form leading to /login/start; its label is translated.
SIGN_IN_CONTROL = 'a[href*="/login/start"], form[action*="/login/start"] [type="submit"]'


def at_app(page, live_server: str) -> bool:
    return page.url.startswith(live_server)


def open_provider_login(page, live_server: str) -> None:
    """From the app's sign-in page to the provider's login page."""
    page.goto("/login")
    control = page.locator(SIGN_IN_CONTROL).first
    assert control.count(), f"no link or button to /login/start on the sign-in page:\n{page.content()[:2000]}"
    control.click()
    page.wait_for_url(lambda url: not url.startswith(live_server))
    assert page.locator("#pid").count(), f"not the e-ID provider's login page: {page.url}"


def log_in_at_provider(page, live_server: str, pid: str, acr: str = LOGIN_LEVEL) -> None:
    """Type the identity number, pick the authentication method and wait until the app has us back."""
    page.fill("#pid", pid)
    page.check(f'input[name="acr"][value="{acr}"]')
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: url.startswith(live_server))


def sign_in(page, live_server: str, person, acr: str = LOGIN_LEVEL) -> None:
    """The full e-ID login of ``person`` in the browser; fails unless the app signed them in."""
    open_provider_login(page, live_server)
    log_in_at_provider(page, live_server, person.pid, acr)
    landed = urlparse(page.url).path
    refused = ("/login", "/no-access", "/auth/callback")
    assert landed not in refused, f"{person.key} was not signed in: landed on {page.url}\n{page.content()[:2000]}"
