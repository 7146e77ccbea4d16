"""Step-up: actions that need a stronger e-ID level than the sign-in gave."""
from __future__ import annotations

import functools

from flask import current_app, redirect, request, session, url_for

from samverka.platform.auth.identity import acr_satisfies

HIGH = "idporten-loa-high"


def require_acr(level: str):
    """Send the user back through e-ID with ``acr_values=level`` unless this session already has it."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not acr_satisfies(session.get("acr", ""), level, current_app.config["OIDC_ACR_ORDER"]):
                target = request.full_path if request.method == "GET" else request.referrer or request.path
                return redirect(url_for("auth.start", acr=level, next=target))
            return view(*args, **kwargs)

        return wrapped

    return decorate
