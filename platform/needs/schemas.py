"""Marshmallow schemas of needs, their history and benefit plans: the API's input and output.

The HTML forms validate with subclasses of these (``forms.py``) that read amounts in
kroner and CPV codes as one line of text; the rules are the same.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from samverka.platform.core.catalogue import CATEGORIES, CURRENCY_CODES
from samverka.platform.core.money import MAX_AMOUNT_MINOR
from samverka.platform.core.schemas import Choice, ExactDecimal, Id, StrictSchema, Timestamp, Whole, single_line
from samverka.platform.cpv import services as cpv
from samverka.platform.needs.lifecycle import EVENT_ACTIONS, STATUSES, TRANSITION_NAMES
from samverka.platform.needs.models.benefit import BENEFIT_TYPES, OPTIONAL_LINE_FIELDS
from samverka.platform.needs.models.need import CONSEQUENCE_LEVELS, KINDS
from samverka.platform.needs.personal_data import ANSWERS, DATA_CATEGORIES, DATA_SUBJECTS

QUARTER = validate.Regexp(r"^\d{4}-Q[1-4]$", error="A quarter like 2027-Q1.")
NOT_NEGATIVE = validate.Range(min=0, max=MAX_AMOUNT_MINOR, error="A whole number of minor units, 0 to 10¹⁵.")


def _optional_text(length: int) -> fields.String:
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=length))


def _level() -> fields.String:
    return Choice(
        CONSEQUENCE_LEVELS, load_default=None, allow_none=True, metadata={"description": "Consequence level."}
    )


def _codes(codes: tuple[str, ...], description: str) -> fields.List:
    return fields.List(
        Choice(codes),
        load_default=list,
        validate=validate.Length(max=len(codes)),
        metadata={"description": description},
    )


class CpvCodeField(fields.String):
    """A listed CPV code, typed with or without its check digit; loaded as the eight digits."""

    def _deserialize(self, value, attr, data, **kwargs):
        typed = super()._deserialize(value, attr, data, **kwargs)
        try:
            return cpv.parse(typed)
        except cpv.InvalidCpvCode as exc:
            raise ValidationError(f"{typed} is not a CPV 2008 code ({exc.reason}).") from exc

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else cpv.display(value)


class NeedSchema(StrictSchema):
    """A need, as registered and changed by its municipality. Costs are in minor units (øre/öre)."""

    id = fields.Integer(dump_only=True)
    tenant_id = fields.Integer(dump_only=True)
    title = fields.String(required=True, validate=[validate.Length(min=2, max=200), single_line])
    description = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    kind = Choice(KINDS, required=True)
    category = Choice(CATEGORIES, required=True)
    cpv_codes = fields.List(
        CpvCodeField(),
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata={"description": "CPV 2008 codes, e.g. 48000000-8 (check digit optional)."},
    )
    current_solution = _optional_text(200)
    current_supplier = _optional_text(200)
    contract_end = fields.Date(load_default=None, allow_none=True)
    contract_extendable_to = fields.Date(load_default=None, allow_none=True)
    desired_start = fields.String(load_default=None, allow_none=True, validate=QUARTER)
    one_off_cost_minor = Whole(load_default=None, allow_none=True, strict=True, validate=NOT_NEGATIVE)
    annual_cost_minor = Whole(load_default=None, allow_none=True, strict=True, validate=NOT_NEGATIVE)
    currency = Choice(CURRENCY_CODES, dump_only=True, metadata={"description": "NOK in Norway, SEK in Sweden."})
    processes_personal_data = fields.Boolean(load_default=False)
    personal_data_purpose = fields.String(
        load_default="",
        validate=validate.Length(max=2000),
        metadata={"description": "Why personal data is processed; required to submit a need that processes it."},
    )
    personal_data_categories = _codes(DATA_CATEGORIES, "The kinds of personal data processed.")
    data_subjects = _codes(DATA_SUBJECTS, "Whose personal data is processed.")
    dpa_required = fields.Boolean(dump_only=True)
    missing_personal_data = fields.List(
        Choice(ANSWERS),
        dump_only=True,
        metadata={"description": "The personal-data answers still needed before the need can be submitted."},
    )
    confidentiality = _level()
    integrity = _level()
    availability = _level()
    traceability = _level()
    status = Choice(STATUSES, dump_only=True)
    version = fields.Integer(dump_only=True)
    missing_benefit_plan = fields.Boolean(dump_only=True)
    submitted_region_ids = fields.List(fields.Integer(), dump_only=True)
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)

    @post_load
    def _personal_data(self, data, **kwargs):
        """Trimmed; each code once, in the list's order."""
        data["personal_data_purpose"] = data["personal_data_purpose"].strip()
        for name, codes in (("personal_data_categories", DATA_CATEGORIES), ("data_subjects", DATA_SUBJECTS)):
            data[name] = [code for code in codes if code in data[name]]
        return data

    @validates_schema
    def _extension_after_end(self, data, **kwargs):
        end, extension = data.get("contract_end"), data.get("contract_extendable_to")
        if extension is not None and (end is None or extension < end):
            raise ValidationError(
                "The contract can only be extended to a date on or after its end date.", "contract_extendable_to"
            )


class NeedEventSchema(Schema):
    id = fields.Integer()
    occurred_at = Timestamp()
    actor_name = fields.String()
    action = Choice(EVENT_ACTIONS)
    from_status = Choice(STATUSES, allow_none=True)
    to_status = Choice(STATUSES)
    version = fields.Integer()
    comment = fields.String(allow_none=True)


class SubmissionSchema(StrictSchema):
    region_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=100))
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class TransitionSchema(StrictSchema):
    transition = Choice(TRANSITION_NAMES, required=True)
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class BenefitLineSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    description = fields.String(required=True, validate=validate.Length(min=1, max=500))
    benefit_type = Choice(BENEFIT_TYPES, required=True)
    indicator = _optional_text(200)
    unit = _optional_text(50)
    baseline_value = ExactDecimal(
        2, load_default=None, allow_none=True, validate=validate.Range(min=-(10**13), max=10**13)
    )
    baseline_date = fields.Date(load_default=None, allow_none=True)
    target_value = ExactDecimal(
        2, load_default=None, allow_none=True, validate=validate.Range(min=-(10**13), max=10**13)
    )
    target_date = fields.Date(load_default=None, allow_none=True)
    owner = _optional_text(120)
    measurement = _optional_text(500)

    @validates_schema
    def _target_after_baseline(self, data, **kwargs):
        baseline, target = data.get("baseline_date"), data.get("target_date")
        if baseline is not None and target is not None and target < baseline:
            raise ValidationError("The target date must be on or after the baseline date.", "target_date")


class TemplateProblemSchema(Schema):
    region_id = fields.Integer()
    line_id = fields.Integer()
    field = Choice(("benefit_type", *OPTIONAL_LINE_FIELDS))


class BenefitPlanSchema(Schema):
    need_id = fields.Integer()
    missing = fields.Boolean(metadata={"description": "True when the need has no benefit line."})
    lines = fields.List(fields.Nested(BenefitLineSchema))
    problems = fields.List(
        fields.Nested(TemplateProblemSchema),
        metadata={"description": "Where the plan falls short of the template of a region the need is submitted to."},
    )


class BenefitTemplateSchema(StrictSchema):
    region_id = fields.Integer(dump_only=True)
    benefit_types = fields.List(Choice(BENEFIT_TYPES), required=True, validate=validate.Length(min=1))
    required_fields = fields.List(Choice(OPTIONAL_LINE_FIELDS), required=True)
