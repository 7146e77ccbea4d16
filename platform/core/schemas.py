"""What every area's marshmallow schemas share: strictness, and Norwegian and Swedish organisation numbers.

Organisation numbers (of municipalities, partners and suppliers alike) are checked with
python-stdnum's validators, check digits included.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr

ORGNR_VALIDATORS = {"NO": no_orgnr, "SE": se_orgnr}


def clean_orgnr(country: str, value: str) -> str:
    """The compact form of a valid organisation number; raises ValidationError otherwise."""
    validator = ORGNR_VALIDATORS.get(country)
    if validator is None or not validator.is_valid(value or ""):
        raise ValidationError("Not a valid organisation number for this country.")
    return validator.compact(value)


class StrictSchema(Schema):
    class Meta:
        # Unknown fields are an error, not silently dropped: the caller learns of a typo.
        unknown = "raise"
