"""Marshmallow schemas of award criteria, mandatory requirements, tenders and their evaluation."""

from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate

from samverka.platform.core.catalogue import ISO_COUNTRIES
from samverka.platform.core.schemas import (
    Choice,
    Computed,
    Flag,
    Id,
    StrictSchema,
    Timestamp,
    TypedDate,
    Whole,
    clean_orgnr,
    single_line,
)
from samverka.platform.tenders.evaluation import INCOMPLETE, QUALIFIED, REJECTED
from samverka.platform.tenders.models import SUPPLIER_COUNTRIES

LINE = [validate.Length(min=2, max=200), single_line]
CANCELLATION_REASON = "requirements_not_met"
SUB_PROCESSORS_MAX = 50


class AwardCriterionSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=LINE)
    weight = Whole(required=True, validate=validate.Range(min=1, max=100), metadata={"description": "Per cent."})


class AwardCriteriaSchema(StrictSchema):
    """The whole list of award criteria; their weights must add up to 100."""

    criteria = fields.List(fields.Nested(AwardCriterionSchema), required=True, validate=validate.Length(min=1, max=20))


class MandatoryRequirementSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    text = fields.String(required=True, validate=validate.Length(min=2, max=2000))
    library_ref = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=64),
        metadata={"description": "The requirement library's requirement this text was taken from, if any."},
    )


class MandatoryRequirementsSchema(StrictSchema):
    requirements = fields.List(
        fields.Nested(MandatoryRequirementSchema), required=True, validate=validate.Length(max=200)
    )


class SubProcessorSchema(StrictSchema):
    """A sub-processor the supplier will use for the personal data: who, where, and for what."""

    name = fields.String(required=True, validate=LINE)
    country = Choice(
        sorted(ISO_COUNTRIES), required=True, metadata={"description": "ISO 3166-1 alpha-2, e.g. NO, SE, US."}
    )
    service = fields.String(
        load_default="", validate=validate.Length(max=500), metadata={"description": "What it does."}
    )


class TenderSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    procurement_id = fields.Integer(dump_only=True)
    region_id = fields.Integer(dump_only=True)
    supplier_name = fields.String(required=True, validate=LINE)
    supplier_country = Choice(SUPPLIER_COUNTRIES, required=True)
    supplier_orgnr = fields.String(
        required=True, validate=validate.Length(min=1, max=20), metadata={"description": "Checked for the country."}
    )
    received_on = fields.Date(required=True)
    sub_processors = fields.List(
        fields.Nested(SubProcessorSchema), load_default=list, validate=validate.Length(max=SUB_PROCESSORS_MAX)
    )
    third_country_transfers = fields.String(
        load_default="",
        validate=validate.Length(max=4000),
        metadata={"description": "Any transfer of personal data outside the EEA, and its legal basis."},
    )
    created_at = Timestamp(dump_only=True)

    @post_load
    def _orgnr(self, data, **kwargs):
        data["third_country_transfers"] = data["third_country_transfers"].strip()
        try:
            data["supplier_orgnr"] = clean_orgnr(data["supplier_country"], data["supplier_orgnr"])
        except ValidationError as exc:
            raise ValidationError(exc.messages, field_name="supplier_orgnr") from exc
        return data


class TenderFormSchema(TenderSchema):
    """The page's form takes the dates people type (01.03.2027 as well as 2027-03-01)."""

    received_on = TypedDate(required=True)


class TenderAnswerSchema(StrictSchema):
    requirement_id = Id(required=True)
    met = Flag(required=True)
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class ScoreSchema(StrictSchema):
    criterion_id = Id(required=True)
    score = Whole(required=True, validate=validate.Range(min=0, max=10))


class TenderEvaluationSchema(StrictSchema):
    """Yes or no per mandatory requirement (with a comment) and a score from 0 to 10 per award criterion."""

    answers = fields.List(fields.Nested(TenderAnswerSchema), load_default=list, validate=validate.Length(max=200))
    scores = fields.List(fields.Nested(ScoreSchema), load_default=list, validate=validate.Length(max=20))


class RejectionReasonSchema(StrictSchema):
    requirement = fields.String(dump_only=True)
    comment = fields.String(dump_only=True)


class VerdictSchema(StrictSchema):
    tender_id = fields.Integer(attribute="tender.id", dump_only=True)
    supplier_name = fields.String(attribute="tender.supplier_name", dump_only=True)
    status = Choice((REJECTED, INCOMPLETE, QUALIFIED), dump_only=True)
    reasons = fields.List(fields.Nested(RejectionReasonSchema), dump_only=True)
    score = fields.Float(
        dump_only=True, allow_none=True, metadata={"description": "Weighted score, 0 to 10; none unless qualified."}
    )


class DraftRecommendationSchema(StrictSchema):
    note = fields.String(
        load_default="",
        validate=validate.Length(max=2000),
        metadata={"description": "The purchaser's note, added at the end of the text in every language."},
    )


class RecommendationSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    tender_id = fields.Integer(dump_only=True)
    score = Computed(lambda r: r.points / 100, fields.Float())
    text_nb = fields.String(dump_only=True)
    text_sv = fields.String(dump_only=True)
    text_en = fields.String(dump_only=True)
    created_at = Timestamp(dump_only=True)


class EvaluationSchema(StrictSchema):
    verdicts = fields.List(fields.Nested(VerdictSchema), dump_only=True)
    ranking = fields.List(fields.Nested(VerdictSchema), dump_only=True, metadata={"description": "Best first."})
    all_rejected = fields.Boolean(dump_only=True)
    proposed_cancellation = Computed(
        lambda e: CANCELLATION_REASON if e.all_rejected else None,
        Choice((CANCELLATION_REASON,), allow_none=True, metadata={"description": "Set when every tender failed."}),
    )
