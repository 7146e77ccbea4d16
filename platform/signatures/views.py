"""Pages of the data processing agreement: the region's template, a procurement's DPA, signing, the PDFs.

"Sign" sends the chief executive through an e-ID ceremony at the step-up level bound to the SHA-256 of the
version shown; ``on_signature`` is the ceremony's handler for the purpose ``dpa_signature``, registered by
the app factory (``auth`` knows no purpose).
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.auth import ceremony as eid_ceremony
from samverka.platform.auth.ceremony import CeremonyResult
from samverka.platform.auth.eid import ProviderUnreachable
from samverka.platform.auth.session import stepup_acr
from samverka.platform.core.errors import Conflict, DomainError, Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, commit_and_go, submit_form
from samverka.platform.core.request import current_principal
from samverka.platform.needs.personal_data import DATA_CATEGORY_LABELS, DATA_SUBJECT_LABELS
from samverka.platform.procurements.services import access_procurement
from samverka.platform.signatures import labels, pages
from samverka.platform.signatures.models import DpaDocument, DpaSignature
from samverka.platform.signatures.schemas import DrawUpSchema, SignRequestSchema, TemplateSchema
from samverka.platform.signatures.services import ceremony, documents, templates
from samverka.tenants.access import access

bp = Blueprint("signatures", __name__, template_folder="templates")

TEMPLATE_FORM = {"text_nb": templates.TEXT_NEEDED, "text_sv": templates.TEXT_NEEDED}
SIGN_FORM = {
    "tenant_id": _l("Choose the municipality you sign for."),
    "version": _l("Reload the page and try again."),
    "sha256": _l("Reload the page and try again."),
}


# Given to the page by name: it is also shown from the e-ID callback, outside this blueprint.
PAGE_LABELS = {
    "category_labels": DATA_CATEGORY_LABELS,
    "subject_labels": DATA_SUBJECT_LABELS,
    "signatory_status_labels": labels.SIGNATORY_STATUS_LABELS,
}


def _template_page(region_id: int, form: HtmlForm | None = None):
    page = templates.template_page(db.session, current_principal(), region_id)
    form = form or HtmlForm(TEMPLATE_FORM, {"text_nb": page.text("nb"), "text_sv": page.text("sv")})
    return render_template("signatures/template.html", page=page, form=form)


@bp.get("/regions/<int:region_id>/dpa-template")
@login_required
def template(region_id: int):
    return _template_page(region_id)


@bp.post("/regions/<int:region_id>/dpa-template")
@login_required
def save_template(region_id: int):
    return submit_form(
        HtmlForm.submitted(TEMPLATE_FORM),
        schema=TemplateSchema(),
        change=lambda data: templates.save_template(db.session, current_principal(), region_id, **data),
        show=lambda form: _template_page(region_id, form),
        done=lambda saved: (
            _("Version %(version)s of the template was saved.", version=saved.version),
            url_for(".template", region_id=region_id),
        ),
    )


def render_dpa_page(procurement_id: int, problem: str | None = None, form: HtmlForm | None = None):
    page = pages.dpa_page(db.session, current_principal(), procurement_id)
    return render_template(
        "signatures/dpa.html", page=page, problem=problem, form=form or HtmlForm(SIGN_FORM), **PAGE_LABELS
    )


@bp.get("/procurements/<int:procurement_id>/dpa")
@login_required
def dpa(procurement_id: int):
    return render_dpa_page(procurement_id)


@bp.post("/procurements/<int:procurement_id>/dpa/versions")
@login_required
def draw_up(procurement_id: int):
    access_procurement(db.session, current_principal(), procurement_id)  # out of reach: 404 before the form
    form = HtmlForm.submitted({"replaces_version": SIGN_FORM["version"]})
    data = form.load(DrawUpSchema(), {"replaces_version": form.values.get("replaces_version") or None})
    if data is None:
        return render_dpa_page(procurement_id, problem=str(SIGN_FORM["version"])), 422
    try:
        document = documents.draw_up(db.session, current_principal(), procurement_id, **data)
    except (Conflict, Refused) as refused:
        db.session.rollback()
        return render_dpa_page(procurement_id, problem=str(refused.message)), refused.status
    message = _("Version %(version)s of the data processing agreement was drawn up.", version=document.version)
    return commit_and_go(message, url_for(".dpa", procurement_id=procurement_id))


@bp.post("/procurements/<int:procurement_id>/dpa/sign")
@login_required
def sign(procurement_id: int):
    """Check, then send the person through e-ID; the ceremony's nonce commits to the version's SHA-256."""
    access_procurement(db.session, current_principal(), procurement_id)  # out of reach: 404 before the form
    form = HtmlForm.submitted(SIGN_FORM)
    data = form.load(SignRequestSchema())
    if data is None:
        return render_dpa_page(procurement_id, form=form), 422
    principal = current_principal()
    signing = ceremony.signing_request(db.session, principal, procurement_id, **data)
    try:
        url = eid_ceremony.begin(
            purpose=ceremony.PURPOSE,
            payload=signing.payload,
            binding=signing.sha256,
            acr=stepup_acr(),
            user_id=principal.user_id,
        )
    except ProviderUnreachable:
        return render_dpa_page(procurement_id, problem=_("The e-ID service could not be reached. Try again.")), 503
    return redirect(url)


def on_signature(result: CeremonyResult):
    """The ceremony's handler: record the signature if every check still holds; else say why, nothing kept."""
    procurement_id = result.payload["procurement_id"]
    try:
        signature = ceremony.record_signature(db.session, current_principal(), result)
    except DomainError as refused:
        db.session.rollback()
        message = getattr(refused, "message", None) or _("The signature could not be recorded.")
        return render_dpa_page(procurement_id, problem=str(message)), refused.status
    message = _("You signed version %(version)s of the data processing agreement.", version=result.payload["version"])
    return commit_and_go(message, url_for("signatures.dpa", procurement_id=signature.procurement_id))


def _pdf(content: bytes, filename: str) -> Response:
    response = Response(content, mimetype=documents.PDF)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/dpa-documents/<int:dpa_document_id>/download")
@login_required
def download(dpa_document_id: int):
    document = access(db.session, current_principal(), DpaDocument, dpa_document_id, labels.READ)
    return _pdf(documents.unsigned_content(document), document.filename)


@bp.get("/dpa-signatures/<int:dpa_signature_id>/download")
@login_required
def signed_pdf(dpa_signature_id: int):
    """The PDF with every PAdES signature up to and including this one."""
    signature = access(db.session, current_principal(), DpaSignature, dpa_signature_id, labels.READ)
    name = f"dpa-{signature.procurement_id}-signed-{signature.sequence}.pdf"
    return _pdf(documents.signed_content(signature), name)
