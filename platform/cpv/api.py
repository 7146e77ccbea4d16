"""Looking up CPV codes over the JSON API: GET /api/v1/cpv?q=..."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from samverka.platform.core.api import ApiBlueprint
from samverka.platform.cpv import search as words
from samverka.platform.cpv import services

blp = ApiBlueprint(
    "cpv",
    __name__,
    url_prefix="/api/v1",
    description=(
        "The Common Procurement Vocabulary (CPV 2008), searchable by code and by words in its English, Swedish "
        "and Danish labels, Norwegian words included. Reference data shared by every tenant."
    ),
)


class CpvQuerySchema(Schema):
    class Meta:
        unknown = "raise"

    q = fields.String(
        required=True,
        validate=validate.Length(min=2, max=100),
        metadata={
            "description": "The start of a code (4831) or words in English, Swedish, Danish or Norwegian (arkiv)."
        },
    )


class CpvLabelsSchema(Schema):
    en = fields.String()
    sv = fields.String()
    da = fields.String()


class CpvCodeSchema(Schema):
    code = fields.String(attribute="display", metadata={"description": "With its check digit, e.g. 48000000-8."})
    label = fields.String(metadata={"description": "The English label."})
    labels = fields.Nested(
        CpvLabelsSchema, metadata={"description": "The official English, Swedish and Danish labels."}
    )


@blp.route("/cpv")
@blp.arguments(CpvQuerySchema, location="query")
@blp.response(200, CpvCodeSchema(many=True))
def search(query):
    """Up to 20 CPV codes matching the query, IT and the most general first."""
    found = services.search(query["q"], limit=services.SEARCH_LIMIT)
    return [{"display": c.display, "label": c.label, "labels": words.labels_of(c.code)} for c in found]
