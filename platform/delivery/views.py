"""Pages: a procurement's delivery (deliver, go-live), the papers delivered to a municipality or a partner,
their download, and the region's pipeline."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.errors import Conflict
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, commit_and_go, submit_form
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.delivery import documents, pipeline, services
from samverka.platform.delivery.labels import KIND_LABELS, SIGNED_LABELS
from samverka.platform.delivery.schemas import GoLiveForm
from samverka.platform.procurements.services import access_procurement
from samverka.platform.procurements.stages import STAGE_LABELS
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on

bp = Blueprint("delivery", __name__, template_folder="templates")

GO_LIVE_FORM = {"in_operation_on": _l("Enter the day it went into operation, e.g. 01/09/2027.")}
RUNNERS = (perm.REGION_PROCUREMENTS_RUN, perm.REGION_PROCUREMENTS_GO_LIVE)


@bp.context_processor
def _labels() -> dict:
    return {"delivered_kind_labels": KIND_LABELS, "signed_labels": SIGNED_LABELS, "stage_labels": STAGE_LABELS}


def _delivery_page(procurement_id: int, form: HtmlForm | None = None, problem: str | None = None):
    principal = current_principal()
    procurement = access_procurement(db.session, principal, procurement_id, RUNNERS)
    return render_template(
        "delivery/procurement.html",
        procurement=procurement,
        readiness=services.readiness(db.session, procurement),
        delivery=services.delivery_of(db.session, procurement),
        go_live=services.go_live_of(db.session, procurement),
        may_deliver=holds_on(principal, procurement, perm.REGION_PROCUREMENTS_RUN),
        may_go_live=holds_on(principal, procurement, perm.REGION_PROCUREMENTS_GO_LIVE),
        form=form or HtmlForm(GO_LIVE_FORM),
        problem=problem,
    )


@bp.get("/procurements/<int:procurement_id>/delivery")
@login_required
def delivery_page(procurement_id: int):
    return _delivery_page(procurement_id)


@bp.post("/procurements/<int:procurement_id>/delivery")
@login_required
def deliver(procurement_id: int):
    try:
        services.request_delivery(db.session, current_principal(), procurement_id)
    except Conflict as conflict:
        db.session.rollback()
        return _delivery_page(procurement_id, problem=str(conflict.message)), conflict.status
    message = _("The signed papers are being delivered. The participants and partners will be e-mailed.")
    return commit_and_go(message, url_for(".delivery_page", procurement_id=procurement_id), "info")


@bp.post("/procurements/<int:procurement_id>/go-live")
@login_required
def go_live(procurement_id: int):
    access_procurement(db.session, current_principal(), procurement_id, perm.REGION_PROCUREMENTS_GO_LIVE)
    return submit_form(
        HtmlForm.submitted(GO_LIVE_FORM),
        schema=GoLiveForm(),
        change=lambda data: services.confirm_go_live(
            db.session, current_principal(), procurement_id, day=data["in_operation_on"]
        ),
        show=lambda shown: _delivery_page(procurement_id, form=shown),
        done=lambda procurement: (
            _("The procurement is now in operation."),
            url_for(".delivery_page", procurement_id=procurement.id),
        ),
    )


@bp.get("/tenants/<int:tenant_id>/documents")
@login_required
def tenant_documents(tenant_id: int):
    tenant, found = documents.tenant_documents(db.session, current_principal(), tenant_id, page_request(request.args))
    return render_template("delivery/documents.html", owner_name=tenant.name, documents=found)


@bp.get("/partners/<int:partner_id>/documents")
@login_required
def partner_documents(partner_id: int):
    partner, found = documents.partner_documents(
        db.session, current_principal(), partner_id, page_request(request.args)
    )
    return render_template("delivery/documents.html", owner_name=partner.name, documents=found)


@bp.get("/delivered-documents/<int:delivered_document_id>/download")
@login_required
def download(delivered_document_id: int):
    document = documents.access_delivered_document(db.session, current_principal(), delivered_document_id)
    response = Response(documents.content(document), mimetype=document.media_type)
    # Always a download with the type checked at upload, never shown in the browser or guessed.
    response.headers.set("Content-Disposition", "attachment", filename=document.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/regions/<int:region_id>/pipeline")
@login_required
def region_pipeline(region_id: int):
    region, rows = pipeline.pipeline(db.session, current_principal(), region_id, page_request(request.args))
    return render_template("delivery/pipeline.html", region=region, rows=rows)
