"""The "API tokens" page of a partner organisation: create (the token shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.auth import tokens
from samverka.platform.auth.tokens_schemas import TokenForm
from samverka.platform.core.errors import Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import UNPROCESSABLE, HtmlForm, commit_and_redirect
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
from samverka.tenants.services.directory import access_partner

bp = Blueprint("tokens", __name__, template_folder="templates")

TOKEN_FORM = {
    "name": _l("Enter a name of 1 to 80 characters on one line, e.g. the system that will use the token."),
    "expires_in_days": tokens.EXPIRY_RANGE,
}
EXPIRY_CHOICES = (30, 90, 180, 365)


def _page(partner_id: int, form: HtmlForm | None = None, created: tokens.CreatedToken | None = None):
    principal = current_principal()
    partner = access_partner(db.session, principal, partner_id, perm.PARTNER_TOKENS_WRITE)
    found = tokens.list_tokens(db.session, principal, partner_id, page_request(request.args))
    html = render_template(
        "auth/api_tokens.html",
        partner=partner,
        tokens=found,
        now=utcnow(),
        form=form or HtmlForm(TOKEN_FORM, {"expires_in_days": str(tokens.DEFAULT_DAYS)}),
        expiry_choices=[(days, _("%(days)s days", days=days)) for days in EXPIRY_CHOICES],
        created=created,
    )
    return html


@bp.get("/partners/<int:partner_id>/api-tokens")
@login_required
def api_tokens(partner_id: int):
    return _page(partner_id)


@bp.post("/partners/<int:partner_id>/api-tokens")
@login_required
def create(partner_id: int):
    """The new token is shown in this answer, once: not through a redirect, whose message the session would keep."""
    access_partner(db.session, current_principal(), partner_id, perm.PARTNER_TOKENS_WRITE)
    form = HtmlForm.submitted(TOKEN_FORM)
    data = form.load(TokenForm())
    if data is None:
        return _page(partner_id, form=form), UNPROCESSABLE
    try:
        created = tokens.create_token(
            db.session, current_principal(), partner_id, name=data["name"], days=data["expires_in_days"]
        )
    except Refused as refused:
        db.session.rollback()
        return _page(partner_id, form=form.refuse(refused)), UNPROCESSABLE
    db.session.commit()
    return _page(partner_id, created=created), 201, {"Cache-Control": "no-store"}


@bp.post("/partners/<int:partner_id>/api-tokens/<int:token_id>/revoke")
@login_required
def revoke(partner_id: int, token_id: int):
    token = tokens.revoke_token(db.session, current_principal(), partner_id, token_id)
    message = _("The token “%(name)s” is revoked: it no longer opens anything.", name=token.name)
    return commit_and_redirect(message, "tokens.api_tokens", partner_id=partner_id)
