"""The JSON API for a municipality's exports, under /api/v1."""

from __future__ import annotations

from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.portability import services
from samverka.platform.portability.models import TenantExport
from samverka.platform.portability.schemas import ExportRequestSchema, ExportSchema
from samverka.tenants.models import Tenant

blp = ApiBlueprint(
    "portability_api",
    __name__,
    url_prefix="/api/v1",
    description="A municipality's export of everything it owns: started by its IT coordinator, made by a job.",
    path_models={"tenant_id": Tenant, "export_id": TenantExport},
)


@blp.route("/tenants/<int:tenant_id>/exports", methods=["POST"])
@blp.arguments(ExportRequestSchema)
@blp.response(202, ExportSchema)
def start_export(_body, tenant_id: int):
    """Start an export (a job); 409 while another export of the municipality is being made."""
    return services.start_export(db.session, current_principal(), tenant_id)


@blp.route("/tenants/<int:tenant_id>/exports")
@blp.arguments(PageArgs, location="query")
@blp.response(200, ExportSchema(many=True))
def tenant_exports(args, tenant_id: int):
    """The municipality's exports, the newest first."""
    return paged(services.tenant_exports(db.session, current_principal(), tenant_id, page_of(args))[1])


@blp.route("/exports/<int:export_id>")
@blp.response(200, ExportSchema)
def export_status(export_id: int):
    """One export's status and progress, and where its archive is downloaded while it can be."""
    return services.access_export(db.session, current_principal(), export_id)
