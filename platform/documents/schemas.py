"""The API's shape of a procurement's documents."""

from __future__ import annotations

from flask import url_for
from marshmallow import fields

from samverka.platform.core.schemas import Choice, Computed, StrictSchema, Timestamp
from samverka.platform.documents.models import DOCUMENT_KINDS


class ProcurementDocumentSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    procurement_id = fields.Integer(dump_only=True)
    region_id = fields.Integer(dump_only=True)
    kind = Choice(DOCUMENT_KINDS, dump_only=True)
    version = fields.Integer(dump_only=True)
    filename = fields.String(dump_only=True)
    media_type = fields.String(dump_only=True, metadata={"description": "Read from the content, not the name."})
    size_bytes = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    uploaded_at = Timestamp(dump_only=True)
    download_url = Computed(
        lambda document: url_for("documents.download", document_id=document.id),
        fields.String(metadata={"description": "Where the content is downloaded (as an attachment)."}),
    )
