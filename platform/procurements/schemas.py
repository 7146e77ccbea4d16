"""Marshmallow schemas of joint procurements and invitations to join: the API's shape and the forms' validation."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from samverka.platform.core.api import PageArgs
from samverka.platform.core.catalogue import CATEGORIES, COUNTRIES, CURRENCY_CODES
from samverka.platform.core.schemas import Choice, Computed, Id, StrictSchema, Timestamp, TypedDate, single_line
from samverka.platform.core.time import earliest_local_today
from samverka.platform.procurements.models import ANSWER_STATUSES, PROCUREMENT_STATUSES
from samverka.platform.procurements.stages import CANCEL_REASONS, CANCELLABLE, STAGES
from samverka.platform.procurements.value import CONTRACT_MONTHS
from samverka.platform.thresholds.labels import kind_label
from samverka.platform.thresholds.models import KINDS

TITLE = [validate.Length(min=3, max=200), single_line]
ANSWERS = ("joined", "declined")


class ProcurementSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    region_id = fields.Integer(dump_only=True)
    title = fields.String(required=True, validate=TITLE)
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    category = Choice(CATEGORIES, required=True)
    status = Choice(PROCUREMENT_STATUSES, dump_only=True)
    from_proposal_id = fields.Integer(dump_only=True, allow_none=True)
    created_at = Timestamp(dump_only=True)
    planned_dates = fields.Dict(
        keys=Choice(STAGES),
        values=fields.String(),
        dump_only=True,
        metadata={"description": "The date (YYYY-MM-DD) by which each stage should be reached."},
    )
    restarted_from_id = fields.Integer(dump_only=True, allow_none=True)
    restarted_as_id = fields.Integer(dump_only=True, allow_none=True)


class ProcurementListArgs(PageArgs):
    """``stage`` keeps the procurements at that stage; ``participating`` those the caller's municipality is in."""

    stage = Choice(STAGES)
    participating = fields.Boolean(load_default=False)


class StageTransitionSchema(StrictSchema):
    """Move to ``to`` from ``expected``, the stage the caller saw (409 if it moved on meanwhile)."""

    to = Choice(STAGES, required=True)
    expected = Choice(STAGES, required=True)


class CancelSchema(StrictSchema):
    """Cancel with a reason (and a text, required for "other") from ``expected``, the stage the caller saw."""

    reason = Choice(CANCEL_REASONS, required=True)
    text = fields.String(load_default="", validate=validate.Length(max=2000))
    expected = Choice(sorted(CANCELLABLE), required=True)


class RestartSchema(StrictSchema):
    """A new procurement from a cancelled one; ``title`` renames it (by default it keeps the first one's)."""

    title = fields.String(load_default=None, allow_none=True, validate=TITLE)


class StageChangeSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    procurement_id = fields.Integer(dump_only=True)
    from_stage = Choice(STAGES, dump_only=True, allow_none=True)
    to_stage = Choice(STAGES, dump_only=True)
    reason = Choice(CANCEL_REASONS, dump_only=True, allow_none=True)
    comment = fields.String(dump_only=True)
    changed_by_name = fields.String(dump_only=True)
    changed_at = Timestamp(dump_only=True)


class InviteSchema(StrictSchema):
    """Whom to invite (omit ``tenant_ids`` to invite every member municipality) and by when to answer."""

    tenant_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=1000))
    deadline = fields.Date(required=True)

    @validates("deadline")
    def _in_the_future(self, value, **kwargs):
        if value < earliest_local_today():
            raise ValidationError("The deadline must be today or later.")


class InviteForm(InviteSchema):
    """The invite form: the deadline typed as people write dates (01.04.2027), not only ISO."""

    deadline = TypedDate(required=True)


class JoinInvitationSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    procurement_id = fields.Integer(dump_only=True)
    procurement_title = fields.String(attribute="procurement.title", dump_only=True)
    region_id = fields.Integer(dump_only=True)
    tenant_id = fields.Integer(dump_only=True)
    deadline = fields.Date(dump_only=True)
    status = Choice(ANSWER_STATUSES, dump_only=True)
    comment = fields.String(dump_only=True)
    need_id = fields.Integer(dump_only=True, allow_none=True)
    answered_at = Timestamp(dump_only=True, allow_none=True)


class AnswerSchema(StrictSchema):
    """Join with ``need_id`` (one of the municipality's needs) or ``new_need_title`` (registered now), or decline."""

    status = Choice(ANSWERS, required=True)
    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    need_id = Id(load_default=None, allow_none=True)
    new_need_title = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(min=2, max=200), single_line]
    )

    @validates_schema
    def _one_need(self, data, **kwargs):
        if data.get("need_id") is not None and data.get("new_need_title"):
            raise ValidationError("Choose an existing need or register a new one, not both.", "new_need_title")


class ThresholdCheckSchema(StrictSchema):
    kind = Choice(KINDS)
    label = Computed(lambda c: kind_label(c.country, c.kind), fields.String())
    amount_minor = fields.Integer()
    currency = Choice(CURRENCY_CODES)
    reached = fields.Boolean()


class ContributionSchema(StrictSchema):
    tenant_id = fields.Integer()
    tenant_name = fields.String()
    one_off_minor = fields.Integer()
    annual_minor = fields.Integer()
    value_minor = fields.Integer()


class AggregatedValueSchema(StrictSchema):
    """The estimated value (one-off + annual × 4 years, excl. VAT) and every threshold compared with it.

    ``contributions`` lists only the municipalities the caller may see; ``threshold_year`` is the
    year whose thresholds were used (the latest entered up to ``current_year``), null when none are.
    """

    country = Choice(COUNTRIES)
    currency = Choice(CURRENCY_CODES)
    total_minor = fields.Integer()
    contract_months = Computed(lambda _value: CONTRACT_MONTHS, fields.Integer())
    current_year = fields.Integer()
    threshold_year = fields.Integer(allow_none=True)
    needs_counted = fields.Integer()
    needs_without_estimate = fields.Integer()
    thresholds = fields.List(fields.Nested(ThresholdCheckSchema), attribute="checks")
    reached = fields.List(fields.Nested(ThresholdCheckSchema))
    contributions = fields.List(fields.Nested(ContributionSchema))
