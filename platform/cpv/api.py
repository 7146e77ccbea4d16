"""Looking up CPV codes over the JSON API: GET /api/v1/cpv?q=..."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from samverka.platform.core.api import ApiBlueprint
from samverka.platform.cpv import services

blp = ApiBlueprint(
    "cpv",
    __name__,
    url_prefix="/api/v1",
    description=(
        "The Common Procurement Vocabulary (CPV 2008), searchable by code and by words in its English labels. "
        "Reference data shared by every tenant."
    ),
)


class CpvQuerySchema(Schema):
    class Meta:
        unknown = "raise"

    q = fields.String(
        required=True,
        validate=validate.Length(min=2, max=100),
        metadata={
            "description": "The start of a code (4831) or words that must all occur in the label (document management)."
        },
    )


class CpvCodeSchema(Schema):
    code = fields.String(attribute="display", metadata={"description": "With its check digit, e.g. 48000000-8."})
    label = fields.String()


@blp.route("/cpv")
@blp.arguments(CpvQuerySchema, location="query")
@blp.response(200, CpvCodeSchema(many=True))
def search(query):
    """Up to 20 CPV codes matching the query, the most general first."""
    return services.search(query["q"], limit=services.SEARCH_LIMIT)
