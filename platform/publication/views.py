"""Pages: the public list of published procurements (no sign-in), and the coordinator's publish and withdraw."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.errors import Conflict
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import commit_and_go
from samverka.platform.core.request import current_principal
from samverka.platform.core.schemas import MAX_ID
from samverka.platform.publication import public, services
from samverka.platform.publication.api import MAX_PAGE

bp = Blueprint("publication", __name__, template_folder="templates")


def _number(name: str, default: int | None, top: int) -> int | None:
    """A whole number from the query; anything else (a word, 0, too large) names no page: a 404."""
    text = request.args.get(name, "")
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= top:
        abort(404)
    return int(text)


@bp.get("/ocds/")
def index():
    page, region_id = _number("page", 1, MAX_PAGE), _number("region", None, MAX_ID)
    found = public.listing(db.session, page, region_id)
    return render_template(
        "publication/index.html",
        rows=public.rows(db.session, found),
        listing=found,
        regions=public.regions(db.session),
        region_id=region_id,
    )


def _back(procurement_id: int):
    return url_for("procurements.procurement", procurement_id=procurement_id)


def _change(procurement_id: int, change, message: str):
    try:
        change(db.session, current_principal(), procurement_id)
    except Conflict as conflict:
        db.session.rollback()
        flash(str(conflict.message), "danger")
        return redirect(_back(procurement_id))
    return commit_and_go(message, _back(procurement_id))


@bp.post("/procurements/<int:procurement_id>/publication")
@login_required
def publish(procurement_id: int):
    return _change(procurement_id, services.publish, _("The procurement is published as open contracting data."))


@bp.post("/procurements/<int:procurement_id>/publication/withdrawal")
@login_required
def withdraw(procurement_id: int):
    message = _("The procurement is no longer published. Copies others have made cannot be recalled.")
    return _change(procurement_id, services.withdraw, message)
