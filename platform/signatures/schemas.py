"""Marshmallow schemas of the DPA: its template, its versions and signatures, and a request to sign."""

from __future__ import annotations

from marshmallow import fields, validate

from samverka.platform.core.schemas import Id, StrictSchema, Timestamp, Whole
from samverka.platform.signatures.services.templates import MAX_TEXT

TEXT = validate.Length(min=1, max=MAX_TEXT)
SHA256 = validate.Regexp(r"^[0-9a-f]{64}$")


class TemplateSchema(StrictSchema):
    """The template's text in bokmål and Swedish: ``## `` starts a heading, a blank line a paragraph."""

    text_nb = fields.String(required=True, validate=TEXT)
    text_sv = fields.String(required=True, validate=TEXT)


class TemplateVersionSchema(TemplateSchema):
    id = fields.Integer(dump_only=True)
    region_id = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True, metadata={"description": "0: the platform's default, not saved yet."})
    created_at = Timestamp(dump_only=True, allow_none=True)


class DrawUpSchema(StrictSchema):
    replaces_version = Whole(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1),
        metadata={"description": "The current version the coordinator saw (none for the first): 409 if another."},
    )


class SignRequestSchema(StrictSchema):
    """The version shown and its SHA-256, and the municipality signed for."""

    tenant_id = Id(required=True)
    version = Whole(required=True, validate=validate.Range(min=1))
    sha256 = fields.String(required=True, validate=SHA256)


class SigningStartSchema(StrictSchema):
    authorization_url = fields.String(
        metadata={"description": "Open in the same browser session: the e-ID sign-in that signs."}
    )


class DpaSignatureSchema(StrictSchema):
    id = fields.Integer()
    tenant_id = fields.Integer()
    sequence = fields.Integer()
    signatory_name = fields.String()
    acr = fields.String()
    signed_at = Timestamp()
    evidence_sha256 = fields.String()
    signed_pdf_sha256 = fields.String()


class SignatoryStatusSchema(StrictSchema):
    tenant_id = fields.Integer()
    name = fields.String()
    organisation_number = fields.String()
    signature = fields.Nested(DpaSignatureSchema, allow_none=True)


class DpaDocumentSchema(StrictSchema):
    id = fields.Integer()
    version = fields.Integer()
    template_version = fields.Integer()
    language = fields.String()
    sha256 = fields.String()
    size_bytes = fields.Integer()
    created_at = Timestamp()
    facts = fields.Dict()


class DpaVoidedSchema(StrictSchema):
    version = fields.Integer(attribute="document.version")
    sha256 = fields.String(attribute="document.sha256")
    replaced_by_version = fields.Integer(attribute="by.version")
    replaced_at = Timestamp(attribute="by.created_at")
    voided_signatures = fields.Integer(attribute="signatures")
    message = fields.String()


class DpaSchema(StrictSchema):
    procurement_id = fields.Integer(attribute="procurement.id")
    stage = fields.String(attribute="procurement.status")
    contract_id = fields.Integer(attribute="contract.id", allow_none=True)
    in_force_for_personal_data = fields.Boolean()
    current = fields.Nested(DpaDocumentSchema, allow_none=True)
    signatories = fields.List(fields.Nested(SignatoryStatusSchema))
    voided = fields.List(fields.Nested(DpaVoidedSchema))
