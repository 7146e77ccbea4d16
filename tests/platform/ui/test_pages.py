"""The server-rendered shell: layout, home page, sign-in pages, menu by role and language switch."""

from __future__ import annotations

import pytest

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation, invitation_link
from tests.platform.ui.pages import body, outline, page_problems, submit
from tests.support.forms import csrf_from
from tests.support.login import HIGH_LEVEL, sign_in

ANONYMOUS_PAGES = (
    "/",
    "/login?next=/invitations",
    "/signed-out",
    "/no-access",
    "/no-access?reason=invitation_used",
    "/no-access?reason=invitation_expired",
    "/no-access?reason=invitation_unknown",
    "/missing-page",
)


def _english(client):
    """Pin the language, so that assertions on wording do not depend on the default."""
    submit(client, "/login", "/language", {"lang": "en", "next": "/"})


# --- Every page: language, one h1, skip link, labels, CSRF tokens, no inline code ----------------


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_public_pages_have_the_common_structure(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert page_problems(body(response)) == []


def test_signed_in_pages_have_the_common_structure(app, client, tenant_a, operator):
    sign_in(client, tenant_a.people["coordinator"])
    paths = ["/", f"/regions/{tenant_a.region_id}", f"/tenants/{tenant_a.tenant_id}", "/invitations"]
    problems = {path: page_problems(body(client.get(path))) for path in paths}
    operator_client = app.test_client()
    sign_in(operator_client, operator, acr=HIGH_LEVEL)
    for path in ("/operator/regions", "/operator/tenants", "/operator/thresholds", f"/regions/{tenant_a.region_id}"):
        problems[f"operator {path}"] = page_problems(body(operator_client.get(path)))
    assert problems == {path: [] for path in problems}


def test_a_form_shown_again_with_errors_keeps_the_structure(client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}"
    response = submit(client, page, f"{page}/invitations", {"name": "", "email": "", "appointment": ""})
    assert response.status_code == 422
    assert page_problems(body(response)) == []


def test_the_stylesheet_is_served_from_the_application(client):
    response = client.get("/static/ui/samverka.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert ":focus-visible" in body(response)


# --- Home page -----------------------------------------------------------------------------------


def test_visitor_is_welcomed_and_offered_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="nb">' in body(response)
    assert 'href="/login"' in body(response)


def test_dashboard_lists_the_regions_tenants_and_roles_a_coordinator_reaches(client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    _english(client)
    page = body(client.get("/"))
    assert f'href="/regions/{tenant_a.region_id}"' in page
    assert f'href="/tenants/{tenant_a.tenant_id}"' in page and f'href="/tenants/{tenant_a.other_tenant_id}"' in page
    assert "Regional coordinator – Kongsbergregionen" in page


def test_dashboard_of_a_tenant_user_shows_only_their_own_tenant(client, tenant_a, tenant_b):
    sign_in(client, tenant_a.people["it"])
    page = body(client.get("/"))
    assert "Kongsberg" in page and "Kongsbergregionen" in page
    assert "Flesberg" not in page and "Tokke" not in page and "Vest-Telemark" not in page


def test_dashboard_of_another_region_shows_none_of_region_a(client, tenant_a, tenant_b):
    sign_in(client, tenant_b.people["coordinator"])
    page = body(client.get("/"))
    assert "Tokke" in page
    assert not [name for name in ("Kongsberg", "Flesberg", "K-IKT") if name in page]


# --- Menu by role --------------------------------------------------------------------------------


def _menu_links(page_html: str) -> set[str]:
    menu = page_html.split('class="menu"', 1)[1].split("</nav>", 1)[0] if 'class="menu"' in page_html else ""
    return set(outline(menu).links)


def test_menu_follows_the_roles_held(app, tenant_a, operator):
    menus = {}
    for key, person in (
        ("operator", operator),
        ("coordinator", tenant_a.people["coordinator"]),
        ("partner", tenant_a.people["partner"]),
        ("it", tenant_a.people["it"]),
    ):
        client = app.test_client()
        sign_in(client, person)
        menus[key] = _menu_links(body(client.get("/")))
    a_region, a_tenant = tenant_a.region_id, tenant_a.tenant_id
    assert menus["operator"] == {"/", "/operator/regions", "/operator/tenants", "/operator/thresholds", "/invitations"}
    assert menus["coordinator"] == {
        "/",
        f"/regions/{a_region}",
        f"/regions/{a_region}/needs",
        f"/regions/{a_region}/proposals",
        "/invitations",
        f"/regions/{a_region}/procurements",
        f"/regions/{a_region}/action-plans",
        f"/regions/{a_region}/contracts",
        f"/regions/{a_region}/benefits",
    }
    assert menus["partner"] == {
        "/",
        f"/regions/{a_region}/procurements",
        f"/regions/{a_region}/action-plans",
        f"/regions/{a_region}/pipeline",
        f"/partners/{tenant_a.partner_id}/documents",
        f"/partners/{tenant_a.partner_id}/api-tokens",
    }
    assert menus["it"] == {
        "/",
        f"/tenants/{a_tenant}",
        f"/tenants/{a_tenant}/needs",
        "/invitations",
        f"/regions/{a_region}/procurements",
        f"/regions/{a_region}/action-plans",
        f"/tenants/{a_tenant}/budget",
        f"/tenants/{a_tenant}/contracts",
        f"/tenants/{a_tenant}/documents",
        f"/tenants/{a_tenant}/benefit-follow-up",
    }


def test_current_page_is_marked_in_the_menu(client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    assert '<a href="/invitations" aria-current="page">' in body(client.get("/invitations"))


def test_sign_out_is_a_form_with_a_csrf_token(client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    forms = outline(body(client.get("/"))).post_forms
    assert {"action": "/logout", "csrf": True} in forms


# --- Language switch -----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "sign_in_text"), [("sv", "Logga in"), ("en", "Sign in"), ("nb", "Logg inn")])
def test_language_switch_changes_and_remembers_the_language(client, lang, sign_in_text):
    response = submit(client, "/signed-out", "/language", {"lang": lang, "next": "/signed-out"})
    assert response.status_code == 302 and response.headers["Location"] == "/signed-out"
    page = body(client.get("/signed-out"))
    assert f'<html lang="{lang}">' in page and sign_in_text in page
    assert 'name="next" value="/signed-out"' in page


def test_language_switch_without_csrf_token_is_refused(client):
    response = client.post("/language", data={"lang": "sv", "next": "/"})
    assert response.status_code == 400
    assert '<html lang="nb">' in body(client.get("/"))


def test_norwegian_is_the_default_and_swedish_browsers_get_swedish(client):
    assert "Velkommen til Samverka" in body(client.get("/"))
    swedish = client.get("/", headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    assert "Välkommen till Samverka" in body(swedish)


# --- Sign-in pages -------------------------------------------------------------------------------


def test_sign_in_page_continues_to_e_id_with_the_next_page(client):
    _english(client)
    page = body(client.get("/login?next=/invitations"))
    assert 'href="/login/start?next=/invitations"' in page and "Continue with e-ID" in page


def test_problem_page_explains_a_failed_sign_in(client):
    _english(client)
    response = client.get("/auth/callback?state=forged&code=x")
    assert response.status_code == 400
    assert "Sign-in did not work" in body(response) and page_problems(body(response)) == []


def test_no_access_page_asks_for_an_invitation(client):
    _english(client)
    page = body(client.get("/no-access"))
    assert "You have no access yet" in page and "regional coordinator" in page


def _invitation_token(app, tenant_a) -> str:
    with app.app_context(), acting_as(db.session, Principal.system("test: invite")) as system:
        invitation = create_invitation(
            db.session,
            system,
            email="nina@example.test",
            name="Nina Ny",
            role=Role.IT_COORDINATOR,
            scope_id=tenant_a.tenant_id,
        )
        db.session.commit()
        return invitation_link(invitation).rsplit("/", 1)[1]


def test_invitation_page_names_the_person_and_role_and_posts_with_csrf(app, client, tenant_a):
    token = _invitation_token(app, tenant_a)
    _english(client)
    response = client.get(f"/invitations/{token}")
    assert response.status_code == 200
    page = body(response)
    assert "Nina Ny" in page and "IT coordinator" in page
    assert {"action": f"/invitations/{token}", "csrf": True} in outline(page).post_forms
    assert page_problems(page) == []


def test_accepting_an_invitation_needs_the_csrf_token(app, client, tenant_a):
    token = _invitation_token(app, tenant_a)
    assert client.post(f"/invitations/{token}").status_code == 400
    accepted = client.post(f"/invitations/{token}", data={"csrf_token": csrf_from(client, f"/invitations/{token}")})
    assert accepted.status_code == 302 and "/login/start" in accepted.headers["Location"]
