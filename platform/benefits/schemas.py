"""The API's shape of a plan's follow-up, its lines, periods and measurements, and what may be sent."""

from __future__ import annotations

from marshmallow import fields, validate

from samverka.platform.benefits import periods as p
from samverka.platform.benefits.services import follow_up as f
from samverka.platform.benefits.services.recording import MEASURED_BY_LENGTH, REASON_LENGTH
from samverka.platform.core.catalogue import CURRENCY_CODES
from samverka.platform.core.schemas import Choice, ExactDecimal, StrictSchema, Timestamp, Whole, single_line
from samverka.platform.needs.models.benefit import BENEFIT_TYPES

AMOUNT_RANGE = validate.Range(min=-(10**13), max=10**13)
STATES = (f.MEASURED, f.OPEN, f.DUE, f.OVERDUE)


def _amount(**kwargs) -> ExactDecimal:
    return ExactDecimal(2, dump_only=True, allow_none=True, **kwargs)


class MeasurementSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    line_id = fields.Integer(dump_only=True)
    period_start = fields.Date(dump_only=True)
    period_end = fields.Date(dump_only=True, metadata={"description": "The period's last day (included)."})
    amount = _amount(metadata={"description": "Money, hours or a count; null on a scale line."})
    score = fields.Integer(dump_only=True, allow_none=True, metadata={"description": "1 to 5 on a scale line."})
    comment = fields.String(dump_only=True)
    measured_by = fields.String(dump_only=True)
    recorded_at = Timestamp(dump_only=True)


class MeasurementInSchema(StrictSchema):
    """What a line realised in one of its periods: an amount (money, hours, count) or a score (1 to 5).

    ``period_start`` is the first day of one of the line's periods since follow-up started, not in the
    future; recording a period again corrects it.
    """

    period_start = fields.Date(required=True)
    amount = ExactDecimal(2, load_default=None, allow_none=True, validate=AMOUNT_RANGE)
    score = Whole(load_default=None, allow_none=True)
    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    measured_by = fields.String(required=True, validate=[validate.Length(min=1, max=MEASURED_BY_LENGTH), single_line])


class LineSettingsSchema(StrictSchema):
    """How often a line is measured, and in what (null: what its benefit type implies)."""

    follow_up_period = Choice(p.PERIOD_KINDS, required=True)
    value_kind = Choice(p.VALUE_KINDS, load_default=None, allow_none=True)


class DropSchema(StrictSchema):
    """Drop the line: its benefit will not be realised, and why."""

    dropped_reason = fields.String(required=True, validate=validate.Length(min=1, max=REASON_LENGTH))


class PeriodSchema(StrictSchema):
    period_start = fields.Date(attribute="period.start", dump_only=True)
    period_end = fields.Date(attribute="period.end", dump_only=True)
    state = Choice(STATES, dump_only=True)
    planned = _amount(metadata={"description": "Planned in the period; null on a scale line or without a target."})
    planned_cumulative = _amount()
    realised_cumulative = _amount()
    measurement = fields.Nested(MeasurementSchema, dump_only=True, allow_none=True)


class LineFollowUpSchema(StrictSchema):
    id = fields.Integer(attribute="line.id", dump_only=True)
    description = fields.String(attribute="line.description", dump_only=True)
    benefit_type = Choice(BENEFIT_TYPES, attribute="line.benefit_type", dump_only=True)
    indicator = fields.String(attribute="line.indicator", dump_only=True, allow_none=True)
    unit = fields.String(attribute="line.unit", dump_only=True, allow_none=True)
    target_value = _amount(attribute="line.target_value")
    target_date = fields.Date(attribute="line.target_date", dump_only=True, allow_none=True)
    follow_up_period = Choice(p.PERIOD_KINDS, attribute="line.follow_up_period", dump_only=True)
    value_kind = Choice(p.VALUE_KINDS, attribute="kind", dump_only=True)
    status = Choice(p.STATUSES, dump_only=True)
    dropped_reason = fields.String(attribute="line.dropped_reason", dump_only=True, allow_none=True)
    realised = _amount(metadata={"description": "Realised in total; null on a scale line."})
    planned_to_date = _amount(attribute="planned_so_far")
    periods = fields.List(fields.Nested(PeriodSchema), attribute="rows", dump_only=True)


class PlanFollowUpSchema(StrictSchema):
    benefit_plan_id = fields.Integer(attribute="plan.id", dump_only=True)
    need_id = fields.Integer(attribute="need.id", dump_only=True)
    need_title = fields.String(attribute="need.title", dump_only=True)
    procurement_id = fields.Integer(attribute="delivered.procurement_id", dump_only=True)
    procurement_title = fields.String(attribute="delivered.procurement_title", dump_only=True)
    follow_up_start = fields.Date(attribute="start", dump_only=True)
    currency = Choice(CURRENCY_CODES, attribute="need.currency", dump_only=True)
    lines = fields.List(fields.Nested(LineFollowUpSchema), dump_only=True)


class PlanRowSchema(StrictSchema):
    benefit_plan_id = fields.Integer(attribute="plan_id", dump_only=True)
    need_title = fields.String(dump_only=True)
    procurement_title = fields.String(dump_only=True)
    follow_up_start = fields.Date(attribute="start", dump_only=True)
    statuses = fields.Dict(
        keys=Choice(p.STATUSES), values=fields.Integer(), dump_only=True, metadata={"description": "Lines per status."}
    )
    missing = fields.Integer(dump_only=True, metadata={"description": "Measurements due or overdue."})
