"""The landing page, the menu's count and GET /api/v1/me/attention show the same items."""

from __future__ import annotations

from datetime import timedelta

from samverka.platform.core.time import local_today
from tests.platform.attention.support import invite, reprocurement
from tests.platform.needs.support import register_need
from tests.platform.ui.pages import body, page_problems, submit
from tests.support.login import sign_in


def _english(client):
    submit(client, "/login", "/language", {"lang": "en", "next": "/"})


def _menu(page: str) -> str:
    return page.split('class="menu"', 1)[1].split("</nav>", 1)[0]


def test_the_landing_page_groups_the_items_by_severity_with_links_and_the_menu_counts_them(app, client, tenant_a):
    # Today as the page will see it: a date taken when the module was collected goes stale at midnight in Norway
    # (23:00 UTC), and "5 days overdue" then reads "6 days overdue".
    today = local_today("NO")
    register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    reprocurement(app, tenant_a, starts_in=-5, today=today)
    invite(app, tenant_a, deadline=today + timedelta(days=2))
    sign_in(client, tenant_a.people["it"])
    _english(client)
    page = body(client.get("/"))
    assert page_problems(page) == []
    assert "<h1>What needs your attention</h1>" in page
    assert page.index('id="attention-danger"') < page.index('id="attention-warning"')
    assert '<li class="ds-alert" data-color="danger">' in page
    assert "5 days overdue" in page and "1 draft not submitted" in page and "Invitation to join" in page
    assert f'href="/tenants/{tenant_a.tenant_id}/needs?status=draft"' in page and "/join-invitations/" in page
    assert "IT coordinator" in page  # the role each item is for
    answer = client.get("/api/v1/me/attention").get_json()
    assert answer["total"] == 4  # a draft, its missing benefit plan, the re-procurement, the invitation
    assert "4 things need your attention" in _menu(page)
    assert [item["url"] for item in answer["items"] if item["kind"] == "needs.drafts"] == [
        f"/tenants/{tenant_a.tenant_id}/needs?status=draft"  # the list filtered to the drafts
    ]
    assert answer["items"][0]["severity"] == "danger" and answer["items"][0]["due"]
    for item in answer["items"]:
        assert item["title"] in page and f'href="{item["url"]}"' in page


def test_with_nothing_to_do_the_page_says_so_and_still_names_the_roles(client, tenant_a):
    sign_in(client, tenant_a.people["chief"])
    _english(client)
    page = body(client.get("/"))
    assert "Nothing needs your attention now." in page
    assert "Chief executive – Kongsberg" in page
    assert "ds-badge" not in _menu(page)
    assert page_problems(page) == []


def test_the_api_asks_for_a_sign_in(client):
    assert client.get("/api/v1/me/attention").status_code == 401


def _things(client) -> int:
    return client.get("/api/v1/me/attention").get_json()["total"]


def test_the_menu_count_is_kept_a_minute_off_the_overview_and_a_change_of_ones_own_counts_afresh(app, client, tenant_a):
    """Off the Overview the menu may show a count up to a minute old (collecting it costs more than many pages);
    the Overview counts afresh, and so does the page after any change the person makes."""
    today = local_today("NO")
    register_need(app, tenant_a.people["it"], tenant_a.tenant_id)
    sign_in(client, tenant_a.people["it"])
    _english(client)
    needs_page = f"/tenants/{tenant_a.tenant_id}/needs"
    before = _things(client)
    assert f"{before} things need your attention" in _menu(body(client.get("/")))
    reprocurement(app, tenant_a, starts_in=-5, today=today)  # someone else's change, not the person's
    after = _things(client)
    assert after == before + 1
    assert f"{before} things need your attention" in _menu(body(client.get(needs_page)))
    assert f"{after} things need your attention" in _menu(body(client.get("/")))
    reprocurement(app, tenant_a, starts_in=-6, today=today)
    latest = _things(client)
    assert latest == after + 1
    assert f"{after} things need your attention" in _menu(body(client.get(needs_page)))
    _english(client)  # a POST of the person's own
    assert f"{latest} things need your attention" in _menu(body(client.get(needs_page)))
