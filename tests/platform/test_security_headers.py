"""Security headers, no caching of signed-in answers, and health probes."""

from __future__ import annotations

from tests.support.login import sign_in


def test_every_response_carries_the_security_headers(client):
    response = client.get("/healthz")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # only in production, behind TLS


def test_hsts_in_production(app):
    app.config["SAMVERKA_ENV"] = "production"
    try:
        from samverka.platform.core import security

        fresh = app.__class__(app.import_name)
        fresh.config.update(app.config)
        security.init_app(fresh)
        fresh.add_url_rule("/x", "x", lambda: "ok")
        response = fresh.test_client().get("/x")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        app.config["SAMVERKA_ENV"] = "development"


def test_readiness_reports_database_and_redis(client):
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["checks"] == {"database": "ok", "redis": "not configured"}


def test_liveness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_signed_in_pages_and_every_api_answer_are_never_cached(client, tenant_a):
    assert "Cache-Control" not in client.get("/login").headers  # nothing personal before sign-in
    assert client.get("/api/v1/csrf-token").headers["Cache-Control"] == "no-store"  # the API, even refused

    sign_in(client, tenant_a.people["it"])

    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get(f"/api/v1/tenants/{tenant_a.tenant_id}/needs").headers["Cache-Control"] == "no-store"
    assert client.get("/no-such-page").headers["Cache-Control"] == "no-store"
