"""Every page, as every role, in every language, checked by axe-core against WCAG 2.1 A and AA.

The pages are listed explicitly per role rather than crawled, so a page that
silently disappears (or turns into an error page) is reported, not skipped.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from samverka.platform.core.extensions import db
from samverka.platform.core.i18n import LANG_COOKIE
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation, invitation_link
from samverka.tenants.services.principals import load_principal
from tests.browser.axe_audit import Audit
from tests.browser.eid_browser import log_in_at_provider, open_provider_login, sign_in
from tests.support.login import HIGH_LEVEL

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_path")]

LANGUAGES = ("nb", "sv", "en")
MISSING_PAGE = "/this-page-does-not-exist"
# An organisation number with a wrong check digit: the form must come back with what to fix.
INVALID_TENANT = {"name": "Rollag", "municipality_number": "3305", "organisation_number": "123456789",
                  "population": "1400"}


@dataclass(frozen=True)
class Visit:
    path: str
    status: int = 200


def role_pages(world, persona: str) -> list[Visit]:
    """What each persona can reach: its menu's pages and an error page with its navigation."""
    a, b, _ = world
    region_a, tenant_a, flesberg = f"/regions/{a.region_id}", f"/tenants/{a.tenant_id}", f"/tenants/{a.other_tenant_id}"
    paths = {
        "operator": ["/", "/operator/regions", "/operator/tenants", region_a, f"/regions/{b.region_id}",
                     tenant_a, f"/tenants/{b.tenant_id}", "/invitations"],
        "coordinator": ["/", region_a, tenant_a, flesberg, "/invitations"],
        "it": ["/", tenant_a],
        "chief": ["/", tenant_a],
        "partner": ["/", region_a],
    }[persona]
    return [Visit(p) for p in paths] + [Visit(MISSING_PAGE, 404)]


def person_for(world, persona: str):
    a, _, operator = world
    return operator if persona == "operator" else a.people[persona]


def use_language(page, live_server: str, lang: str) -> None:
    page.context.add_cookies([{"name": LANG_COOKIE, "value": lang, "url": live_server}])


def audit_visit(page, audit: Audit, visit: Visit, where: str, lang: str) -> None:
    response = page.goto(visit.path)
    if response is None or response.status != visit.status:
        got = response.status if response else "no response"
        audit.problem(page, where, "page-status", f"expected HTTP {visit.status} for {visit.path}, got {got}")
        return
    shown = page.get_attribute("html", "lang")
    if shown != lang:
        audit.problem(page, where, "page-language", f'<html lang="{shown}"> but the chosen language is {lang}')
    audit.check(page, where)


def invitation_path(app, world) -> str:
    """A fresh invitation from the region coordinator, as its landing page path."""
    coordinator = world[0].people["coordinator"]
    with app.app_context():
        principal = load_principal(db.session, coordinator.user_id)
        invitation = create_invitation(db.session, principal, email="ny.it@example.test", name="Ny IT",
                                       role=Role.IT_COORDINATOR, scope_id=world[0].other_tenant_id)
        link = invitation_link(invitation)
        db.session.commit()
    return link.removeprefix(app.config["PUBLIC_URL"])


@pytest.mark.parametrize("persona", ["operator", "coordinator", "it", "chief", "partner"])
def test_every_page_of_a_role_passes_axe(page, live_server, world, persona):
    sign_in(page, live_server, person_for(world, persona))
    audit = Audit()
    for lang in LANGUAGES:
        use_language(page, live_server, lang)
        for visit in role_pages(world, persona):
            audit_visit(page, audit, visit, f"{persona}, {lang}", lang)
    assert not audit.findings, audit.report()


def test_pages_before_sign_in_pass_axe(page, live_server, app, world):
    pages = [Visit("/login"), Visit("/no-access"), Visit("/signed-out"), Visit(invitation_path(app, world)),
             Visit(MISSING_PAGE, 404)]
    audit = Audit()
    for lang in LANGUAGES:
        use_language(page, live_server, lang)
        for visit in pages:
            audit_visit(page, audit, visit, f"signed out, {lang}", lang)
    open_provider_login(page, live_server)
    audit.check(page, "e-ID provider login page")
    assert not audit.findings, audit.report()


def submit_invalid_tenant(page):
    """Fill the operator's new-tenant form with a bad organisation number and send it."""
    form = page.locator("form:has(input[name='organisation_number'])")
    for name, value in INVALID_TENANT.items():
        form.locator(f"[name='{name}']").fill(value)
    with page.expect_navigation() as sent:
        form.locator("[type='submit']").click()
    return sent.value


def test_form_shown_again_with_errors_passes_axe(page, live_server, world):
    """The operator's tenant form, re-shown with field errors (after the step-up to level high)."""
    sign_in(page, live_server, world[2])
    page.goto("/operator/tenants")
    submit_invalid_tenant(page)
    if not page.url.startswith(live_server):
        log_in_at_provider(page, live_server, world[2].pid, HIGH_LEVEL)
    audit = Audit()
    for lang in LANGUAGES:
        use_language(page, live_server, lang)
        page.goto("/operator/tenants")
        shown = submit_invalid_tenant(page)
        if shown is None or shown.status != 422:
            audit.problem(page, f"operator, {lang}", "page-status", "the invalid tenant form did not come back "
                          f"with HTTP 422: got {shown.status if shown else 'no response'}")
            continue
        audit.check(page, f"operator form with errors, {lang}")
    assert not audit.findings, audit.report()
