"""The JSON API for action plans, cost sharing, council votes and budget lines, under /api/v1.

Path ids are looked up before the body is read, so an object out of reach is a 404 whatever
the body says. A refused change is a 422 naming the field; a role that may not act a 403.
The blueprint commits a write once the service call succeeded.
"""

from __future__ import annotations

from flask import jsonify, session
from flask.views import MethodView

from samverka.platform.core.api import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.plans.models import ActionPlan, PlanItem
from samverka.platform.plans.schemas import (
    BudgetYearSchema,
    DraftRequestSchema,
    NewPlanItemSchema,
    PlanActionSchema,
    PlanItemSchema,
    PlanPublicSchema,
    PlanSchema,
    PlanSettingsSchema,
    VoteSchema,
)
from samverka.platform.plans.services import approval, drafting, items, reports, settings, visibility
from samverka.platform.plans.services.action_plans import access_item, access_plan, plans_of_region
from samverka.platform.plans.services.api_bodies import plan_bodies
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region, Tenant

blp = ApiBlueprint(
    "plans_api",
    __name__,
    url_prefix="/api/v1",
    description="Annual action plans, cost sharing, council approval and budget lines.",
    path_models={"region_id": Region, "tenant_id": Tenant, "plan_id": ActionPlan, "item_id": PlanItem},
)


def _plan(plan_id: int, permission=perm.REGION_PLAN_READ):
    return access_plan(db.session, current_principal(), plan_id, permission)


def _item(item_id: int, permission=perm.REGION_PLAN_READ):
    return access_item(db.session, current_principal(), item_id, permission)


def _as_principal(service, target, **body):
    """``service`` called as the signed-in principal on ``target``."""
    return service(db.session, current_principal(), target, **body)


def _settings_body(key, region_id: int) -> dict:
    return {
        "region_id": region_id,
        "cost_method": key.method,
        "equal_percent": key.equal_percent,
        "approval_rule": key.approval_rule,
        "fixed_shares": [{"tenant_id": t, "basis_points": bp} for t, bp in key.fixed],
    }


# The two reads answer bodies already in PlanSchema's dumped form (``api_bodies``): flask-smorest returns a
# response as it is, and the schema still documents it.
@blp.route("/regions/<int:region_id>/action-plans")
@blp.response(200, PlanSchema(many=True))
def region_plans(region_id: int):
    """Every version of the region's plans, newest year and version first (members, partners, staff)."""
    principal = current_principal()
    return jsonify(plan_bodies(db.session, principal, plans_of_region(db.session, principal, region_id)))


@blp.route("/regions/<int:region_id>/action-plans/drafts", methods=["POST"])
@blp.arguments(DraftRequestSchema)
@blp.response(202, DraftRequestSchema)
def request_draft(body, region_id: int):
    """Draft (or refresh the draft of) the plan for ``year`` in the background (the coordinator)."""
    drafting.request_draft(db.session, current_principal(), region_id, body["year"])
    return body


@blp.route("/regions/<int:region_id>/cost-sharing")
class CostSharing(MethodView):
    @blp.response(200, PlanSettingsSchema)
    def get(self, region_id: int):
        """The region's cost-sharing key and approval rule."""
        return _settings_body(settings.region_key(db.session, current_principal(), region_id), region_id)

    @blp.arguments(PlanSettingsSchema)
    @blp.response(200, PlanSettingsSchema)
    def put(self, body, region_id: int):
        """Set the key and rule (the coordinator); fixed shares must add up to exactly 100 %."""
        fixed = {row["tenant_id"]: row["basis_points"] for row in body.pop("fixed_shares")}
        key = settings.save_settings(db.session, current_principal(), region_id, fixed_shares=fixed, **body)
        return _settings_body(key, region_id)


@blp.route("/action-plans/<int:plan_id>")
@blp.response(200, PlanSchema)
def plan_detail(plan_id: int):
    """One version of a plan with its items, the shares the caller may read, and the votes."""
    principal = current_principal()
    return jsonify(plan_bodies(db.session, principal, [access_plan(db.session, principal, plan_id)])[0])


@blp.route("/action-plans/<int:plan_id>/public", methods=["PUT"])
@blp.arguments(PlanPublicSchema)
@blp.response(200, PlanSchema)
def set_public(body, plan_id: int):
    """Show the items' amounts to the region's partners, or hide them again (the coordinator); default hidden."""
    return visibility.set_public(db.session, current_principal(), plan_id, **body)


@blp.route("/action-plans/<int:plan_id>/items", methods=["POST"])
@blp.arguments(NewPlanItemSchema)
@blp.response(201, PlanItemSchema)
def add_item(body, plan_id: int):
    """Add an item to a draft, or with ``outside_plan`` to an approved plan (the coordinator)."""
    return _as_principal(items.add_item, _plan(plan_id, perm.REGION_PLAN_WRITE), **body)


@blp.route("/plan-items/<int:item_id>")
class Item(MethodView):
    @blp.response(200, PlanItemSchema)
    def get(self, item_id: int):
        """One plan item (a partner reads a plan that is not public without its amounts)."""
        return visibility.readable_item(current_principal(), _item(item_id))

    @blp.arguments(PlanItemSchema)
    @blp.response(200, PlanItemSchema)
    def put(self, body, item_id: int):
        """Change an item of a draft plan; its shares are recomputed."""
        return _as_principal(items.update_item, _item(item_id, perm.REGION_PLAN_WRITE), **body)

    @blp.response(204)
    def delete(self, item_id: int):
        """Remove an item from a draft plan."""
        _as_principal(items.delete_item, _item(item_id, perm.REGION_PLAN_WRITE))


@blp.route("/action-plans/<int:plan_id>/submit", methods=["POST"])
@blp.arguments(PlanActionSchema)
@blp.response(200, PlanSchema)
def submit_plan(body, plan_id: int):
    """Submit the draft to the council of chief executives (the coordinator)."""
    return _as_principal(approval.submit, _plan(plan_id, perm.REGION_PLAN_WRITE), **body)


@blp.route("/action-plans/<int:plan_id>/votes", methods=["POST"])
@blp.arguments(VoteSchema)
@blp.response(201, VoteSchema)
def vote(body, plan_id: int):
    """Approve or reject a submitted plan: a member's chief executive, signed in with e-ID at level high."""
    return approval.vote(db.session, current_principal(), _plan(plan_id), acr=session.get("acr", ""), **body)


@blp.route("/action-plans/<int:plan_id>/versions", methods=["POST"])
@blp.arguments(PlanActionSchema)
@blp.response(201, PlanSchema)
def new_version(body, plan_id: int):
    """Copy a decided or submitted plan into a new draft version, to change and submit again."""
    return _as_principal(approval.new_version, _plan(plan_id, perm.REGION_PLAN_WRITE), **body)


@blp.route("/tenants/<int:tenant_id>/budget-lines")
@blp.response(200, BudgetYearSchema(many=True))
def budget_lines(tenant_id: int):
    """The municipality's own shares per plan year (the latest approved version, else the latest)."""
    return reports.budget(db.session, current_principal(), tenant_id)[1]
