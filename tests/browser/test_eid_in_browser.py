"""The e-ID round trips that start from a form, followed by a real browser.

The HTTP-level login tests cannot see this: a browser refuses to follow a form
submission's redirect to an origin the page's CSP ``form-action`` does not allow,
so step-up, sign-out and accepting an invitation must be proven in Chromium.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.eid_browser import (
    assert_signed_in,
    leave_app_for_provider,
    log_in_at_provider,
    sign_in,
    submit_and_follow,
)
from tests.browser.pages import invitation_path, submit_invalid_tenant
from tests.support.login import HIGH_LEVEL
from tests.support.world import Person

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_path")]

NEWCOMER = Person("newcomer", "10017012344")


def test_operator_write_steps_up_to_level_high_and_returns_to_the_form(page, live_server, world):
    operator = world[2]
    sign_in(page, live_server, operator)
    page.goto("/operator/tenants")
    form = page.locator("form:has(input[name='organisation_number'])")
    leave_app_for_provider(page, live_server, form.locator("[type='submit']"))
    log_in_at_provider(page, live_server, operator.pid, HIGH_LEVEL)
    assert urlparse(page.url).path == "/operator/tenants", f"after the step-up the operator landed on {page.url}"
    assert submit_invalid_tenant(page).status == 422, "the form still asks for a step-up after level high"


def test_sign_out_ends_the_provider_session_and_shows_signed_out(page, live_server, eid_provider, world):
    sign_in(page, live_server, world[0].people["chief"])
    sign_out = page.locator("form[action$='/logout'] [type='submit']")
    with page.expect_request(lambda request: request.url.startswith(f"{eid_provider.url}/logout")):
        submit_and_follow(page, sign_out, lambda url: urlparse(url).path == "/signed-out", "the signed-out page")
    page.goto("/")
    assert page.locator("a[href$='/login']").count(), "still signed in after signing out"


def test_newcomer_accepts_an_invitation_through_e_id(page, live_server, app, world):
    page.goto(invitation_path(app, world))
    leave_app_for_provider(page, live_server, page.locator("form[action*='/invitations/'] [type='submit']"))
    log_in_at_provider(page, live_server, NEWCOMER.pid)
    assert_signed_in(page, "the invited newcomer")
