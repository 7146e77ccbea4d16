"""Recording what a line realised in a period, setting how a line is followed up, and dropping a line.

Only the need's municipality writes (``tenant:benefits:measure``, its IT coordinators), and only while
the plan is in follow-up. Each refusal is a 422 that changes nothing; another municipality's line is the
same 404 as a missing one. Recording a period again corrects it. Each write is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.benefits import periods as p
from samverka.platform.benefits.models import BenefitMeasurement
from samverka.platform.benefits.services.follow_up import access_line, delivered_for, follow_up_start
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today, utcnow
from samverka.platform.needs.models import BenefitLine
from samverka.tenants import permissions as perm

NOT_IN_FOLLOW_UP = _l("This benefit plan is not in follow-up: its procurement has not been delivered.")
DROPPED = _l("This benefit line has been dropped and takes no more measurements.")
NO_SUCH_PERIOD = _l("There is no such period for this line: choose one of its periods since follow-up started.")
IN_THE_FUTURE = _l("This period has not started yet: measure it once it has.")
AMOUNT_ON_SCALE = _l("This line is measured on the scale from 1 to 5, not as an amount.")
SCORE_ON_AMOUNT = _l("This line is measured as an amount, not on a scale.")
NEED_AMOUNT = _l("Enter the amount measured.")
NEED_SCORE = _l("Choose a score from 1 to 5.")
SCORE_RANGE = _l("The score is from 1 to 5.")
NOT_NEGATIVE = _l("Hours and counts cannot be negative.")
NEED_MEASURED_BY = _l("Enter who measured it.")
NEED_REASON = _l("Say why the benefit line is dropped.")
ALREADY_DROPPED = _l("This benefit line has already been dropped.")
NO_CHANGE_AFTER_MEASURING = _l("How a line is followed up cannot change once it has measurements.")
UNKNOWN_PERIOD_KIND = _l("Choose quarterly, half-yearly or yearly.")
UNKNOWN_VALUE_KIND = _l("Choose money, hours, a count or the scale.")
REASON_LENGTH, MEASURED_BY_LENGTH = 500, 120
REASON_TOO_LONG = _l("Say it in at most 500 characters.")
MEASURED_BY_TOO_LONG = _l("Enter a name of at most 120 characters.")


@dataclass(frozen=True)
class Value:
    """What was measured: an amount or a score (exactly one, checked against the line's kind)."""

    amount: Decimal | None = None
    score: int | None = None


def _line_in_follow_up(session: Session, principal: Principal, line_id: int) -> tuple[BenefitLine, date, date]:
    """The line locked for the change (two recordings of one period wait for each other), its start and today."""
    line = access_line(session, principal, line_id, perm.TENANT_BENEFITS_MEASURE)
    session.execute(select(BenefitLine.id).where(BenefitLine.id == line.id).with_for_update())
    delivered = delivered_for(session, line.plan.need_id)
    if delivered is None:
        raise Refused.field("line", NOT_IN_FOLLOW_UP)
    country = line.plan.need.tenant.country
    return line, follow_up_start(delivered, country), local_today(country)


def _check_period(line: BenefitLine, start: date, today: date, period_start: date) -> p.Period:
    kind = line.follow_up_period
    if not p.is_period_start(kind, period_start) or period_start < p.period_for(kind, start).start:
        raise Refused.field("period_start", NO_SUCH_PERIOD)
    if period_start > today:
        raise Refused.field("period_start", IN_THE_FUTURE)
    return p.period_for(kind, period_start)


def _check_value(line: BenefitLine, value: Value) -> Value:
    kind = p.value_kind(line)
    if kind == p.SCALE:
        if value.amount is not None:
            raise Refused.field("amount", AMOUNT_ON_SCALE)
        if value.score is None:
            raise Refused.field("score", NEED_SCORE)
        if not p.SCALE_MIN <= value.score <= p.SCALE_MAX:
            raise Refused.field("score", SCORE_RANGE)
        return Value(score=value.score)
    if value.score is not None:
        raise Refused.field("score", SCORE_ON_AMOUNT)
    if value.amount is None:
        raise Refused.field("amount", NEED_AMOUNT)
    # Money may be lost as well as saved; hours and counts cannot go below nothing.
    if kind != p.MONEY and value.amount < 0:
        raise Refused.field("amount", NOT_NEGATIVE)
    return Value(amount=value.amount)


def record_measurement(
    session: Session,
    principal: Principal,
    line_id: int,
    period_start: date,
    value: Value,
    *,
    comment: str = "",
    measured_by: str,
) -> BenefitMeasurement:
    """What the line realised in the period starting ``period_start``; a second recording corrects the first."""
    line, start, today = _line_in_follow_up(session, principal, line_id)
    if line.follow_up_status == p.DROPPED:
        raise Refused.field("line", DROPPED)
    period = _check_period(line, start, today, period_start)
    checked = _check_value(line, value)
    if not measured_by.strip():
        raise Refused.field("measured_by", NEED_MEASURED_BY)
    if len(measured_by.strip()) > MEASURED_BY_LENGTH:
        raise Refused.field("measured_by", MEASURED_BY_TOO_LONG)
    measurement = session.scalar(
        select(BenefitMeasurement).where(
            BenefitMeasurement.line_id == line.id, BenefitMeasurement.period_start == period.start
        )
    )
    corrected = measurement is not None
    if measurement is None:
        measurement = BenefitMeasurement(line=line, period_start=period.start, period_end=period.end)
        session.add(measurement)
    measurement.amount, measurement.score = checked.amount, checked.score
    measurement.comment, measurement.measured_by = comment.strip(), measured_by.strip()
    measurement.recorded_by_id, measurement.recorded_at = principal.user_id, utcnow()
    session.flush()
    action = "benefit_measurement.correct" if corrected else "benefit_measurement.record"
    summary = {"line_id": line.id, "period_start": period.start.isoformat(), "kind": p.value_kind(line)}
    record(session, principal, action, measurement, tenant_id=line.tenant_id, summary=summary)
    return measurement


def set_line_follow_up(
    session: Session, principal: Principal, line_id: int, period: str, value_kind: str | None
) -> BenefitLine:
    """How often the line is measured and in what (None: what its benefit type implies); not once measured."""
    line, _start, _today = _line_in_follow_up(session, principal, line_id)
    if period not in p.PERIOD_KINDS:
        raise Refused.field("follow_up_period", UNKNOWN_PERIOD_KIND)
    if value_kind is not None and value_kind not in p.VALUE_KINDS:
        raise Refused.field("value_kind", UNKNOWN_VALUE_KIND)
    changes = period != line.follow_up_period or (value_kind or p.DERIVED_KINDS[line.benefit_type]) != p.value_kind(
        line
    )
    measured = session.scalar(select(exists().where(BenefitMeasurement.line_id == line.id)))
    if changes and measured:
        raise Refused.field("follow_up_period", NO_CHANGE_AFTER_MEASURING)
    line.follow_up_period, line.value_kind = period, value_kind
    record(
        session,
        principal,
        "benefit_line.follow_up",
        line,
        tenant_id=line.tenant_id,
        summary={"follow_up_period": period, "value_kind": value_kind},
    )
    return line


def drop_line(session: Session, principal: Principal, line_id: int, reason: str) -> BenefitLine:
    """The benefit will not be realised; why is kept with the line and shown with its status."""
    line, _start, _today = _line_in_follow_up(session, principal, line_id)
    if line.follow_up_status == p.DROPPED:
        raise Refused.field("line", ALREADY_DROPPED)
    reason = reason.strip()
    if not reason:
        raise Refused.field("dropped_reason", NEED_REASON)
    if len(reason) > REASON_LENGTH:
        raise Refused.field("dropped_reason", REASON_TOO_LONG)
    line.follow_up_status, line.dropped_reason, line.dropped_at = p.DROPPED, reason, utcnow()
    record(session, principal, "benefit_line.drop", line, tenant_id=line.tenant_id, summary={"line_id": line.id})
    return line
