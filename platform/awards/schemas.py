"""Marshmallow schemas of the award: what the API and the forms take, and the award's whole state answered."""

from __future__ import annotations

from marshmallow import fields, validate

from samverka.platform.awards.models import DECISIONS, QUALITY_OUTCOMES
from samverka.platform.contracts.models import KRALJIC_CLASSES
from samverka.platform.core.catalogue import COUNTRIES, CURRENCY_CODES
from samverka.platform.core.money import KronerField
from samverka.platform.core.schemas import Choice, Flag, Id, StrictSchema, Timestamp, TypedDate, Whole
from samverka.platform.procurements.stages import STAGES
from samverka.platform.tenders.models import SUPPLIER_COUNTRIES

TEXT = validate.Length(max=2000)
NOT_NEGATIVE = validate.Range(min=0)


class QualityCheckSchema(StrictSchema):
    """The coordinator's check: approve the recommendation, or return it to the evaluation with a comment."""

    id = fields.Integer(dump_only=True)
    outcome = Choice(QUALITY_OUTCOMES, required=True)
    comment = fields.String(load_default="", validate=TEXT)
    recommendation_id = fields.Integer(dump_only=True)
    checked_by_name = fields.String(dump_only=True)
    checked_at = Timestamp(dump_only=True)


class ApprovalSchema(StrictSchema):
    """A chief executive's decision for one participating municipality: approve, or withdraw with a reason."""

    id = fields.Integer(dump_only=True)
    tenant_id = Id(
        load_default=None,
        allow_none=True,
        metadata={"description": "The municipality decided for; needed only by a chief executive of several."},
    )
    tenant_name = fields.String(dump_only=True)
    decision = Choice(DECISIONS, required=True, allow_none=False)
    reason = fields.String(load_default="", validate=TEXT, metadata={"description": "Required to withdraw."})
    decided_by_name = fields.String(dump_only=True, allow_none=True)
    decided_at = Timestamp(dump_only=True, allow_none=True)
    acr = fields.String(dump_only=True, metadata={"description": "The e-ID level the decision was made at."})
    requested_at = Timestamp(dump_only=True)


class ContractSignSchema(StrictSchema):
    """The contract signed (the uploaded contract document's latest version): its dates, value and class."""

    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    extension_options = fields.String(load_default="", validate=validate.Length(max=200))
    extendable_to = fields.Date(load_default=None, allow_none=True)
    annual_value_minor = Whole(
        load_default=None, allow_none=True, strict=True, validate=NOT_NEGATIVE, metadata={"description": "Øre/öre."}
    )
    kraljic = Choice(KRALJIC_CLASSES, required=True)
    processes_personal_data = Flag(
        load_default=None,
        allow_none=True,
        metadata={"description": "Default: true when any participant's need processes personal data."},
    )


class ContractFormSchema(StrictSchema):
    """The same, as typed in the page's form: dates as people write them, the amount in kroner/kronor."""

    starts_on = TypedDate(required=True)
    ends_on = TypedDate(required=True)
    extension_options = fields.String(load_default="", validate=validate.Length(max=200))
    extendable_to = TypedDate(load_default=None, allow_none=True)
    annual_value_minor = KronerField(data_key="annual_value", load_default=None, allow_none=True)
    kraljic = Choice(KRALJIC_CLASSES, required=True)
    processes_personal_data = Flag(load_default=False)


class ContractSigningSchema(StrictSchema):
    contract_id = fields.Integer(dump_only=True)
    document_id = fields.Integer(dump_only=True)
    document_version = fields.Integer(dump_only=True)
    document_sha256 = fields.String(dump_only=True)
    signed_by_name = fields.String(dump_only=True)
    signed_at = Timestamp(dump_only=True)
    acr = fields.String(dump_only=True)


class CriterionScoreSchema(StrictSchema):
    criterion = fields.String()
    weight = fields.Integer(metadata={"description": "Per cent."})
    score = fields.Integer(allow_none=True, metadata={"description": "0 to 10."})


class RecommendedTenderSchema(StrictSchema):
    id = fields.Integer()
    supplier_name = fields.String()
    supplier_orgnr = fields.String()
    supplier_country = Choice(SUPPLIER_COUNTRIES)
    score = fields.Float(metadata={"description": "The weighted score, 0.00 to 10.00."})
    scores = fields.List(fields.Nested(CriterionScoreSchema))
    text = fields.String(metadata={"description": "The recommendation in the reader's language."})


class DocumentRefSchema(StrictSchema):
    id = fields.Integer()
    version = fields.Integer()
    filename = fields.String()
    sha256 = fields.String()


class ParticipantShareSchema(ApprovalSchema):
    share_minor = fields.Integer(
        allow_none=True, metadata={"description": "The share of the estimated value; none after a withdrawal."}
    )


class DecisionSchema(StrictSchema):
    decided_at = Timestamp()
    decided_on = fields.Date()
    country = Choice(COUNTRIES)
    standstill_days = fields.Integer()
    standstill_ends_on = fields.Date(metadata={"description": "The standstill period's last day."})
    signable_from = fields.Date(metadata={"description": "The first day the contract may be signed."})


class AwardSchema(StrictSchema):
    """The award as it stands: the recommendation, its checks, every participant's decision and share, the
    decision with its standstill period, and the signed contract."""

    procurement_id = fields.Integer()
    stage = Choice(STAGES)
    recommendation = fields.Nested(RecommendedTenderSchema, allow_none=True)
    evaluation_report = fields.Nested(DocumentRefSchema, allow_none=True)
    contract_document = fields.Nested(DocumentRefSchema, allow_none=True)
    quality_checks = fields.List(fields.Nested(QualityCheckSchema))
    currency = Choice(CURRENCY_CODES, allow_none=True)
    estimated_value_minor = fields.Integer(allow_none=True)
    approvals = fields.List(fields.Nested(ParticipantShareSchema))
    decision = fields.Nested(DecisionSchema, allow_none=True)
    contract = fields.Nested(ContractSigningSchema, allow_none=True)
