"""Security headers on every response, and no caching of what a signed-in person or the API is sent."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request

from samverka.platform.core.request import current_principal

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action {form_action}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def origin(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _form_action() -> str:
    """'self' plus the e-ID provider: browsers apply form-action to the redirects a form
    submission follows, and sign-out, step-up and invitation acceptance end at the provider."""
    origins = {origin(current_app.config["OIDC_DISCOVERY_URL"])}
    origins |= {o.strip() for o in current_app.config["OIDC_FORM_ACTION_ORIGINS"].split(",")}
    provider = current_app.extensions.get("samverka.eid")
    if provider is not None:
        origins |= provider.known_origins()
    return " ".join(["'self'", *sorted(o for o in origins if o)])


def init_app(app: Flask) -> None:
    production = app.config["SAMVERKA_ENV"] == "production"

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP.format(form_action=_form_action()))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if production:
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if request.path.startswith("/api/") or current_principal().is_authenticated:
            # Neither the browser nor a proxy keeps a copy: a shared computer's back button or cache
            # must not show one person's data to the next.
            response.headers["Cache-Control"] = "no-store"
        return response
