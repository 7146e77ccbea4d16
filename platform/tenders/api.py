"""The JSON API for award criteria, mandatory requirements, tenders and their evaluation, under /api/v1."""

from __future__ import annotations

from flask.views import MethodView

from samverka.platform.core.api import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import access_procurement
from samverka.platform.tenders import recommendation, recording, services
from samverka.platform.tenders.models import Tender
from samverka.platform.tenders.schemas import (
    AwardCriteriaSchema,
    AwardCriterionSchema,
    DraftRecommendationSchema,
    EvaluationSchema,
    MandatoryRequirementSchema,
    MandatoryRequirementsSchema,
    RecommendationSchema,
    TenderEvaluationSchema,
    TenderSchema,
)
from samverka.tenants import permissions as perm

blp = ApiBlueprint(
    "tenders_api",
    __name__,
    url_prefix="/api/v1",
    description="A joint procurement's award criteria, mandatory requirements, tenders, evaluation and ranking.",
    path_models={"procurement_id": JointProcurement, "tender_id": Tender},
)


def _procurement(procurement_id: int, permission: str = perm.REGION_TENDERS_READ) -> JointProcurement:
    return access_procurement(db.session, current_principal(), procurement_id, permission)


@blp.route("/procurements/<int:procurement_id>/award-criteria")
class AwardCriteria(MethodView):
    @blp.response(200, AwardCriterionSchema(many=True))
    def get(self, procurement_id: int):
        """The award criteria and their weights in per cent."""
        return services.criteria_of(db.session, _procurement(procurement_id))

    @blp.arguments(AwardCriteriaSchema)
    @blp.response(200, AwardCriterionSchema(many=True))
    def put(self, body, procurement_id: int):
        """Replace the award criteria (the purchaser); the weights must add up to 100."""
        procurement = _procurement(procurement_id, perm.REGION_TENDERS_WRITE)
        return services.set_award_criteria(db.session, current_principal(), procurement, body["criteria"])


@blp.route("/procurements/<int:procurement_id>/mandatory-requirements")
class MandatoryRequirements(MethodView):
    @blp.response(200, MandatoryRequirementSchema(many=True))
    def get(self, procurement_id: int):
        """The mandatory requirements every tender must meet, as their texts were when set."""
        return services.requirements_of(db.session, _procurement(procurement_id))

    @blp.arguments(MandatoryRequirementsSchema)
    @blp.response(200, MandatoryRequirementSchema(many=True))
    def put(self, body, procurement_id: int):
        """Replace the mandatory requirements (the purchaser), before any tender is evaluated."""
        procurement = _procurement(procurement_id, perm.REGION_TENDERS_WRITE)
        return services.set_requirements(db.session, current_principal(), procurement, body["requirements"])


@blp.route("/procurements/<int:procurement_id>/tenders")
class Tenders(MethodView):
    @blp.response(200, TenderSchema(many=True))
    def get(self, procurement_id: int):
        """The tenders received, by supplier."""
        return services.tenders_of(db.session, _procurement(procurement_id))

    @blp.arguments(TenderSchema)
    @blp.response(201, TenderSchema)
    def post(self, tender, procurement_id: int):
        """Record a tender received (the purchaser); the organisation number is checked for its country."""
        procurement = _procurement(procurement_id, perm.REGION_TENDERS_WRITE)
        return services.record_tender(db.session, current_principal(), procurement, **tender)


@blp.route("/tenders/<int:tender_id>")
@blp.response(200, TenderSchema)
def tender_detail(tender_id: int):
    """One tender."""
    return services.access_tender(db.session, current_principal(), tender_id)


@blp.route("/tenders/<int:tender_id>/evaluation", methods=["PUT"])
@blp.arguments(TenderEvaluationSchema)
@blp.response(200, TenderSchema)
def evaluate_tender(body, tender_id: int):
    """Record yes/no per mandatory requirement and a score (0-10) per award criterion (the purchaser)."""
    principal = current_principal()
    tender = services.access_tender(db.session, principal, tender_id, perm.REGION_TENDERS_WRITE)
    return recording.record_evaluation(db.session, principal, tender, **body)


@blp.route("/procurements/<int:procurement_id>/evaluation")
@blp.response(200, EvaluationSchema)
def evaluation(procurement_id: int):
    """Each tender's verdict, the ranking by weighted score, and a proposal to cancel when every tender failed."""
    return services.evaluation_of(db.session, current_principal(), _procurement(procurement_id))


@blp.route("/procurements/<int:procurement_id>/award-recommendations", methods=["POST"])
@blp.arguments(DraftRecommendationSchema)
@blp.response(201, RecommendationSchema)
def draft_recommendation(body, procurement_id: int):
    """Draft the award recommendation from the ranking, in bokmål, Swedish and English (the purchaser)."""
    procurement = _procurement(procurement_id, perm.REGION_TENDERS_WRITE)
    return recommendation.draft_recommendation(db.session, current_principal(), procurement, **body)
