"""Delivered joint procurements with their participants' benefits in follow-up: what the region's benefit roll-up
reads (platform/benefits/rollup.py).

A delivered procurement is its status and its ``Delivery`` row (mailed), holding the joined needs with benefit
lines (bench/dataset/regional.py), as the test suite's list pages write one (tests/support/list_pages.py): not the
delivery job's path (award, signed contract and DPA, document copies, maintenance lines), which the roll-up does
not read. The first of a region's awaits its go-live (delivered in the last month); the others are in operation,
their go-live confirmed. Most of each line's periods from the delivery on are measured: the planned amount give or
take, or a score.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from samverka.platform.benefits import periods as p
from samverka.platform.benefits.models import BenefitMeasurement
from samverka.platform.delivery.models import Delivery, GoLive

from .common import TODAY, insert_all

AWAITING_GO_LIVE, IN_OPERATION = "delivered", "in_operation"
DELIVERED = (AWAITING_GO_LIVE, IN_OPERATION)  # the statuses of a delivered procurement
DELIVERED_FROM = date(2024, 1, 1)  # the procurements in operation were delivered from here to 60 days before TODAY
# The roll-up reads the calendar year of the day it runs: the periods are measured up to the end of 2026's third
# quarter (past TODAY), so that 2026's page has realised values; its fourth quarter is left to report.
MEASURED_UNTIL = date(2026, 9, 30)
REPORTED_SHARE = 0.8  # of a line's periods: measured, the others not reported
SCOPE = ("tenant_id", "shared_region_ids")


def load_deliveries(session, procurements: dict[int, list[dict]], needs: list[dict], rng: random.Random) -> None:
    """A mailed delivery per delivered procurement, the go-live of those in operation, and the measurements of the
    lines of the needs they hold."""
    delivered = [
        (region_id, row) for region_id, rows in procurements.items() for row in rows if row["status"] in DELIVERED
    ]
    delivered_on = {row["id"]: _delivered_on(rng, row["status"]) for _region_id, row in delivered}
    rows = [
        {"procurement_id": row["id"], "region_id": region_id}
        | {"delivered_at": _at(delivered_on[row["id"]], 10), "mailed_at": _at(delivered_on[row["id"]], 11)}
        for region_id, row in delivered
    ]
    insert_all(session, Delivery, rows)
    live = [
        {"procurement_id": row["id"], "region_id": region_id} | _go_live(rng, delivered_on[row["id"]])
        for region_id, row in delivered
        if row["status"] == IN_OPERATION
    ]
    insert_all(session, GoLive, live)
    measured = [
        m
        for need in needs
        if need.get("held_by") in delivered_on
        for line in need.get("lines", ())
        for m in _measurements(rng, line, delivered_on[need["held_by"]])
    ]
    insert_all(session, BenefitMeasurement, measured)


def _delivered_on(rng: random.Random, status: str) -> date:
    if status == AWAITING_GO_LIVE:
        return TODAY - timedelta(days=rng.randint(1, 30))
    return DELIVERED_FROM + timedelta(days=rng.randrange((TODAY - DELIVERED_FROM).days - 60))


def _go_live(rng: random.Random, delivered_on: date) -> dict:
    """In operation a week to six weeks after the delivery; confirmed by no user (the people are loaded later)."""
    day = delivered_on + timedelta(days=rng.randint(7, 45))
    return {"in_operation_on": day, "confirmed_by_id": None, "confirmed_at": _at(day, 12)}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


def _measurements(rng: random.Random, line: dict, start: date) -> list[dict]:
    """The line's periods that ended by MEASURED_UNTIL, most of them measured a few days after their end."""
    found = SimpleNamespace(value_kind=None, **line)
    kind = p.value_kind(found)
    return [
        {"line_id": line["id"], "period_start": period.start, "period_end": period.end}
        | _value(rng, found, kind, start, period)
        | {"measured_by": line["owner"], "recorded_at": _at(period.end + timedelta(days=7), 12)}
        | {key: line[key] for key in SCOPE}
        for period in p.periods(line["follow_up_period"], start, MEASURED_UNTIL)
        if period.end <= MEASURED_UNTIL and rng.random() < REPORTED_SHARE
    ]


def _value(rng: random.Random, line: SimpleNamespace, kind: str, start: date, period: p.Period) -> dict:
    if kind not in p.QUANTITATIVE:
        return {"score": rng.randint(p.SCALE_MIN, p.SCALE_MAX)}
    planned = p.planned_in(line, start, period.start, period.end) or Decimal(0)
    return {"amount": (planned * Decimal(rng.randint(60, 120)) / 100).quantize(p.CENT)}
