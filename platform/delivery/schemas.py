"""The API's shape of deliveries, delivered documents, go-live and the region's pipeline."""

from __future__ import annotations

from flask import url_for
from marshmallow import fields

from samverka.platform.core.catalogue import CATEGORIES
from samverka.platform.core.schemas import Choice, Computed, StrictSchema, Timestamp, TypedDate
from samverka.platform.delivery.models import DELIVERED_KINDS
from samverka.platform.delivery.pipeline import NOT_REQUIRED, NOT_SIGNED, SIGNED
from samverka.platform.procurements.stages import STAGES


class DeliveryRequestSchema(StrictSchema):
    """Deliver the signed papers (no fields: send an empty object)."""


class DeliveryRequestedSchema(StrictSchema):
    procurement_id = fields.Integer(attribute="id", dump_only=True)
    status = Choice(STAGES, dump_only=True)
    queued = fields.Boolean(dump_only=True, dump_default=True, metadata={"description": "The delivery job waits."})


class GoLiveSchema(StrictSchema):
    """The day the delivered procurement went into operation (ISO 8601; not in the future)."""

    in_operation_on = fields.Date(required=True)


class GoLiveForm(GoLiveSchema):
    in_operation_on = TypedDate(required=True)


class DeliveredDocumentSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    procurement_id = fields.Integer(dump_only=True)
    procurement_title = fields.String(dump_only=True)
    tenant_id = fields.Integer(dump_only=True, allow_none=True)
    partner_id = fields.Integer(dump_only=True, allow_none=True)
    kind = Choice(DELIVERED_KINDS, dump_only=True)
    version = fields.Integer(dump_only=True)
    filename = fields.String(dump_only=True)
    media_type = fields.String(dump_only=True)
    size_bytes = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    delivered_at = Timestamp(dump_only=True)
    download_url = Computed(
        lambda document: url_for("delivery.download", delivered_document_id=document.id),
        fields.String(metadata={"description": "Where the content is downloaded (as an attachment)."}),
    )


class PipelineStageSchema(StrictSchema):
    stage = Choice(STAGES, dump_only=True)
    reached_at = Timestamp(dump_only=True, allow_none=True)
    planned = fields.Date(dump_only=True, allow_none=True)


class PipelineRowSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True)
    category = Choice(CATEGORIES, dump_only=True)
    status = Choice(STAGES, dump_only=True)
    participants = fields.List(fields.String(), dump_only=True, metadata={"description": "Municipalities' names."})
    contract_status = Choice((SIGNED, NOT_SIGNED), dump_only=True)
    dpa_status = Choice((SIGNED, NOT_SIGNED, NOT_REQUIRED), dump_only=True)
    stages = fields.List(fields.Nested(PipelineStageSchema), dump_only=True)
