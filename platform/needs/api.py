"""The JSON API for needs, their history and benefit plans, and the regions' benefit templates, under /api/v1.

Path ids are looked up before the body is read, so an object out of reach is a 404 whatever
the body says. The blueprint commits a write once the service call succeeded, so a refused or
invalid request leaves nothing behind.
"""

from __future__ import annotations

from flask.views import MethodView

from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.needs.models import Need
from samverka.platform.needs.schemas import (
    BenefitLineSchema,
    BenefitPlanSchema,
    BenefitTemplateSchema,
    NeedEventSchema,
    NeedSchema,
    SubmissionSchema,
    TransitionSchema,
)
from samverka.platform.needs.services import benefit_plans, needs, templates
from samverka.platform.needs.services.access import access_need
from samverka.tenants.models import Region, Tenant

DESCRIPTION = """Needs and initiatives reported by municipalities, their lifecycle and history,
benefit-realisation plans, and each region's benefit template.

A need is its municipality's own. Once submitted to one or more of its regions, the
coordinators and purchasers of those regions read it too; no other municipality and no
partner organisation ever does. Costs are integers in minor units (øre/öre) of the
need's currency. Sign-in, CSRF and errors work as described for the tenancy endpoints."""

blp = ApiBlueprint(
    "needs_api",
    __name__,
    url_prefix="/api/v1",
    description=DESCRIPTION,
    path_models={"region_id": Region, "tenant_id": Tenant, "need_id": Need},
)


def _need(need_id: int):
    return access_need(db.session, current_principal(), need_id)


@blp.route("/tenants/<int:tenant_id>/needs")
class TenantNeeds(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, NeedSchema(many=True))
    def get(self, args, tenant_id: int):
        """A municipality's own needs and initiatives, newest change first (its IT coordinator and chief executive)."""
        return paged(needs.tenant_needs(db.session, current_principal(), tenant_id, page_of(args)))

    @blp.arguments(NeedSchema)
    @blp.response(201, NeedSchema)
    def post(self, need, tenant_id: int):
        """Register a need or an initiative as a draft (the municipality's IT coordinator)."""
        return needs.create_need(db.session, current_principal(), tenant_id, **need)


@blp.route("/needs/<int:need_id>")
class NeedDetail(MethodView):
    @blp.response(200, NeedSchema)
    def get(self, need_id: int):
        """One need, for its municipality and for the staff of the regions it was submitted to."""
        return _need(need_id)

    @blp.arguments(NeedSchema)
    @blp.response(200, NeedSchema)
    def put(self, need, need_id: int):
        """Change a need; once it is submitted, its version goes up by one."""
        return needs.update_need(db.session, current_principal(), _need(need_id), **need)

    @blp.response(204)
    @blp.alt_response(422, description="The need is no longer a draft.")
    def delete(self, need_id: int):
        """Delete a draft."""
        needs.delete_need(db.session, current_principal(), _need(need_id))


@blp.route("/needs/<int:need_id>/history")
@blp.response(200, NeedEventSchema(many=True))
def need_history(need_id: int):
    """Every step of the need's lifecycle: who, when, from which status to which, and why."""
    return _need(need_id).events


@blp.route("/needs/<int:need_id>/submission", methods=["POST"])
@blp.arguments(SubmissionSchema)
@blp.response(200, NeedSchema)
def submit_need(submission, need_id: int):
    """Submit a draft need (or report an initiative) to one or more of the municipality's regions."""
    return needs.submit_need(db.session, current_principal(), _need(need_id), **submission)


@blp.route("/needs/<int:need_id>/transitions", methods=["POST"])
@blp.arguments(TransitionSchema)
@blp.response(200, NeedSchema)
def move_need(step, need_id: int):
    """Take the next step: consider, join, own_procurement, withdraw (needs); close (initiatives)."""
    return needs.move_need(db.session, current_principal(), _need(need_id), **step)


@blp.route("/needs/<int:need_id>/benefit-plan")
@blp.response(200, BenefitPlanSchema)
def benefit_plan(need_id: int):
    """The need's benefit-realisation plan, and where it falls short of the regions' templates."""
    return benefit_plans.plan_view(db.session, _need(need_id))


@blp.route("/needs/<int:need_id>/benefit-plan/lines", methods=["POST"])
@blp.arguments(BenefitLineSchema)
@blp.response(201, BenefitLineSchema)
def add_benefit_line(line, need_id: int):
    """Add a benefit line; it must satisfy the templates the plan is held against."""
    return benefit_plans.add_line(db.session, current_principal(), _need(need_id), **line)


@blp.route("/needs/<int:need_id>/benefit-plan/lines/<int:line_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(422, description="The need has been decided on: its plan can no longer change.")
def remove_benefit_line(need_id: int, line_id: int):
    """Remove a benefit line."""
    benefit_plans.remove_line(db.session, current_principal(), _need(need_id), line_id)


@blp.route("/regions/<int:region_id>/needs")
@blp.arguments(PageArgs, location="query")
@blp.response(200, NeedSchema(many=True))
def region_needs(args, region_id: int):
    """The needs submitted to a region, newest first (its coordinator and purchaser)."""
    return paged(needs.region_needs(db.session, current_principal(), region_id, page_of(args)))


@blp.route("/regions/<int:region_id>/benefit-template")
class RegionTemplate(MethodView):
    @blp.response(200, BenefitTemplateSchema)
    def get(self, region_id: int):
        """The region's template for benefit plans: the benefit types it has and the fields it requires."""
        return templates.region_template(db.session, current_principal(), region_id)

    @blp.arguments(BenefitTemplateSchema)
    @blp.response(200, BenefitTemplateSchema)
    def put(self, template, region_id: int):
        """Change the region's template (its coordinator)."""
        return templates.save_template(db.session, current_principal(), region_id, **template)
