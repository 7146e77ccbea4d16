"""The API's shape of the region's benefit roll-up: per delivered procurement, the same numbers as the page."""

from __future__ import annotations

from marshmallow import fields, validate

from samverka.platform.benefits.rollup import KINDS
from samverka.platform.core.api import PageArgs
from samverka.platform.core.catalogue import CURRENCY_CODES
from samverka.platform.core.schemas import Choice, ExactDecimal, StrictSchema, Whole

FIRST_YEAR, LAST_YEAR = 2000, 2100


class RollupArgs(PageArgs):
    year = Whole(
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata={"description": "The calendar year; this year in the region's country when left out."},
    )


class FiguresSchema(StrictSchema):
    planned = ExactDecimal(2, dump_only=True, metadata={"description": "Planned in the year (money: major units)."})
    realised = ExactDecimal(2, dump_only=True, metadata={"description": "Measured in the year's periods."})
    share = fields.Integer(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Realised of planned in whole per cent; null: none planned."},
    )


class KindFiguresSchema(StrictSchema):
    money = fields.Nested(FiguresSchema, dump_only=True, metadata={"description": "In the region's currency."})
    hours = fields.Nested(FiguresSchema, dump_only=True)
    count = fields.Nested(FiguresSchema, dump_only=True)


class MissingPeriodSchema(StrictSchema):
    line = fields.String(dump_only=True, metadata={"description": "The benefit line's description."})
    start = fields.Date(dump_only=True)
    end = fields.Date(dump_only=True)


class MunicipalityRollupSchema(StrictSchema):
    tenant_id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    figures = fields.Nested(KindFiguresSchema, dump_only=True)
    missing = fields.List(
        fields.Nested(MissingPeriodSchema),
        dump_only=True,
        metadata={"description": "The year's due periods without a measurement (not reported)."},
    )


class ProcurementRollupSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True)
    delivered_on = fields.Date(dump_only=True)
    year = fields.Integer(dump_only=True)
    currency = Choice(CURRENCY_CODES, dump_only=True)
    kinds = fields.List(Choice(KINDS), dump_only=True, metadata={"description": "What the lines measure."})
    municipalities = fields.List(fields.Nested(MunicipalityRollupSchema), dump_only=True)
    totals = fields.Nested(KindFiguresSchema, dump_only=True)
