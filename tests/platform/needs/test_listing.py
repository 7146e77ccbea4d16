"""A municipality's and a region's lists of needs: filtered by status, category, municipality and quarter,
sorted by any column (in the database, paged), with their costs; a bad filter value changes nothing."""

from __future__ import annotations

import re

from tests.platform.needs.support import register_need
from tests.platform.ui.pages import body, page_problems
from tests.support.login import sign_in


def _titles(page: str) -> list[str]:
    return re.findall(r'<a href="/needs/\d+">([^<]+)</a>', page)


def _three_needs(app, a) -> None:
    it, region = a.people["it"], [a.region_id]
    register_need(
        app, it, a.tenant_id, title="Arkiv", one_off_cost_minor=300, desired_start="2027-Q1", submit_to=region
    )
    register_need(
        app,
        it,
        a.tenant_id,
        title="Bredbånd",
        one_off_cost_minor=100,
        desired_start="2028-Q2",
        category="telecom",
        submit_to=region,
    )
    register_need(app, it, a.tenant_id, title="Chatbot", one_off_cost_minor=None, desired_start=None)


def test_the_municipality_filters_by_status_category_and_quarter(app, client, tenant_a):
    _three_needs(app, tenant_a)
    sign_in(client, tenant_a.people["it"])
    base = f"/tenants/{tenant_a.tenant_id}/needs"
    assert sorted(_titles(body(client.get(base)))) == ["Arkiv", "Bredbånd", "Chatbot"]
    assert _titles(body(client.get(f"{base}?status=draft"))) == ["Chatbot"]
    assert _titles(body(client.get(f"{base}?category=telecom"))) == ["Bredbånd"]
    assert _titles(body(client.get(f"{base}?quarter=2027-Q1&status=submitted"))) == ["Arkiv"]
    client.set_cookie("samverka_lang", "en")
    assert "No needs match the filter." in body(client.get(f"{base}?quarter=2031-Q4"))


def test_sorting_by_cost_puts_needs_without_one_first_and_marks_the_header(app, client, tenant_a):
    _three_needs(app, tenant_a)
    sign_in(client, tenant_a.people["it"])
    base = f"/tenants/{tenant_a.tenant_id}/needs"
    page = body(client.get(f"{base}?sort=one_off"))
    assert _titles(page) == ["Chatbot", "Bredbånd", "Arkiv"]
    assert re.search(r'<th scope="col" aria-sort="ascending">\s*<a href="[^"]*sort=one_off[^"]*order=desc', page)
    assert _titles(body(client.get(f"{base}?sort=one_off&order=desc"))) == ["Arkiv", "Bredbånd", "Chatbot"]
    assert _titles(body(client.get(f"{base}?sort=title&order=desc"))) == ["Chatbot", "Bredbånd", "Arkiv"]
    assert page_problems(page) == []


def test_sorted_pages_follow_each_other_without_gaps(app, client, tenant_a):
    _three_needs(app, tenant_a)
    sign_in(client, tenant_a.people["it"])
    first = body(client.get(f"/tenants/{tenant_a.tenant_id}/needs?sort=start&size=2"))
    following = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "sort=start" in following
    assert _titles(first) + _titles(body(client.get(following))) == ["Chatbot", "Arkiv", "Bredbånd"]


def test_the_region_filters_by_municipality_and_shows_the_costs(app, client, tenant_a):
    _three_needs(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    base = f"/regions/{tenant_a.region_id}/needs"
    page = body(client.get(f"{base}?municipality={tenant_a.tenant_id}&sort=municipality"))
    assert sorted(_titles(page)) == ["Arkiv", "Bredbånd"]  # never the draft
    assert "NOK" in page or "kr" in page
    assert _titles(body(client.get(f"{base}?municipality={tenant_a.other_tenant_id}"))) == []
    assert page_problems(page) == []


def test_values_that_are_not_choices_are_left_out_and_said_so(app, client, tenant_a):
    _three_needs(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    base = f"/regions/{tenant_a.region_id}/needs"
    response = client.get(f"{base}?status=nonsense&category=x&municipality=999999&quarter=2027-Q9&sort=id&order=up")
    page = body(response)
    assert response.status_code == 200 and sorted(_titles(page)) == ["Arkiv", "Bredbånd"]
    assert "status, category, municipality, quarter, sort, order" in page
    it = app.test_client()
    sign_in(it, tenant_a.people["it"])
    assert "municipality" in body(it.get(f"/tenants/{tenant_a.tenant_id}/needs?municipality=1&sort=municipality"))
