"""The JSON API for procurement thresholds, under /api/v1.

Thresholds are read by every signed-in caller and changed by the platform operator; a
threshold by id exists only for the operator, so for anyone else it is a 404.
"""

from __future__ import annotations

from flask.views import MethodView

from samverka.platform.core.api import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.thresholds.schemas import ThresholdSchema
from samverka.platform.thresholds.services import thresholds as services

blp = ApiBlueprint(
    "thresholds_api",
    __name__,
    url_prefix="/api/v1",
    description="Procurement thresholds per country and year.",
    path_models={"threshold_id": services.access_threshold},
)


@blp.route("/thresholds")
class Thresholds(MethodView):
    @blp.response(200, ThresholdSchema(many=True))
    def get(self):
        """Every threshold, per country, newest year first (everyone signed in)."""
        return services.list_thresholds(db.session)

    @blp.arguments(ThresholdSchema)
    @blp.response(201, ThresholdSchema)
    def post(self, threshold):
        """Add a threshold (platform operators); one per country, year and kind."""
        return services.create_threshold(db.session, current_principal(), **threshold)


@blp.route("/thresholds/<int:threshold_id>")
class ThresholdDetail(MethodView):
    def _found(self, threshold_id: int):
        return services.access_threshold(db.session, current_principal(), threshold_id)

    @blp.arguments(ThresholdSchema)
    @blp.response(200, ThresholdSchema)
    def put(self, threshold, threshold_id: int):
        """Change a threshold (platform operators)."""
        return services.update_threshold(db.session, current_principal(), self._found(threshold_id), **threshold)

    @blp.response(204)
    def delete(self, threshold_id: int):
        """Delete a threshold (platform operators)."""
        services.delete_threshold(db.session, current_principal(), self._found(threshold_id))
