"""Marshmallow schemas of thresholds: the API's shape and the operator form's validation."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from samverka.platform.core.catalogue import CURRENCY_CODES
from samverka.platform.core.money import MAX_AMOUNT_MINOR, KronerField
from samverka.platform.core.schemas import Choice, Computed, StrictSchema, Timestamp, Whole
from samverka.platform.thresholds.labels import kind_label
from samverka.platform.thresholds.models import FIRST_YEAR, KINDS, KINDS_BY_COUNTRY, LAST_YEAR

YEAR = validate.Range(min=FIRST_YEAR, max=LAST_YEAR, error=f"A year from {FIRST_YEAR} to {LAST_YEAR}.")
POSITIVE = validate.Range(min=1, max=MAX_AMOUNT_MINOR, error="A whole number of minor units (øre/öre), 1 to 10¹⁵.")


class ThresholdSchema(StrictSchema):
    """A threshold; ``amount_minor`` in øre/öre excluding VAT, the currency follows the country."""

    id = fields.Integer(dump_only=True)
    country = Choice(KINDS_BY_COUNTRY, required=True)
    year = Whole(required=True, strict=True, validate=YEAR)
    kind = Choice(KINDS, required=True)
    kind_label = Computed(lambda t: kind_label(t.country, t.kind), fields.String())
    amount_minor = Whole(required=True, strict=True, validate=POSITIVE)
    currency = Choice(CURRENCY_CODES, dump_only=True)
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    source_url = fields.String(load_default="", validate=validate.Length(max=500))
    updated_at = Timestamp(dump_only=True)

    @validates("source_url")
    def _web_address(self, value, **kwargs):
        if value and not value.startswith(("https://", "http://")):
            raise ValidationError("A web address starting with https://, or nothing.")

    @validates_schema
    def _kind_of_the_country(self, data, **kwargs):
        country, kind = data.get("country"), data.get("kind")
        if country in KINDS_BY_COUNTRY and kind in KINDS and kind not in KINDS_BY_COUNTRY[country]:
            raise ValidationError(f"{kind} is not a threshold kind of {country}.", "kind")


class ThresholdFormSchema(ThresholdSchema):
    """The operator's form: the year and the amount as typed (kroner/kronor, e.g. "2 300 000")."""

    year = Whole(required=True, validate=YEAR)
    amount_minor = KronerField(data_key="amount", required=True, validate=POSITIVE)
