"""Pages for a joint procurement's documents: the list of versions, the upload form and the download."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.errors import Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, submit_form
from samverka.platform.core.request import current_principal
from samverka.platform.documents import services, specification
from samverka.platform.documents.labels import KIND_LABELS
from samverka.platform.documents.storage import max_bytes
from samverka.platform.procurements.services import access_procurement
from samverka.platform.requirements.views import SPECIFICATION_FORM, render_requirements_page
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on

bp = Blueprint("documents", __name__, template_folder="templates")

UPLOAD_FORM = {
    "kind": _l("Choose what kind of document this is."),
    "file": _l("Choose a file to upload."),
}
# Room for the form's other fields around the file itself.
FORM_OVERHEAD = 64 * 1024


def _documents_may_be_large() -> None:
    """The app's request limit is small; an upload of a document may be as large as a document may be."""
    if request.endpoint == "documents.upload":
        request.max_content_length = max_bytes() + FORM_OVERHEAD


def init_app(app: Flask) -> None:
    # First of all: the CSRF check reads the form, and the limit must be raised before anything does.
    app.before_request_funcs.setdefault(None, []).insert(0, _documents_may_be_large)


@bp.context_processor
def _labels() -> dict:
    return {"kind_labels": KIND_LABELS}


def _list_page(procurement_id: int, form: HtmlForm):
    principal = current_principal()
    procurement = access_procurement(db.session, principal, procurement_id, perm.REGION_DOCUMENTS_READ)
    return render_template(
        "documents/list.html",
        procurement=procurement,
        documents=services.list_documents(db.session, principal, procurement),
        form=form,
        may_upload=holds_on(principal, procurement, perm.REGION_DOCUMENTS_WRITE),
        limit_mb=max_bytes() // (1024 * 1024),
    )


@bp.get("/procurements/<int:procurement_id>/documents")
@login_required
def documents(procurement_id: int):
    return _list_page(procurement_id, HtmlForm(UPLOAD_FORM))


@bp.post("/procurements/<int:procurement_id>/documents")
@login_required
def upload(procurement_id: int):
    principal = current_principal()
    procurement = access_procurement(db.session, principal, procurement_id, perm.REGION_DOCUMENTS_WRITE)
    return submit_form(
        HtmlForm.submitted(UPLOAD_FORM),
        change=lambda typed: _upload(principal, procurement, typed.get("kind", "")),
        show=lambda form: _list_page(procurement_id, form),
        done=lambda created: (
            _(
                "%(kind)s version %(version)s was uploaded.",
                kind=KIND_LABELS[created.kind],
                version=created.version,
            ),
            url_for(".documents", procurement_id=procurement_id),
        ),
    )


def _upload(principal, procurement, kind: str):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Refused.field("file", UPLOAD_FORM["file"])
    content = upload.read()
    return services.upload_document(
        db.session, principal, procurement, kind=kind, filename=upload.filename, content=content
    )


@bp.post("/procurements/<int:procurement_id>/requirement-specification")
@login_required
def requirement_specification(procurement_id: int):
    """The drawn requirements as a PDF in the chosen language, stored as the specification's next version."""
    return submit_form(
        HtmlForm.submitted(SPECIFICATION_FORM),
        change=lambda typed: specification.make_specification(
            db.session, current_principal(), procurement_id, typed.get("language", "")
        ),
        show=lambda form: render_requirements_page(procurement_id, specification_form=form),
        done=lambda created: (
            _(
                "%(kind)s version %(version)s was made.",
                kind=KIND_LABELS[created.kind],
                version=created.version,
            ),
            url_for(".documents", procurement_id=procurement_id),
        ),
    )


@bp.get("/documents/<int:document_id>/download")
@login_required
def download(document_id: int):
    document = services.access_document(db.session, current_principal(), document_id)
    response = Response(services.document_content(document), mimetype=document.media_type)
    # Always a download, never shown in the browser; the type is the checked one, and may not be guessed.
    response.headers.set("Content-Disposition", "attachment", filename=document.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
