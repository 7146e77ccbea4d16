"""Pages: "Export our data" (start an export, follow its progress, the list of exports) and the download."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.errors import Conflict
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import commit_and_go
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.portability import services
from samverka.platform.portability.labels import STATUS_LABELS
from samverka.platform.portability.models import QUEUED, RUNNING

bp = Blueprint("portability", __name__, template_folder="templates")


def _exports_page(tenant_id: int, problem: str | None = None):
    tenant, exports = services.tenant_exports(db.session, current_principal(), tenant_id, page_request(request.args))
    return render_template(
        "portability/exports.html",
        tenant=tenant,
        exports=exports,
        busy=any(export.status in (QUEUED, RUNNING) for export in exports),
        downloadable=services.downloadable,
        status_labels=STATUS_LABELS,
        problem=problem,
    )


@bp.get("/tenants/<int:tenant_id>/exports")
@login_required
def tenant_exports(tenant_id: int):
    return _exports_page(tenant_id)


@bp.post("/tenants/<int:tenant_id>/exports")
@login_required
def start_export(tenant_id: int):
    try:
        services.start_export(db.session, current_principal(), tenant_id)
    except Conflict as conflict:
        db.session.rollback()
        return _exports_page(tenant_id, problem=str(conflict.message)), conflict.status
    message = _("The export has started. You will get an e-mail when it is ready.")
    return commit_and_go(message, url_for(".tenant_exports", tenant_id=tenant_id), "info")


@bp.get("/exports/<int:export_id>/download")
@login_required
def download(export_id: int):
    principal = current_principal()
    export = services.access_export(db.session, principal, export_id)
    if not services.downloadable(export):
        abort(410)
    content = services.archive_content(db.session, principal, export)
    db.session.commit()
    response = Response(content, mimetype="application/zip")
    response.headers.set("Content-Disposition", "attachment", filename=services.archive_filename(export))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
