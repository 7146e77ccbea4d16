"""The JSON API of the region's benefit roll-up, under /api/v1."""

from __future__ import annotations

from samverka.platform.benefits.rollup import rollup
from samverka.platform.benefits.rollup_schemas import ProcurementRollupSchema, RollupArgs
from samverka.platform.core.api import ApiBlueprint, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.pagination import Page
from samverka.platform.core.request import current_principal
from samverka.tenants.models import Region

blp = ApiBlueprint(
    "rollup_api",
    __name__,
    url_prefix="/api/v1",
    description="The region's benefit roll-up: planned against realised per delivered procurement and municipality.",
    path_models={"region_id": Region},
)


@blp.route("/regions/<int:region_id>/benefits")
@blp.arguments(RollupArgs, location="query")
@blp.response(200, ProcurementRollupSchema(many=True))
def region_benefits(args, region_id: int):
    """Per delivered procurement of the year: planned against realised money (the region's currency), hours and
    counts per municipality and in total, and each municipality's due periods without a measurement."""
    found = rollup(db.session, current_principal(), region_id, args.get("year"), page_of(args))
    rows = [
        {
            "id": row.id,
            "title": row.title,
            "delivered_on": row.delivered_on,
            "year": found.year,
            "currency": found.currency,
            "kinds": row.kinds,
            "municipalities": row.municipalities,
            "totals": row.totals,
        }
        for row in found.procurements
    ]
    return paged(Page(rows, found.procurements.next_after))
