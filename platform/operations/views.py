"""The operator's page of background jobs."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.operations.services import jobs_overview

bp = Blueprint("operations", __name__, template_folder="templates")

STATE_LABELS = {
    "pending": _l("Waiting to be queued"),
    "enqueued": _l("Queued"),
    "running": _l("Running"),
    "retrying": _l("Failed, to be tried again"),
    "done": _l("Done"),
    "failed": _l("Failed"),
}


@bp.get("/operator/jobs")
@login_required
def jobs():
    overview = jobs_overview(db.session, current_principal(), page_request(request.args))
    return render_template("operations/jobs.html", overview=overview, state_labels=STATE_LABELS)
