"""The pages under test, listed per role, and the ways the tests get to them.

Listed explicitly rather than crawled: a page that disappears, or turns into an
error page, is reported instead of silently skipped.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from samverka.platform.core.extensions import db
from samverka.platform.core.i18n import LANG_COOKIE
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation, invitation_link
from samverka.tenants.services.principals import load_principal

LANGUAGES = ("nb", "sv", "en")
MISSING_PAGE = "/this-page-does-not-exist"
PERSONAS = ("operator", "coordinator", "it", "chief", "partner")
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
    region_a, tenant_a = f"/regions/{a.region_id}", f"/tenants/{a.tenant_id}"
    flesberg = f"/tenants/{a.other_tenant_id}"
    paths = {
        "operator": ["/", "/operator/regions", "/operator/tenants", region_a, f"/regions/{b.region_id}",
                     tenant_a, flesberg, f"/tenants/{b.tenant_id}", "/invitations"],
        "coordinator": ["/", region_a, tenant_a, flesberg, "/invitations"],
        "it": ["/", region_a, tenant_a, "/invitations"],
        "chief": ["/", region_a, tenant_a, "/invitations"],
        "partner": ["/", region_a],
    }[persona]
    return [Visit(p) for p in paths] + [Visit(MISSING_PAGE, 404)]


def public_pages(invitation: str) -> list[Visit]:
    """Pages a visitor sees before signing in, including a callback without a login in progress."""
    return [Visit("/"), Visit("/login"), Visit("/no-access"), Visit("/no-access?reason=invitation_expired"),
            Visit("/signed-out"), Visit(invitation), Visit("/auth/callback", 400), Visit(MISSING_PAGE, 404)]


def linked_pages(page, live_server: str) -> set[str]:
    """Paths of the app's pages this page links to (the e-ID redirect is not a page)."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    paths = {urlsplit(href).path for href in hrefs if href.startswith(f"{live_server}/")}
    return paths - {"/login/start"}


def person_for(world, persona: str):
    a, _, operator = world
    return operator if persona == "operator" else a.people[persona]


def use_language(page, live_server: str, lang: str) -> None:
    """Choose the language as the layout's switch would: by the cookie it sets."""
    page.context.add_cookies([{"name": LANG_COOKIE, "value": lang, "url": live_server}])


def invitation_path(app, world) -> str:
    """A fresh invitation from region A's coordinator to Flesberg, as its landing page's path."""
    coordinator = world[0].people["coordinator"]
    with app.app_context():
        principal = load_principal(db.session, coordinator.user_id)
        invitation = create_invitation(db.session, principal, email="ny.it@example.test", name="Ny IT",
                                       role=Role.IT_COORDINATOR, scope_id=world[0].other_tenant_id)
        link = invitation_link(invitation)
        db.session.commit()
    return link.removeprefix(app.config["PUBLIC_URL"])


def submit_invalid_tenant(page):
    """Fill the operator's new-tenant form with a bad organisation number, send it; returns the response."""
    form = page.locator("form:has(input[name='organisation_number'])")
    for name, value in INVALID_TENANT.items():
        form.locator(f"[name='{name}']").fill(value)
    with page.expect_navigation() as sent:
        form.locator("[type='submit']").click()
    return sent.value
