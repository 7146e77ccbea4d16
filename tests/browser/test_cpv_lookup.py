"""The CPV look-up in the need form, in the browser: with script it answers in place, without a reload,
and "Add" puts the code into the CPV field; what was typed stays either way."""

from __future__ import annotations

import pytest

from tests.browser.eid_browser import sign_in
from tests.browser.pages import use_language

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_path")]


def test_codes_are_found_by_a_swedish_word_and_added_without_leaving_the_form(page, live_server, world):
    a = world[0]
    sign_in(page, live_server, a.people["it"])
    use_language(page, live_server, "sv")
    page.goto(f"/tenants/{a.tenant_id}/needs/new")
    page.fill("#need-title", "Nytt ärendehanteringssystem")
    page.fill("#need-cpv_query", "ärendehantering")
    page.evaluate("window.reloaded = false")
    page.click("button[value='search_cpv']")
    page.wait_for_selector("#need-cpv-results li")
    assert page.evaluate("window.reloaded") is False, "the page was reloaded"
    assert "Programvara för dokumenthantering" in page.inner_text("#need-cpv-results")
    page.click("#need-cpv-results li:first-child button")
    assert page.input_value("#need-cpv_codes") == "48311000-1"
    assert page.input_value("#need-title") == "Nytt ärendehanteringssystem"
