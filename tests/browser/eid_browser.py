"""Signing in as a person would: the app's sign-in page, the e-ID provider's login page, back."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.login import LOGIN_LEVEL

# The sign-in control is a link or a GET form leading to /login/start; its label is translated.
SIGN_IN_CONTROL = 'a[href*="/login/start"], form[action*="/login/start"] [type="submit"]'
# Long enough for a local redirect chain, short enough that a blocked one fails the test quickly.
REDIRECT_TIMEOUT_MS = 5_000


def submit_and_follow(page, control, arrived, destination: str) -> None:
    """Activate ``control`` and follow the redirects until ``arrived(url)`` holds.

    Chromium blocks a form submission that is redirected to an origin the page's
    CSP ``form-action`` does not allow; the console says so, and the failure
    message repeats it.
    """
    console: list[str] = []

    def remember(message) -> None:
        console.append(message.text)

    page.on("console", remember)
    control.click()
    try:
        page.wait_for_url(arrived, timeout=REDIRECT_TIMEOUT_MS)
    except PlaywrightTimeout:
        raise AssertionError(
            f"the browser never reached {destination} from {page.url}; browser console: {console}"
        ) from None
    finally:
        page.remove_listener("console", remember)


def leave_app_for_provider(page, live_server: str, control) -> None:
    submit_and_follow(page, control, lambda url: not url.startswith(live_server), "the e-ID provider")


def open_provider_login(page, live_server: str) -> None:
    """From the app's sign-in page to the provider's login page."""
    page.goto("/login")
    control = page.locator(SIGN_IN_CONTROL).first
    assert control.count(), f"no link or button to /login/start on the sign-in page:\n{page.content()[:2000]}"
    leave_app_for_provider(page, live_server, control)
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
    assert_signed_in(page, person.key)


def assert_signed_in(page, who: str) -> None:
    landed = urlparse(page.url).path
    refused = ("/login", "/no-access", "/auth/callback")
    assert landed not in refused, f"{who} was not signed in: landed on {page.url}\n{page.content()[:2000]}"
