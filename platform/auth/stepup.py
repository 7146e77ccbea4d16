"""Step-up: actions that need a stronger e-ID level than the sign-in gave."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import current_app, redirect, request, session, url_for

from samverka.platform.auth.identity import acr_satisfies

HIGH = "idporten-loa-high"


def require_acr(level: str):
    """Send the user back through e-ID with ``acr_values=level`` unless this session already has it."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not acr_satisfies(session.get("acr", ""), level, current_app.config["OIDC_ACR_ORDER"]):
                return redirect(url_for("auth.start", acr=level, next=_return_path()))
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _return_path() -> str:
    """Where to come back after step-up: this page, or for a form post the page that held the form."""
    if request.method == "GET":
        return request.full_path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return request.path
