"""The JSON API for a joint procurement's documents, under /api/v1 (uploads go through the page's form)."""

from __future__ import annotations

from samverka.platform.core.api import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.documents import services
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.documents.schemas import ProcurementDocumentSchema
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import access_procurement
from samverka.tenants import permissions as perm

blp = ApiBlueprint(
    "documents_api",
    __name__,
    url_prefix="/api/v1",
    description="A joint procurement's documents: every version, with its checked media type, size and SHA-256.",
    path_models={"procurement_id": JointProcurement, "document_id": ProcurementDocument},
)


@blp.route("/procurements/<int:procurement_id>/documents")
@blp.response(200, ProcurementDocumentSchema(many=True))
def procurement_documents(procurement_id: int):
    """Every version of every document of the procurement (its region's staff and members)."""
    principal = current_principal()
    procurement = access_procurement(db.session, principal, procurement_id, perm.REGION_DOCUMENTS_READ)
    return services.list_documents(db.session, principal, procurement)


@blp.route("/documents/<int:document_id>")
@blp.response(200, ProcurementDocumentSchema)
def document_detail(document_id: int):
    """One version of a document; its content is at ``download_url``."""
    return services.access_document(db.session, current_principal(), document_id)
