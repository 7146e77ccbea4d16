"""Marshmallow schemas: the API's input and output, and the validation behind the HTML forms.

Organisation numbers are checked by ``core.schemas``; a municipality number is four digits.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from samverka.platform.core.catalogue import COUNTRIES, CURRENCY_CODES
from samverka.platform.core.schemas import (
    ORGNR_VALIDATORS,
    Choice,
    Flag,
    Id,
    StrictSchema,
    Timestamp,
    Whole,
    clean_orgnr,
    single_line,
)
from samverka.tenants.models.invitation import INVITATION_STATUSES
from samverka.tenants.models.partner import PARTNER_KINDS
from samverka.tenants.roles import ROLE_NAMES

NAME = [validate.Length(min=2, max=120), single_line]


class RegionSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=NAME)
    currency = Choice(CURRENCY_CODES, required=True)
    created_at = Timestamp(dump_only=True)


class TenantSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=NAME)
    country = Choice(COUNTRIES, required=True)
    municipality_number = fields.String(
        required=True, validate=validate.Regexp(r"^\d{4}$", error="Four digits, e.g. 3006.")
    )
    organisation_number = fields.String(required=True, validate=validate.Length(max=20))
    population = Whole(required=True, validate=validate.Range(min=0, max=20_000_000))
    region_ids = fields.List(Id(), load_only=True, load_default=list, validate=validate.Length(max=100))

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
    kind = Choice(PARTNER_KINDS, required=True)
    organisation_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    receives_signed_papers = fields.Boolean(
        dump_only=True, metadata={"description": "Receives the signed papers of each delivered procurement."}
    )

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


class PartnerRecipientSchema(StrictSchema):
    """Whether the partner receives its own copy of each delivered contract and data processing agreement."""

    receives_signed_papers = Flag(required=True)


class InvitationSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=NAME)
    role = Choice([r for r in ROLE_NAMES if r != "operator"], required=True)
    scope_id = Id(required=True, load_only=True)
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
    status = Choice(INVITATION_STATUSES, dump_only=True)
    accepted_by_name = fields.String(dump_only=True, allow_none=True)
    accepted_by_email = fields.String(dump_only=True, allow_none=True)
    expires_at = Timestamp(dump_only=True)
    accepted_at = Timestamp(dump_only=True, allow_none=True)


class InvitationDecisionSchema(StrictSchema):
    """Confirming or rejecting who accepted an invitation: an optional note for the audit log."""

    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class RoleChangeSchema(StrictSchema):
    user_id = Id(required=True)
    role = Choice(["it_coordinator", "chief_executive"], required=True)


class TenantUserSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    roles = fields.List(Choice(ROLE_NAMES))
