"""The API's shape of a municipality's exports."""

from __future__ import annotations

from flask import url_for
from marshmallow import fields

from samverka.platform.core.schemas import Choice, Computed, StrictSchema, Timestamp
from samverka.platform.portability.models import EXPORT_STATUSES
from samverka.platform.portability.services import downloadable


class ExportRequestSchema(StrictSchema):
    """Start an export of everything the municipality owns (no fields: send an empty object)."""


class ExportSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    tenant_id = fields.Integer(dump_only=True)
    status = Choice(EXPORT_STATUSES, dump_only=True)
    progress_done = fields.Integer(dump_only=True)
    progress_total = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True, allow_none=True)
    size_bytes = fields.Integer(dump_only=True, allow_none=True)
    created_at = Timestamp(dump_only=True)
    finished_at = Timestamp(dump_only=True, allow_none=True)
    expires_at = Timestamp(dump_only=True, allow_none=True)
    download_url = Computed(
        lambda export: url_for("portability.download", export_id=export.id) if downloadable(export) else None,
        fields.String(allow_none=True, metadata={"description": "The archive (ZIP), while it can be downloaded."}),
    )
