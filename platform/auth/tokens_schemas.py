"""The API's and the page's shape of a partner's API tokens; the secret appears only in the answer that creates one."""

from __future__ import annotations

from marshmallow import fields, validate

from samverka.platform.auth.tokens import DEFAULT_DAYS, MAX_DAYS
from samverka.platform.core.schemas import Choice, Computed, StrictSchema, Timestamp, Whole, single_line
from samverka.platform.core.time import utcnow

TOKEN_STATUSES = ("active", "expired", "revoked")


class TokenRequestSchema(StrictSchema):
    """A new token: a name to know it by, and how many days it lasts (1 to 365; 90 if left out)."""

    name = fields.String(required=True, validate=[validate.Length(min=1, max=80), single_line])
    expires_in_days = Whole(
        strict=True,  # a JSON number: "90" is refused rather than read as one
        load_default=DEFAULT_DAYS,
        validate=validate.Range(min=1, max=MAX_DAYS),
        metadata={"description": "Days until the token expires, from 1 to 365."},
    )


class TokenForm(TokenRequestSchema):
    """The page's form: the expiry comes as the text of the chosen option."""

    expires_in_days = Whole(required=True, validate=validate.Range(min=1, max=MAX_DAYS))


class TokenSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    partner_id = fields.Integer(dump_only=True)
    region_id = fields.Integer(dump_only=True, metadata={"description": "The one region the token reads."})
    name = fields.String(dump_only=True)
    prefix = fields.String(dump_only=True, metadata={"description": "The token's first characters."})
    created_at = Timestamp(dump_only=True)
    expires_at = Timestamp(dump_only=True)
    last_used_at = Timestamp(dump_only=True, allow_none=True)
    revoked_at = Timestamp(dump_only=True, allow_none=True)
    status = Computed(lambda token: token.status(utcnow()), Choice(TOKEN_STATUSES))


class CreatedTokenSchema(TokenSchema):
    token = fields.String(
        dump_only=True,
        attribute="secret",
        metadata={"description": "The token itself: shown in this answer only, never again. Keep it secret."},
    )
