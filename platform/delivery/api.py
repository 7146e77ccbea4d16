"""The JSON API for delivery, go-live, the delivered documents and the region's pipeline, under /api/v1."""

from __future__ import annotations

from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.delivery import documents, pipeline, services
from samverka.platform.delivery.schemas import (
    DeliveredDocumentSchema,
    DeliveryRequestedSchema,
    DeliveryRequestSchema,
    GoLiveSchema,
    PipelineRowSchema,
)
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.schemas import ProcurementSchema
from samverka.tenants.models import PartnerOrganisation, Region, Tenant

blp = ApiBlueprint(
    "delivery_api",
    __name__,
    url_prefix="/api/v1",
    description="Delivering the signed papers, go-live, the papers each municipality and partner received, "
    "and the region's pipeline.",
    path_models={
        "procurement_id": JointProcurement,
        "tenant_id": Tenant,
        "partner_id": PartnerOrganisation,
        "region_id": Region,
    },
)


@blp.route("/procurements/<int:procurement_id>/delivery", methods=["POST"])
@blp.arguments(DeliveryRequestSchema)
@blp.response(202, DeliveryRequestedSchema)
def deliver(_body, procurement_id: int):
    """Deliver the signed contract and data processing agreement (a job); 409 before every signature."""
    return services.request_delivery(db.session, current_principal(), procurement_id)


@blp.route("/procurements/<int:procurement_id>/go-live", methods=["POST"])
@blp.arguments(GoLiveSchema)
@blp.response(200, ProcurementSchema)
def go_live(body, procurement_id: int):
    """Confirm that the delivered procurement is in operation from a day (not in the future)."""
    return services.confirm_go_live(db.session, current_principal(), procurement_id, day=body["in_operation_on"])


@blp.route("/tenants/<int:tenant_id>/documents")
@blp.arguments(PageArgs, location="query")
@blp.response(200, DeliveredDocumentSchema(many=True))
def tenant_documents(args, tenant_id: int):
    """The signed papers delivered to the municipality, the newest first."""
    return paged(documents.tenant_documents(db.session, current_principal(), tenant_id, page_of(args))[1])


@blp.route("/partners/<int:partner_id>/documents")
@blp.arguments(PageArgs, location="query")
@blp.response(200, DeliveredDocumentSchema(many=True))
def partner_documents(args, partner_id: int):
    """The signed papers delivered to the partner organisation, the newest first."""
    return paged(documents.partner_documents(db.session, current_principal(), partner_id, page_of(args))[1])


@blp.route("/regions/<int:region_id>/pipeline")
@blp.arguments(PageArgs, location="query")
@blp.response(200, PipelineRowSchema(many=True))
def region_pipeline(args, region_id: int):
    """The region's procurements by stage, with dates, participants and signed status; no needs or tenders."""
    return paged(pipeline.pipeline(db.session, current_principal(), region_id, page_of(args))[1])
