"""What every area's marshmallow schemas share: strictness, bounded whole numbers and ids, text that
PostgreSQL can store, time stamps with their zone, closed sets of values, values worked out from the
object (each documented with its type), and Norwegian and Swedish organisation numbers.

Organisation numbers (of municipalities, partners and suppliers alike) are checked with
python-stdnum's validators, check digits included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal as PyDecimal

from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr

from samverka.platform.core.time import parse_typed_date

ORGNR_VALIDATORS = {"NO": no_orgnr, "SE": se_orgnr}
# Ids are PostgreSQL integers: a larger number cannot name a row, and the driver would refuse to send it.
MAX_ID = 2**31 - 1
# Other whole numbers (amounts in minor units) go into bigints at most.
MAX_BIGINT = 2**63 - 1
NO_NUL = _l("Remove the NUL character (\\0): text cannot hold it.")
ONE_LINE = _l("Write this on one line, without line breaks.")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]")


def clean_orgnr(country: str, value: str) -> str:
    """The compact form of a valid organisation number; raises ValidationError otherwise."""
    validator = ORGNR_VALIDATORS.get(country)
    if validator is None or not validator.is_valid(value or ""):
        raise ValidationError("Not a valid organisation number for this country.")
    return validator.compact(value)


def _texts(value, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts(key, path or str(key))
            yield from _texts(item, path or str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, path)


def fields_with_nul(data) -> dict[str, list]:
    """The top-level fields of submitted data (a JSON body, a form, a query) holding a NUL character
    anywhere within: PostgreSQL text cannot store it, so it is refused before any rule reads it."""
    return {path or "_schema": [NO_NUL] for path, text in _texts(data, "") if "\x00" in text}


def line_problem(text: str):
    """Why ``text`` cannot be a title or a name, or None: a NUL (PostgreSQL text cannot hold it) or a
    line break (titles go into mail headers and one-line displays, so a break is refused, not stored)."""
    if "\x00" in text:
        return NO_NUL
    if _LINE_BREAK.search(text):
        return ONE_LINE
    return None


def single_line(text: str) -> None:
    """The marshmallow validator of titles and names."""
    problem = line_problem(text)
    if problem is not None:
        raise ValidationError(str(problem))


class Whole(fields.Integer):
    """An integer that refuses a fraction rather than dropping it (2.5 and 2.5e-42 are not 2 or 0) and
    anything beyond a bigint, so no number reaches the database that it cannot hold."""

    default_error_messages = {"not_whole": "Not a whole number."}

    def _validated(self, value):
        if isinstance(value, float | PyDecimal) and not _integral(value):
            raise self.make_error("not_whole", input=value)
        number = super()._validated(value)
        if abs(number) > MAX_BIGINT:
            raise self.make_error("too_large", input=value)
        return number


def _integral(value: float | PyDecimal) -> bool:
    try:
        return value == int(value)
    except (OverflowError, ValueError):  # infinity, NaN
        return False


def Id(**kwargs) -> Whole:
    """The id of a row: a whole number from 1 to 2³¹−1."""
    return Whole(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class ExactDecimal(fields.Decimal):
    """A decimal with at most ``places`` decimals, written and answered as a string ("12.50") so no float
    rounds it on the way. More decimals are refused, never rounded away. The API documents it as a
    string of format ``decimal`` (``extensions.api`` maps it), with its bounds as ``x-minimum``/``x-maximum``."""

    default_error_messages = {"too_precise": "At most {places} decimals."}

    def __init__(self, places: int, **kwargs):
        pattern = rf"^-?\d+(\.\d{{1,{places}}})?$"
        kwargs["metadata"] = {"pattern": pattern, **kwargs.get("metadata", {})}
        super().__init__(places=places, as_string=True, **kwargs)

    def _validated(self, value):
        number = super()._validated(value)  # rounds to ``places``: compare with what was sent
        if PyDecimal(str(value)) != number:
            raise self.make_error("too_precise", places=-self.places.as_tuple().exponent)
        return number


class Flag(fields.Boolean):
    """A JSON true or false, nothing else: 0, 1, "yes" or "on" are refused rather than read as one."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):  # 0 == False and 1 == True in Python: the type must be checked
            raise self.make_error("invalid", input=value)
        return value


class Timestamp(fields.DateTime):
    """A moment, stored as naive UTC (``core.time``), given with its zone (RFC 3339: ``...+00:00``)."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class TypedDate(fields.Date):
    """A date typed in a form: ISO (2023-04-01), 01.04.2023 or 1.4.2023, or 01/04/2023 (``core.time``).

    For HTML forms; the API keeps ISO 8601 only (``fields.Date``), as its document says.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        found = parse_typed_date(value) if isinstance(value, str) else None
        if found is None:
            raise self.make_error("invalid")
        return found


def Choice(values: Iterable[str], **kwargs) -> fields.String:
    """A text from a closed set (a status, a category, a currency...): refused unless one of ``values``,
    and documented as the OpenAPI ``enum`` (apispec reads the validator), in answers as in input."""
    error = "{input} is not allowed here; use one of: {choices}."
    return fields.String(validate=validate.OneOf(tuple(values), error=error), **kwargs)


class Computed(fields.Function):
    """A value worked out from the object by ``get``, answered as the field ``like`` answers it and
    documented with ``like``'s type and values (``SchemaPlugin``): no property of the API is untyped."""

    def __init__(self, get: Callable, like: fields.Field):
        self.like = like
        super().__init__(lambda obj: like.serialize("value", {"value": get(obj)}), dump_only=True)


def _computed_properties(converter: OpenAPIConverter, field: fields.Field, **kwargs) -> dict:
    return converter.field2property(field.like) if isinstance(field, Computed) else {}


class _Converter(OpenAPIConverter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_attribute_function(_computed_properties)


class SchemaPlugin(MarshmallowPlugin):
    """apispec's reading of marshmallow schemas, which also documents ``Computed`` fields."""

    Converter = _Converter


class StrictSchema(Schema):
    class Meta:
        # Unknown fields are an error, not silently dropped: the caller learns of a typo.
        unknown = "raise"
