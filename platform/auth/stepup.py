"""Step-up: an action whose permission asks for a stronger e-ID level than the sign-in gave.

Which permissions ask for it is the permission model's business (``tenants.permissions.STEP_UP``);
the services refuse with ``StepUpRequired`` after every other check, so a person who may not
act at all is told so (404 or 403) instead of being sent through e-ID for nothing. Here the
refusal becomes a trip through e-ID at the step-up level and back to the page, for the UI,
and a 403 in the API's error shape that says so.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from samverka.platform.auth.session import stepup_acr
from samverka.platform.core import kept_forms
from samverka.platform.core.errors import StepUpRequired
from samverka.platform.core.http_errors import error_body


def _return_path() -> str:
    """Where to come back after step-up: this page, or for a form post the page that held the form."""
    if request.method == "GET":
        return request.full_path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return kept_forms.page_path(referrer.path, referrer.query)
    return request.path


def _step_up(exc: StepUpRequired):
    if request.path.startswith("/api/"):
        message = _("This needs an e-ID sign-in at level high: sign in again with e-ID.")
        # ``errors.step_up`` names the level to sign in at, so a client can tell this 403 from "not allowed".
        return jsonify(error_body(403, "Forbidden", message, {"step_up": {"acr": stepup_acr()}})), 403
    back = _return_path()
    if request.method == "POST":
        kept_forms.keep(back)  # the form comes back as typed (see ``kept_forms``)
    return redirect(url_for("auth.start", acr=stepup_acr(), next=back))


def init_app(app: Flask) -> None:
    app.register_error_handler(StepUpRequired, _step_up)
    kept_forms.init_app(app)
