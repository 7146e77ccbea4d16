"""Every page, as every role, in every language, checked by axe-core against WCAG 2.1 A and AA."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.axe_audit import Audit
from tests.browser.eid_browser import open_provider_login, sign_in
from tests.browser.pages import (
    LANGUAGES,
    PERSONAS,
    Visit,
    content_of_a,
    invitation_path,
    linked_pages,
    person_for,
    public_pages,
    role_pages,
    sign_in_level,
    submit_invalid_tenant,
    use_language,
)
from tests.support.login import HIGH_LEVEL

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_path")]


def audit_visit(page, audit: Audit, visit: Visit, where: str, lang: str) -> None:
    response = page.goto(visit.path)
    if response is None or response.status != visit.status:
        got = response.status if response else "no response"
        audit.problem(where, page.url, "page-status", f"expected HTTP {visit.status}, got {got}")
        return
    shown = page.get_attribute("html", "lang")
    if shown != lang:
        audit.problem(where, page.url, "page-language", f'<html lang="{shown}"> but the chosen language is {lang}')
    audit.check(page, where)


def audit_pages(page, live_server: str, pages: list[Visit], who: str) -> Audit:
    """Every page in every language; a linked page missing from ``pages`` is a finding too."""
    audit, linked = Audit(), set()
    for lang in LANGUAGES:
        use_language(page, live_server, lang)
        for visit in pages:
            audit_visit(page, audit, visit, f"{who}, {lang}", lang)
            linked |= linked_pages(page, live_server)
    for path in sorted(linked - {urlsplit(visit.path).path for visit in pages}):
        audit.problem(
            who,
            f"{live_server}{path}",
            "unlisted-page",
            "linked from these pages but not checked: add it to tests/browser/pages.py",
        )
    return audit


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_a_role_passes_axe(page, live_server, app, world, persona):
    content = content_of_a(app, world)
    sign_in(page, live_server, person_for(world, persona), sign_in_level(persona))
    audit_pages(page, live_server, role_pages(world, persona, content), persona).assert_clean()


def test_pages_before_sign_in_pass_axe(page, live_server, app, world):
    audit = audit_pages(page, live_server, public_pages(invitation_path(app, world)), "signed out")
    open_provider_login(page, live_server)
    audit.check(page, "e-ID provider login page")
    audit.assert_clean()


def test_form_shown_again_with_errors_passes_axe(page, live_server, world):
    """The operator's tenant form, re-shown with field errors; signed in at level high, as writes need."""
    sign_in(page, live_server, world[2], HIGH_LEVEL)
    audit = Audit()
    for lang in LANGUAGES:
        use_language(page, live_server, lang)
        page.goto("/operator/tenants")
        shown = submit_invalid_tenant(page)
        if shown is None or shown.status != 422:
            got = shown.status if shown else "no response"
            audit.problem(f"operator, {lang}", page.url, "page-status", f"the invalid form gave {got}, not 422")
            continue
        audit.check(page, f"operator form with errors, {lang}")
    audit.assert_clean()


def press_tab_until(page, selector: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.locator(selector).evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key within {limit} presses")


def test_keyboard_user_skips_to_main_content_and_switches_language(page, live_server, world):
    sign_in(page, live_server, world[0].people["coordinator"])
    use_language(page, live_server, "nb")
    region_page = f"/regions/{world[0].region_id}"
    page.goto(region_page)
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    assert skip_link.get_attribute("href") == "#main", "the first Tab stop is not the skip link"
    assert skip_link.is_visible(), "the skip link stays invisible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"

    page.goto(region_page)
    press_tab_until(page, 'button[name="lang"][value="sv"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.url.endswith(region_page), "the language switch did not return to the page the user was on"
    page.goto("/")
    assert page.get_attribute("html", "lang") == "sv", "the chosen language was not remembered"
