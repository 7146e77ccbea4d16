"""``next`` after sign-in and after choosing a language: only to this app's own pages."""

from __future__ import annotations

import pytest

from tests.support.forms import csrf_from
from tests.support.login import sign_in_with_eid

HOSTILE = [
    "/\t/evil.example",  # the browser drops the tab: //evil.example
    "//evil.example",
    "/\\evil.example",  # read as //evil.example
    "/\r\nSet-Cookie:x=1",  # header injection, a 500 before
    "https://evil.example/",
    "/%09/evil.example",  # already decoded once: no page of ours
    "/login/start\x00",
    "/logout",  # a route, but not one for GET
]


def _location(response) -> str:
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_never_sends_the_browser_off_the_site(client, tenant_a, target):
    response = sign_in_with_eid(client, tenant_a.people["it"], next_path=target)
    assert _location(response) == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_sign_in_page_keeps_no_hostile_next(client, target):
    page = client.get("/login", query_string={"next": target}).get_data(as_text=True)
    assert 'href="/login/start?next=/"' in page


def test_sign_in_returns_to_a_page_of_the_app_with_its_query(client, tenant_a):
    target = f"/tenants/{tenant_a.tenant_id}?tab=users"
    response = sign_in_with_eid(client, tenant_a.people["it"], next_path=target)
    assert _location(response) == target


@pytest.mark.parametrize("target", HOSTILE)
def test_choosing_a_language_never_sends_the_browser_off_the_site(client, target):
    token = csrf_from(client, "/")
    response = client.post("/language", data={"csrf_token": token, "lang": "sv", "next": target})
    assert _location(response) == "/"


def test_choosing_a_language_returns_to_the_page(client):
    token = csrf_from(client, "/")
    response = client.post("/language", data={"csrf_token": token, "lang": "sv", "next": "/login?next=/"})
    assert _location(response) == "/login?next=/"
