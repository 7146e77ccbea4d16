"""Marshmallow schemas of the team, sections, requirements, risks and the library: the API's shape."""

from __future__ import annotations

from marshmallow import fields, validate

from samverka.platform.core.schemas import Choice, Flag, Id, StrictSchema, Timestamp, Whole
from samverka.platform.requirements.models import ASPECTS, KINDS, SECTION_STATUSES
from samverka.tenants.roles import TEAM_ROLE_NAMES

SCORE = validate.Range(min=1, max=4)


class TeamMemberSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    procurement_id = fields.Integer(dump_only=True)
    user_id = Id(required=True)
    user_name = fields.String(dump_only=True)
    role = Choice(TEAM_ROLE_NAMES, required=True)
    tenant_id = fields.Integer(dump_only=True, allow_none=True)
    partner_id = fields.Integer(dump_only=True, allow_none=True)
    created_at = Timestamp(dump_only=True)


class SectionSchema(StrictSchema):
    role = Choice(TEAM_ROLE_NAMES, required=True)
    status = Choice(SECTION_STATUSES, required=True)
    text = fields.String(load_default="", validate=validate.Length(max=20_000))
    updated_at = Timestamp(dump_only=True, allow_none=True)


class RequirementSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    key = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    kind = Choice(KINDS, dump_only=True)
    aspect = Choice(ASPECTS, dump_only=True, allow_none=True)
    level = fields.Integer(dump_only=True, allow_none=True)
    title_nb = fields.String(dump_only=True)
    title_sv = fields.String(dump_only=True)
    title_en = fields.String(dump_only=True)
    text_nb = fields.String(dump_only=True)
    text_sv = fields.String(dump_only=True)
    text_en = fields.String(dump_only=True)


class ClassificationSchema(StrictSchema):
    levels = fields.Dict(keys=Choice(ASPECTS), values=fields.Integer(), dump_only=True)
    personal_data = fields.Boolean(dump_only=True)
    needs = fields.Integer(dump_only=True)
    unclassified_needs = fields.Integer(dump_only=True)


class ProcurementRequirementsSchema(StrictSchema):
    classification = fields.Nested(ClassificationSchema, dump_only=True, allow_none=True)
    requirements = fields.List(fields.Nested(RequirementSchema), dump_only=True)


TITLE = validate.Length(min=1, max=200)
TEXT = validate.Length(min=1, max=5000)


class LibraryVersionSchema(StrictSchema):
    """The texts of a requirement's next version, in bokmål, Swedish and English."""

    title_nb = fields.String(required=True, validate=TITLE)
    title_sv = fields.String(required=True, validate=TITLE)
    title_en = fields.String(required=True, validate=TITLE)
    text_nb = fields.String(required=True, validate=TEXT)
    text_sv = fields.String(required=True, validate=TEXT)
    text_en = fields.String(required=True, validate=TEXT)


class NothingSchema(StrictSchema):
    """An action whose path names everything: the body is an empty JSON object (anything else is a 422)."""


class LoadedSchema(StrictSchema):
    added = fields.Integer(dump_only=True)


class RiskSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    description = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    likelihood = Whole(required=True, validate=SCORE)
    consequence = Whole(required=True, validate=SCORE)
    measure = fields.String(load_default="", validate=validate.Length(max=2000))
    score = fields.Integer(dump_only=True)
    created_at = Timestamp(dump_only=True)


class AssessmentSchema(StrictSchema):
    status = Choice(SECTION_STATUSES, required=True)
    dpia_required = Flag(load_default=False)


class RiskAssessmentSchema(StrictSchema):
    assessment = fields.Nested(AssessmentSchema, dump_only=True, allow_none=True)
    risks = fields.List(fields.Nested(RiskSchema), dump_only=True)


class MissingSchema(StrictSchema):
    role = Choice(TEAM_ROLE_NAMES, dump_only=True)
    text = fields.String(dump_only=True)
