"""Marshmallow schemas: the API's input and output, and the validation behind the HTML forms.

Organisation numbers are checked by ``core.schemas``; a municipality number is four digits.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from samverka.platform.core.schemas import ORGNR_VALIDATORS, StrictSchema, clean_orgnr
from samverka.tenants.models.partner import PARTNER_KINDS
from samverka.tenants.roles import ROLE_NAMES

NAME = validate.Length(min=2, max=120)


class RegionSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=NAME)
    currency = fields.String(required=True, validate=validate.OneOf(["NOK", "SEK"]))
    created_at = fields.DateTime(dump_only=True)


class TenantSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=NAME)
    country = fields.String(required=True, validate=validate.OneOf(["NO", "SE"]))
    municipality_number = fields.String(
        required=True, validate=validate.Regexp(r"^\d{4}$", error="Four digits, e.g. 3006.")
    )
    organisation_number = fields.String(required=True, validate=validate.Length(max=20))
    population = fields.Integer(required=True, validate=validate.Range(min=0, max=20_000_000))
    region_ids = fields.List(fields.Integer(), load_only=True, load_default=list)

    @validates_schema
    def _orgnr(self, data, **kwargs):
        if "country" in data and "organisation_number" in data:
            try:
                data["organisation_number"] = clean_orgnr(data["country"], data["organisation_number"])
            except ValidationError as exc:
                raise ValidationError(exc.messages, field_name="organisation_number") from exc


class PartnerSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    region_id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=NAME)
    kind = fields.String(required=True, validate=validate.OneOf(PARTNER_KINDS))
    organisation_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))

    @validates_schema
    def _orgnr(self, data, **kwargs):
        number = data.get("organisation_number")
        if not number:
            data["organisation_number"] = None
            return
        for validator in ORGNR_VALIDATORS.values():
            if validator.is_valid(number):
                data["organisation_number"] = validator.compact(number)
                return
        raise ValidationError("Not a valid Norwegian or Swedish organisation number.", "organisation_number")


class InvitationSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=NAME)
    role = fields.String(required=True, validate=validate.OneOf([r for r in ROLE_NAMES if r != "operator"]))
    scope_id = fields.Integer(required=True, load_only=True)
    tenant_id = fields.Integer(dump_only=True, allow_none=True)
    region_id = fields.Integer(dump_only=True, allow_none=True)
    partner_id = fields.Integer(dump_only=True, allow_none=True)
    invitee_identity_number = fields.String(
        load_only=True,
        load_default=None,
        validate=validate.Length(max=20),
        metadata={
            "description": "The invitee's national identity number: only that person's e-ID can accept. "
            "Kept only as a keyed hash. Without it, the inviter confirms who accepted."
        },
    )
    bound = fields.Boolean(attribute="is_bound", dump_only=True)
    status = fields.String(
        dump_only=True, validate=validate.OneOf(["open", "awaiting_confirmation", "accepted", "rejected"])
    )
    accepted_by_name = fields.String(dump_only=True, allow_none=True)
    accepted_by_email = fields.String(dump_only=True, allow_none=True)
    expires_at = fields.DateTime(dump_only=True)
    accepted_at = fields.DateTime(dump_only=True, allow_none=True)


class InvitationDecisionSchema(StrictSchema):
    """Confirming or rejecting who accepted an invitation: an optional note for the audit log."""

    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class RoleChangeSchema(StrictSchema):
    user_id = fields.Integer(required=True)
    role = fields.String(required=True, validate=validate.OneOf(["it_coordinator", "chief_executive"]))


class TenantUserSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    roles = fields.List(fields.String())
