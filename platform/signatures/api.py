"""The JSON API of the data processing agreement, under /api/v1: the region's template, a procurement's DPA,
drawing up a version, and starting a signature (an e-ID ceremony in the same browser session)."""

from __future__ import annotations

from flask.views import MethodView

from samverka.platform.auth import ceremony as eid_ceremony
from samverka.platform.auth.session import stepup_acr
from samverka.platform.core.api import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.signatures import pages
from samverka.platform.signatures.schemas import (
    DpaDocumentSchema,
    DpaSchema,
    DrawUpSchema,
    SigningStartSchema,
    SignRequestSchema,
    TemplateSchema,
    TemplateVersionSchema,
)
from samverka.platform.signatures.services import ceremony, documents, templates
from samverka.tenants.models import Region

blp = ApiBlueprint(
    "signatures_api",
    __name__,
    url_prefix="/api/v1",
    description="The region's data processing agreement: its template, each contract's DPA and its signatures.",
    path_models={"region_id": Region, "procurement_id": JointProcurement},
)


@blp.route("/regions/<int:region_id>/dpa-template")
class DpaTemplate(MethodView):
    @blp.response(200, TemplateVersionSchema)
    def get(self, region_id: int):
        """The region's current template version (version 0: the platform's default, not saved yet)."""
        page = templates.template_page(db.session, current_principal(), region_id)
        if page.current is not None:
            return page.current
        return {"region_id": region_id, "version": 0, "text_nb": page.text("nb"), "text_sv": page.text("sv")}

    @blp.arguments(TemplateSchema)
    @blp.response(201, TemplateVersionSchema)
    def post(self, body, region_id: int):
        """Save the template's next version (the coordinator); earlier versions are kept."""
        return templates.save_template(db.session, current_principal(), region_id, **body)


@blp.route("/procurements/<int:procurement_id>/dpa")
class Dpa(MethodView):
    @blp.response(200, DpaSchema)
    def get(self, procurement_id: int):
        """The current version, its hash, parties and facts, each signatory's status and the voided versions."""
        return pages.dpa_page(db.session, current_principal(), procurement_id)


@blp.route("/procurements/<int:procurement_id>/dpa/versions")
class DpaVersions(MethodView):
    @blp.arguments(DrawUpSchema)
    @blp.response(201, DpaDocumentSchema)
    def post(self, body, procurement_id: int):
        """Draw up the next version (the coordinator, once the contract is signed); it voids earlier signatures."""
        return documents.draw_up(db.session, current_principal(), procurement_id, **body)


@blp.route("/procurements/<int:procurement_id>/dpa/signatures")
class DpaSignatures(MethodView):
    @blp.arguments(SignRequestSchema)
    @blp.response(200, SigningStartSchema)
    def post(self, body, procurement_id: int):
        """Start signing for a municipality: the e-ID sign-in at the step-up level bound to the version's hash.

        Open ``authorization_url`` in the browser session that made this call; the signature is recorded
        when the e-ID provider sends it back.
        """
        principal = current_principal()
        signing = ceremony.signing_request(db.session, principal, procurement_id, **body)
        url = eid_ceremony.begin(
            purpose=ceremony.PURPOSE,
            payload=signing.payload,
            binding=signing.sha256,
            acr=stepup_acr(),
            user_id=principal.user_id,
        )
        return {"authorization_url": url}
