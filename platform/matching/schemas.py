"""Proposals in the API, and the coordinator's decision inputs."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from samverka.platform.core.schemas import Choice, StrictSchema, single_line
from samverka.platform.matching.features import REASON_CODES
from samverka.platform.matching.models import PROPOSAL_STATUSES


class ReasonSchema(Schema):
    code = Choice(REASON_CODES)
    params = fields.Dict()


class ProposalSchema(Schema):
    id = fields.Integer()
    region_id = fields.Integer()
    need_ids = fields.List(fields.Integer())
    tenant_ids = fields.List(fields.Integer())
    score = fields.Float()
    reasons = fields.List(fields.Nested(ReasonSchema))
    status = Choice(PROPOSAL_STATUSES)
    dismiss_reason = fields.String(allow_none=True)
    procurement_id = fields.Integer(allow_none=True)


class AcceptSchema(StrictSchema):
    title = fields.String(required=True, validate=[validate.Length(min=3, max=200), single_line])


class DismissSchema(StrictSchema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class AcceptedSchema(Schema):
    procurement_id = fields.Integer()
