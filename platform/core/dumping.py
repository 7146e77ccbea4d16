"""A marshmallow schema's ``dump``, planned once per schema instead of worked out field by field per row.

marshmallow reaches every value of every row through five calls (``Field.serialize``, ``get_value``,
the schema's ``get_attribute``, ``utils.get_value``, ``_get_value_for_key``): on a page of 20 rows of
an API list that is a fifth to a third of the request's CPU. The plan makes the same calls that decide
a value (the field's own ``_serialize``, the same look-up by key then attribute, the same defaults) and
skips the layers that only pass it along. Whatever it cannot plan exactly, a schema with dump hooks
or its own ``get_attribute``, a field with its own ``serialize`` or ``get_value``, a dotted attribute,
is dumped by marshmallow itself.

Under test (``API_DUMP_CHECK``), every answer is dumped both ways and must come out equal.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import current_app
from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.utils import ensure_text_type

Convert = Callable[[Any, Any], Any]  # (value, the object it came from) -> its dumped form
_PLAN = "_samverka_dump_plan"


class DumpMismatch(AssertionError):
    """The planned dump and marshmallow's own differ: the plan is wrong for this schema."""


def _plannable_schema(schema: Schema) -> bool:
    kind = type(schema)
    return (
        not schema._hooks[PRE_DUMP]
        and not schema._hooks[POST_DUMP]
        and kind.get_attribute is Schema.get_attribute
        and kind._serialize is Schema._serialize
        and kind.dump is Schema.dump
    )


def _plannable_field(field: fields.Field, key: str) -> bool:
    kind = type(field)
    return (
        field._CHECK_ATTRIBUTE
        and kind.serialize is fields.Field.serialize
        and kind.get_value is fields.Field.get_value
        and "." not in key
    )


def _text(value, obj):
    if value is None or type(value) is str:
        return value
    return ensure_text_type(value)


def _nested(field: fields.Nested) -> Convert:
    schema = field.schema
    dump = dumper(schema)
    many = schema.many or field.many

    def convert(value, obj):
        return None if value is None else dump(value, many)

    return convert


def _as_number(field: fields.Number, number: Callable[[Any], Any], to_string: Callable[[Any], str]) -> Convert:
    """``Number._serialize``: None stays None; else the number, as text when ``as_string``."""
    if field.as_string:
        return lambda value, obj: None if value is None else to_string(number(value))
    return lambda value, obj: None if value is None else number(value)


def _integer(value) -> int:
    return value if type(value) is int else int(value)  # Integer's _format_num: int() of what is not one yet


def _decimal(field: fields.Decimal) -> Callable[[Any], Decimal]:
    """``Decimal._format_num``. A Decimal is taken as it is: marshmallow's ``Decimal(str(value))`` of one
    gives back the same digits, exponent and sign."""
    places, rounding, allow_nan = field.places, field.rounding, field.allow_nan

    def number(value) -> Decimal:
        num = value if type(value) is Decimal else Decimal(str(value))
        if allow_nan and num.is_nan():
            return Decimal("NaN")
        if places is not None and num.is_finite():
            num = num.quantize(places, rounding=rounding)
        return num

    return number


def _plain_number(kind: type, base: type) -> bool:
    """A number field that serializes as ``base`` does (none of its serializing methods overridden)."""
    return all(getattr(kind, name) is getattr(base, name) for name in ("_serialize", "_format_num", "_to_string"))


def _converter(field: fields.Field, name: str) -> Convert:
    """The field's ``_serialize`` of a value, with the arguments marshmallow passes it."""
    kind = type(field)
    if kind is fields.String:
        return _text
    if isinstance(field, fields.Integer) and _plain_number(kind, fields.Integer):
        return _as_number(field, _integer, str)
    if isinstance(field, fields.Decimal) and _plain_number(kind, fields.Decimal):
        return _as_number(field, _decimal(field), lambda num: format(num, "f"))
    if kind is fields.Nested:
        return _nested(field)
    if kind is fields.List:
        inner = _converter(field.inner, name)

        def each(value, obj):
            return None if value is None else [inner(item, obj) for item in value]

        return each
    serialize = field._serialize
    return lambda value, obj: serialize(value, name, obj)


def _item_or_attribute(obj, key: str):
    """marshmallow's look-up of ``key`` in an object that has items: by item, failing that by attribute."""
    try:
        return obj[key]
    except (KeyError, IndexError, TypeError, AttributeError):
        return getattr(obj, key, missing)


def _field_step(name: str, field: fields.Field) -> tuple:
    """How one field is dumped: (output key, name, field, key to read, convert); no key where marshmallow must."""
    output = field.data_key if field.data_key is not None else name
    key = name if field.attribute is None else field.attribute
    if not _plannable_field(field, key):
        return output, name, field, None, None
    return output, name, field, key, _converter(field, name)


def _default(field: fields.Field):
    default = field.dump_default
    return default() if callable(default) else default


def _one(schema: Schema, steps: list[tuple]) -> Callable[[Any], dict]:
    accessor = schema.get_attribute
    dict_class = schema.dict_class

    def dump_one(obj):
        out = dict_class()
        itemised = hasattr(obj, "__getitem__")
        for output, name, field, key, convert in steps:
            if key is None:
                value = field.serialize(name, obj, accessor=accessor)
            else:
                value = _item_or_attribute(obj, key) if itemised else getattr(obj, key, missing)
                if value is missing:
                    value = _default(field)
                    if value is missing:
                        continue
                value = convert(value, obj)
            if value is not missing:
                out[output] = value
        return out

    return dump_one


def dumper(schema: Schema) -> Callable[[Any, bool | None], Any]:
    """``schema.dump`` as a plan, made once per schema instance (a schema's fields are fixed once it exists)."""
    plan = schema.__dict__.get(_PLAN)
    if plan is not None:
        return plan
    if _plannable_schema(schema):
        plan = _planned(schema)
    else:
        own = _own_dump(schema)
        plan = lambda obj, many=None: own(obj, many=many)  # noqa: E731
    schema.__dict__[_PLAN] = plan
    return plan


def _planned(schema: Schema):
    dump_one = _one(schema, [_field_step(name, field) for name, field in schema.dump_fields.items()])

    def dump(obj, many=None):
        many = schema.many if many is None else bool(many)
        if many and obj is not None:
            return [dump_one(item) for item in obj]
        return dump_one(obj)

    return dump


def _own_dump(schema: Schema):
    """The schema's class's own ``dump`` (not the planned one ``install`` puts on the instance)."""
    return type(schema).dump.__get__(schema)


def _difference(a, b, path: str = "") -> str | None:
    """Where two answers first differ, in value or type (1 and 1.0, a date and its text), or None."""
    if type(a) is not type(b):
        return path or "/"
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return f"{path}/ (keys)"
        return next((d for key in a if (d := _difference(a[key], b[key], f"{path}/{key}"))), None)
    if isinstance(a, list | tuple):
        if len(a) != len(b):
            return f"{path}/ (length)"
        return next(
            (d for i, (x, y) in enumerate(zip(a, b, strict=True)) if (d := _difference(x, y, f"{path}/{i}"))), None
        )
    return None if a == b else path or "/"


def install(schema: Schema) -> Schema:
    """Give ``schema`` (an API answer's) the planned ``dump``; under ``API_DUMP_CHECK`` each answer is
    dumped by marshmallow as well and a difference raises ``DumpMismatch``."""
    planned = dumper(schema)
    own = _own_dump(schema)

    def dump(obj, *, many=None):
        result = planned(obj, many)
        if current_app.config.get("API_DUMP_CHECK"):
            where = _difference(result, own(obj, many=many))
            if where is not None:  # the place, not the values: they may be personal data
                raise DumpMismatch(f"{type(schema).__name__}: the planned dump differs from marshmallow's at {where}")
        return result

    schema.dump = dump
    return schema
