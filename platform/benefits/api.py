"""The JSON API for benefit follow-up, under /api/v1: a municipality's plans in follow-up, one plan's follow-up,
recording a measurement, a line's follow-up settings and dropping a line."""

from __future__ import annotations

from samverka.platform.benefits.schemas import (
    DropSchema,
    LineFollowUpSchema,
    LineSettingsSchema,
    MeasurementInSchema,
    MeasurementSchema,
    PlanFollowUpSchema,
    PlanRowSchema,
)
from samverka.platform.benefits.services import follow_up, recording
from samverka.platform.benefits.services.recording import Value
from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.needs.models import BenefitLine, BenefitPlan
from samverka.tenants.models import Tenant

blp = ApiBlueprint(
    "benefits_api",
    __name__,
    url_prefix="/api/v1",
    description="Benefit follow-up: what each delivered procurement's benefit plans realised, period by period.",
    path_models={"tenant_id": Tenant, "benefit_plan_id": BenefitPlan, "benefit_line_id": BenefitLine},
)


@blp.route("/tenants/<int:tenant_id>/benefit-follow-ups")
@blp.arguments(PageArgs, location="query")
@blp.response(200, PlanRowSchema(many=True))
def tenant_follow_ups(args, tenant_id: int):
    """The municipality's benefit plans in follow-up, the latest delivered first, with their lines' statuses."""
    return paged(follow_up.tenant_plans(db.session, current_principal(), tenant_id, page_of(args))[1])


@blp.route("/benefit-plans/<int:benefit_plan_id>/follow-up")
@blp.response(200, PlanFollowUpSchema)
def plan_follow_up(benefit_plan_id: int):
    """A plan's follow-up: each line's periods, planned against realised, measurements and status."""
    return follow_up.plan_follow_up(db.session, current_principal(), benefit_plan_id)


@blp.route("/benefit-lines/<int:benefit_line_id>/measurements", methods=["POST"])
@blp.arguments(MeasurementInSchema)
@blp.response(201, MeasurementSchema)
def record_measurement(body, benefit_line_id: int):
    """Record what the line realised in one of its periods (again: correct it); 422 for a wrong period or kind."""
    value = Value(amount=body["amount"], score=body["score"])
    return recording.record_measurement(
        db.session,
        current_principal(),
        benefit_line_id,
        body["period_start"],
        value,
        comment=body["comment"],
        measured_by=body["measured_by"],
    )


@blp.route("/benefit-lines/<int:benefit_line_id>/follow-up", methods=["PUT"])
@blp.arguments(LineSettingsSchema)
@blp.response(200, LineFollowUpSchema)
def line_settings(body, benefit_line_id: int):
    """How often the line is measured and in what; refused once it has measurements."""
    principal = current_principal()
    line = recording.set_line_follow_up(
        db.session, principal, benefit_line_id, body["follow_up_period"], body["value_kind"]
    )
    return _line_follow_up(line.plan_id, line.id)


@blp.route("/benefit-lines/<int:benefit_line_id>/drop", methods=["POST"])
@blp.arguments(DropSchema)
@blp.response(200, LineFollowUpSchema)
def drop_line(body, benefit_line_id: int):
    """Drop the line with a reason: it takes no more measurements and shows as dropped."""
    line = recording.drop_line(db.session, current_principal(), benefit_line_id, body["dropped_reason"])
    return _line_follow_up(line.plan_id, line.id)


def _line_follow_up(plan_id: int, line_id: int) -> follow_up.LineFollowUp:
    db.session.flush()
    found = follow_up.plan_follow_up(db.session, current_principal(), plan_id)
    return next(line for line in found.lines if line.line.id == line_id)
