"""Marshmallow schemas of action plans: the API's shape and the forms' validation."""

from __future__ import annotations

from marshmallow import fields, validate

from samverka.platform.core.catalogue import CATEGORIES, CURRENCY_CODES
from samverka.platform.core.schemas import Choice, Flag, Id, StrictSchema, Timestamp, Whole, single_line
from samverka.platform.needs.schemas import NOT_NEGATIVE, QUARTER
from samverka.platform.plans.models.plan import BUDGET_SOURCES, DECISIONS, PLAN_STATUSES
from samverka.platform.plans.models.settings import APPROVAL_RULES, COST_METHODS, WHOLE


class FixedShareSchema(StrictSchema):
    tenant_id = Id(required=True)
    basis_points = Whole(required=True, validate=validate.Range(min=0, max=WHOLE))


class PlanSettingsSchema(StrictSchema):
    """The region's key: 'mix' splits ``equal_percent`` % equally and the rest by population.

    ``fixed_shares`` (basis points, 10000 = 100 %) are required with 'fixed', for every member.
    """

    region_id = fields.Integer(dump_only=True)
    cost_method = Choice(COST_METHODS, required=True)
    equal_percent = Whole(load_default=30, validate=validate.Range(min=0, max=100))
    approval_rule = Choice(APPROVAL_RULES, required=True)
    fixed_shares = fields.List(fields.Nested(FixedShareSchema), load_default=list)


class ShareSchema(StrictSchema):
    tenant_id = fields.Integer(dump_only=True)
    one_off_minor = fields.Integer(dump_only=True)
    annual_minor = fields.Integer(dump_only=True)


class PlanItemSchema(StrictSchema):
    """Costs in minor units (øre/öre) of the plan's currency; ``shares`` are those the caller may read.

    A partner reads a plan that is not public without the costs and shares (the fields are left out).
    """

    id = fields.Integer(dump_only=True)
    plan_id = fields.Integer(dump_only=True)
    procurement_id = fields.Integer(dump_only=True, allow_none=True)
    need_id = fields.Integer(dump_only=True, allow_none=True)
    title = fields.String(required=True, validate=[validate.Length(min=2, max=200), single_line])
    category = Choice(CATEGORIES, required=True)
    priority = Whole(load_default=2, validate=validate.Range(min=1, max=3))
    start_quarter = fields.String(required=True, validate=QUARTER)
    responsible = fields.String(load_default="", validate=validate.Length(max=120))
    one_off_cost_minor = Whole(load_default=0, validate=NOT_NEGATIVE)
    annual_cost_minor = Whole(load_default=0, validate=NOT_NEGATIVE)
    budget_source = Choice(BUDGET_SOURCES, load_default="plan")
    participant_ids = fields.List(Id(), required=True, validate=validate.Length(max=1000))
    outside_plan = fields.Boolean(dump_only=True)
    shares = fields.List(fields.Nested(ShareSchema), dump_only=True)


class NewPlanItemSchema(PlanItemSchema):
    """``outside_plan: true`` adds an item to an approved plan, carried by the participants' own budgets."""

    outside_plan = Flag(load_default=False)


class VoteSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    tenant_id = fields.Integer(dump_only=True)
    voter_name = fields.String(dump_only=True)
    decision = Choice(DECISIONS, required=True)
    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    acr = fields.String(dump_only=True)
    voted_at = Timestamp(dump_only=True)


class PlanSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    region_id = fields.Integer(dump_only=True)
    year = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)
    status = Choice(PLAN_STATUSES, dump_only=True)
    currency = Choice(CURRENCY_CODES, dump_only=True)
    previous_version_id = fields.Integer(dump_only=True, allow_none=True)
    created_at = Timestamp(dump_only=True)
    submitted_at = Timestamp(dump_only=True, allow_none=True)
    decided_at = Timestamp(dump_only=True, allow_none=True)
    public = fields.Boolean(
        dump_only=True, metadata={"description": "Partners see the items' amounts only when the plan is public."}
    )
    items = fields.List(fields.Nested(PlanItemSchema), dump_only=True)
    votes = fields.List(fields.Nested(VoteSchema), dump_only=True)


class PlanPublicSchema(StrictSchema):
    public = Flag(required=True)


class PlanActionSchema(StrictSchema):
    """Submitting a plan or making a new version: an optional note for the record."""

    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class DraftRequestSchema(StrictSchema):
    year = Whole(required=True, validate=validate.Range(min=2000, max=2100))


class BudgetLineSchema(StrictSchema):
    year = fields.Integer()
    plan_version = fields.Integer()
    item_title = fields.String()
    priority = fields.Integer()
    start_quarter = fields.String()
    budget_source = Choice(BUDGET_SOURCES)
    outside_plan = fields.Boolean()
    one_off_minor = fields.Integer()
    annual_minor = fields.Integer()
    currency = Choice(CURRENCY_CODES)


class BudgetYearSchema(StrictSchema):
    region_name = fields.String()
    plan_id = fields.Integer(attribute="plan.id")
    plan_status = Choice(PLAN_STATUSES, attribute="plan.status")
    lines = fields.List(fields.Nested(BudgetLineSchema))
