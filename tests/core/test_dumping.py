"""The planned dump (platform/core/dumping.py) gives what marshmallow's own dump gives, field kind by field kind,
and the check the test suite runs on every API answer fails when the two differ."""

from __future__ import annotations

from collections import namedtuple
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask import Flask
from marshmallow import Schema, fields, post_dump

from samverka.platform.core import dumping
from samverka.platform.core.schemas import Computed, ExactDecimal, Timestamp, Whole


class ReasonSchema(Schema):
    kind = fields.String()
    weight = fields.Float()


class RowSchema(Schema):
    id = Whole()
    title = fields.String()
    label = fields.String(attribute="title_text", data_key="label_text")
    votes = fields.Integer(dump_default=0)
    flag = fields.Boolean()
    amount = fields.Decimal(as_string=True)
    day = fields.Date()
    at = Timestamp()
    codes = fields.List(fields.String())
    reasons = fields.List(fields.Nested(ReasonSchema))
    first = fields.Nested(ReasonSchema, allow_none=True)
    owner = fields.String(attribute="owner.name")  # dotted: marshmallow's own look-up
    shout = Computed(lambda row: str(getattr(row, "title", "")).upper(), fields.String())
    secret = fields.String(load_only=True)


class Hooked(Schema):
    name = fields.String()

    @post_dump
    def tag(self, data, **kwargs):
        return {**data, "tagged": True}


Tuple = namedtuple("Tuple", "id title title_text flag")


def _rows() -> list:
    reason = SimpleNamespace(kind="cpv", weight=0.5)
    return [
        SimpleNamespace(
            id=1,
            title="Trygghetsalarm",
            title_text="Trygghetsalarm (2027)",
            votes=3,
            flag=1,
            amount=Decimal("12.50"),
            day=date(2027, 1, 1),
            at=datetime(2027, 1, 1, 12, tzinfo=UTC),
            codes=["33100000", 48000000],
            reasons=[reason, {"kind": "text", "weight": 1}],
            first=None,
            owner=SimpleNamespace(name="Notodden"),
            secret="not dumped",
        ),
        SimpleNamespace(id=2, title=None, title_text=42, flag=None, reasons=[], first=reason, owner=None),
        {"id": 3, "title": "Sak/arkiv", "flag": False, "codes": None, "reasons": None},
        Tuple(4, "E-arkiv", "E-arkiv", True),
    ]


def test_the_planned_dump_is_marshmallows(app):
    schema = RowSchema(many=True)
    expected = schema.dump(_rows())
    with app.app_context():
        assert dumping.dumper(RowSchema(many=True))(_rows()) == expected
        assert dumping.dumper(RowSchema())(_rows()[0]) == RowSchema().dump(_rows()[0])
    assert expected[1]["votes"] == 0 and "label_text" in expected[0] and "secret" not in expected[0]


class Tens(fields.Integer):
    """Its own number format: the plan must leave it to marshmallow."""

    def _format_num(self, value):
        return int(value) * 10


class NumberSchema(Schema):
    whole = Whole()
    text = fields.Integer(as_string=True)
    tens = Tens()
    plain = fields.Decimal()
    cents = fields.Decimal(places=2, rounding="ROUND_HALF_UP", as_string=True)
    exact = ExactDecimal(places=2)
    nan = fields.Decimal(allow_nan=True, as_string=True)


NUMBERS = [
    {"whole": 7, "text": 7, "tens": 7, "plain": Decimal("1.10"), "cents": Decimal("2.005"), "exact": Decimal("3")},
    {"whole": True, "text": "8", "tens": 8.9, "plain": 2.5, "cents": 1, "exact": "4.1", "nan": Decimal("-sNaN")},
    {"whole": None, "text": None, "tens": None, "plain": Decimal("1E+2"), "cents": -0.005, "exact": None, "nan": 1},
    {"plain": Decimal("-0.0"), "cents": Decimal("Infinity"), "exact": Decimal("0.10"), "nan": float("nan")},
]


def _exactly(value):
    """A value with its type and its digits: Decimal("1.10") and Decimal("1.1") are equal but answer differently."""
    return [(type(v), str(v)) for v in value.values()] if isinstance(value, dict) else value


def test_numbers_are_planned_as_marshmallow_dumps_them(app):
    with app.app_context():
        for row in NUMBERS:
            assert _exactly(dumping.dumper(NumberSchema())(row)) == _exactly(NumberSchema().dump(row))
    assert dumping.dumper(NumberSchema())(NUMBERS[0])["tens"] == 70  # the subclass's own format kept


def test_only_and_exclude_are_kept(app):
    with app.app_context():
        assert dumping.dumper(RowSchema(only=("id", "reasons")))(_rows()[0]) == {
            "id": 1,
            "reasons": [{"kind": "cpv", "weight": 0.5}, {"kind": "text", "weight": 1.0}],
        }
        assert "title" not in dumping.dumper(RowSchema(exclude=("title",)))(_rows()[0])


def test_a_schema_with_dump_hooks_is_dumped_by_marshmallow(app):
    with app.app_context():
        assert dumping.dumper(Hooked())({"name": "x"}) == {"name": "x", "tagged": True}


def test_the_check_fails_when_the_plan_is_wrong():
    app = Flask(__name__)
    app.config["API_DUMP_CHECK"] = True
    schema = RowSchema()
    schema.__dict__[dumping._PLAN] = lambda obj, many=None: {"id": obj.id}  # a plan that leaves fields out
    dumping.install(schema)
    with app.app_context(), pytest.raises(dumping.DumpMismatch, match="RowSchema.*keys"):
        schema.dump(_rows()[0])
    app.config["API_DUMP_CHECK"] = False
    with app.app_context():
        assert schema.dump(_rows()[0]) == {"id": 1}


def test_the_check_tells_a_number_from_its_text():
    assert dumping._difference({"a": [1]}, {"a": [1.0]}) == "/a/0"
    assert dumping._difference({"a": "2027-01-01"}, {"a": "2027-01-01"}) is None


def test_the_api_answers_are_planned_and_checked(app):
    assert app.config["API_DUMP_CHECK"] is True
    planned = [
        view
        for view in app.view_functions.values()
        if any(dumping._PLAN in vars(cell.cell_contents) for cell in _schemas_in(view))
    ]
    assert planned, "no API endpoint dumps its answer by a plan"


def _schemas_in(view) -> list:
    """The marshmallow schemas a decorated view's closures hold (flask-smorest keeps the answer's schema there)."""
    found, seen, todo = [], set(), [view]
    while todo:
        function = todo.pop()
        if id(function) in seen:
            continue
        seen.add(id(function))
        for cell in getattr(function, "__closure__", None) or ():
            value = cell.cell_contents
            if isinstance(value, Schema):
                found.append(cell)
            elif callable(value):
                todo.append(value)
        todo.extend(filter(None, [getattr(function, "__wrapped__", None)]))
    return found
