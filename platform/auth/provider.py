"""The app's e-ID provider: one client per application, made from the configuration on first use."""

from __future__ import annotations

from flask import current_app, url_for

from samverka.platform.auth.eid import OidcEIdProvider


def eid_provider() -> OidcEIdProvider:
    provider = current_app.extensions.get("samverka.eid")
    if provider is None:
        cfg = current_app.config
        provider = OidcEIdProvider(cfg["OIDC_DISCOVERY_URL"], cfg["OIDC_CLIENT_ID"], cfg["OIDC_CLIENT_SECRET"])
        current_app.extensions["samverka.eid"] = provider
    return provider


def callback_uri() -> str:
    """Where the provider sends the browser back: one registered address for sign-ins and ceremonies."""
    return url_for("auth.callback", _external=True)
