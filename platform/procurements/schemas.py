"""Marshmallow schemas of joint procurements and invitations to join: the API's shape and the forms' validation."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from samverka.platform.needs.models.need import CATEGORIES
from samverka.platform.procurements.services import today
from samverka.tenants.schemas import StrictSchema

TITLE = validate.Length(min=3, max=200)
ANSWERS = ("joined", "declined")


class ProcurementSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    region_id = fields.Integer(dump_only=True)
    title = fields.String(required=True, validate=TITLE)
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    status = fields.String(dump_only=True)
    from_proposal_id = fields.Integer(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class InviteSchema(StrictSchema):
    """Whom to invite (omit ``tenant_ids`` to invite every member municipality) and by when to answer."""

    tenant_ids = fields.List(fields.Integer(), load_default=list)
    deadline = fields.Date(required=True)

    @validates("deadline")
    def _in_the_future(self, value, **kwargs):
        if value < today():
            raise ValidationError("The deadline must be today or later.")


class JoinInvitationSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    procurement_id = fields.Integer(dump_only=True)
    procurement_title = fields.Function(lambda i: i.procurement.title, dump_only=True)
    region_id = fields.Integer(dump_only=True)
    tenant_id = fields.Integer(dump_only=True)
    deadline = fields.Date(dump_only=True)
    status = fields.String(dump_only=True)
    comment = fields.String(dump_only=True)
    need_id = fields.Integer(dump_only=True, allow_none=True)
    answered_at = fields.DateTime(dump_only=True, allow_none=True)


class AnswerSchema(StrictSchema):
    """Join with ``need_id`` (one of the municipality's needs) or ``new_need_title`` (registered now), or decline."""

    status = fields.String(required=True, validate=validate.OneOf(ANSWERS))
    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    need_id = fields.Integer(load_default=None, allow_none=True)
    new_need_title = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=2, max=200))

    @validates_schema
    def _one_need(self, data, **kwargs):
        if data.get("need_id") is not None and data.get("new_need_title"):
            raise ValidationError("Choose an existing need or register a new one, not both.", "new_need_title")
