"""/metrics: refused (404) without the configured bearer token; with it, the latency histogram by route."""

from __future__ import annotations

import pytest

TOKEN = "metrics-token-for-the-tests-6f2a9c41d8b7e035"


@pytest.fixture
def metrics_token(app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    return TOKEN


def scrape(client, token: str = TOKEN):
    return client.get("/metrics", headers={"Authorization": f"Bearer {token}"})


def test_without_a_configured_token_metrics_is_not_found_whatever_is_sent(client):
    assert client.get("/metrics").status_code == 404
    assert scrape(client).status_code == 404
    assert scrape(client, "").status_code == 404


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN],
)
def test_a_missing_or_wrong_token_is_not_found(client, metrics_token, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}

    response = client.get("/metrics", headers=headers)

    assert response.status_code == 404
    assert "samverka_" not in response.get_data(as_text=True)


def test_with_the_token_it_shows_the_latency_of_a_route_just_requested(client, metrics_token):
    before = _count(scrape(client).get_data(as_text=True), "/healthz")
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    client.get("/api/v1/needs/918273645")  # signed out: 401, by its rule
    client.get("/no/such/path-5551234")

    response = scrape(client)

    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    body = response.get_data(as_text=True)
    assert _count(body, "/healthz") == before + 3
    assert 'samverka_http_request_duration_seconds_bucket{le="0.1",method="GET",route="/healthz",status="2xx"}' in body
    assert 'route="/api/v1/needs/<int:need_id>",status="4xx"' in body
    assert 'route="<unmatched>",status="4xx"' in body
    assert "918273645" not in body and "5551234" not in body
    assert 'samverka_scrape_source_up{source="database"} 1.0' in body


def _count(body: str, route: str) -> float:
    prefix = f'samverka_http_request_duration_seconds_count{{method="GET",route="{route}",status="2xx"}} '
    found = [line for line in body.splitlines() if line.startswith(prefix)]
    return float(found[0].removeprefix(prefix)) if found else 0.0
