"""The JSON API for procurement thresholds, and the aggregated value of joint procurements, under /api/v1.

Thresholds are read by every signed-in caller and written by the platform operator;
a threshold id is resolved before the body, so for anyone else it does not exist.
"""

from __future__ import annotations

from flask.views import MethodView

from samverka.platform.core.api_errors import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.procurements import services as procurements
from samverka.platform.thresholds.schemas import AggregatedValueSchema, ThresholdSchema
from samverka.platform.thresholds.services import aggregate
from samverka.platform.thresholds.services import thresholds as services

blp = ApiBlueprint(
    "thresholds_api",
    __name__,
    url_prefix="/api/v1",
    description="Procurement thresholds per country and year, and the aggregated value of joint "
    "procurements compared with them.",
    resolvers={
        "threshold_id": services.access_threshold,
        "procurement_id": procurements.access_procurement,
        "join_invitation_id": procurements.access_join_invitation,
    },
)


def _saved(save):
    saved = save()
    db.session.commit()
    return saved


@blp.route("/thresholds")
class Thresholds(MethodView):
    @blp.response(200, ThresholdSchema(many=True))
    def get(self):
        """Every threshold, per country, newest year first (everyone signed in)."""
        return services.list_thresholds(db.session, current_principal())

    @blp.arguments(ThresholdSchema)
    @blp.response(201, ThresholdSchema)
    def post(self, threshold):
        """Add a threshold (platform operators); one per country, year and kind."""
        return _saved(lambda: services.create_threshold(db.session, current_principal(), **threshold))


@blp.route("/thresholds/<int:threshold_id>")
class ThresholdDetail(MethodView):
    @blp.arguments(ThresholdSchema)
    @blp.response(200, ThresholdSchema)
    def put(self, threshold, threshold_id: int):
        """Change a threshold (platform operators)."""
        principal = current_principal()
        row = services.access_threshold(db.session, principal, threshold_id)
        return _saved(lambda: services.update_threshold(db.session, principal, row, **threshold))

    @blp.response(204)
    def delete(self, threshold_id: int):
        """Delete a threshold (platform operators)."""
        principal = current_principal()
        services.delete_threshold(db.session, principal, services.access_threshold(db.session, principal, threshold_id))
        db.session.commit()


@blp.route("/procurements/<int:procurement_id>/estimated-value")
@blp.response(200, AggregatedValueSchema)
def procurement_estimated_value(procurement_id: int):
    """The aggregated estimated value and the thresholds it reaches; contributions as far as the caller may see."""
    principal = current_principal()
    procurement = procurements.access_procurement(db.session, principal, procurement_id)
    return aggregate.procurement_value(db.session, principal, procurement)


@blp.route("/join-invitations/<int:join_invitation_id>/estimated-value")
@blp.response(200, AggregatedValueSchema)
def invitation_estimated_value(join_invitation_id: int):
    """For the invited municipality: the procurement's total and the thresholds it reaches, no one's figures."""
    principal = current_principal()
    invitation = procurements.access_join_invitation(db.session, principal, join_invitation_id)
    return aggregate.invitation_value(db.session, principal, invitation)
