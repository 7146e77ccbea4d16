"""Which benefit plans are in follow-up, and what a plan's follow-up shows.

A plan is in follow-up once its need is in a joint procurement that has been delivered (a ``Delivery`` row);
follow-up starts on the delivery's date in the municipality's country. Nothing is copied at delivery: it is
derived here each time, so a participant that withdrew (no longer a ``ProcurementNeed``) is not followed up.
Reading is the need's: its municipality's users and the staff of the regions it was submitted to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.benefits import periods as p
from samverka.platform.benefits.models import BenefitMeasurement
from samverka.platform.core.errors import NotFound
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_date, local_today
from samverka.platform.delivery.models import Delivery
from samverka.platform.needs.models import BenefitLine, BenefitPlan, Need
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.tenants import permissions as perm
from samverka.tenants.access import access, holds_on
from samverka.tenants.models import Tenant
from samverka.tenants.services.directory import access_tenant

# Reading a plan's follow-up: the need's municipality's users, or the staff of a region it was submitted to.
READERS = (perm.TENANT_NEEDS_READ, perm.REGION_NEEDS_READ)
MEASURED, OPEN, DUE, OVERDUE = "measured", "open", "due", "overdue"


@dataclass(frozen=True)
class Delivered:
    """The delivered procurement a need is followed up in."""

    procurement_id: int
    procurement_title: str
    delivered_at: datetime


@dataclass(frozen=True)
class PeriodRow:
    period: p.Period
    state: str  # measured, open (not over yet), due, overdue
    measurement: BenefitMeasurement | None
    planned: Decimal | None  # in the period
    planned_cumulative: Decimal | None  # by its end
    realised_cumulative: Decimal | None  # by its end; None for a scale line


@dataclass(frozen=True)
class LineFollowUp:
    line: BenefitLine
    kind: str
    status: str
    rows: list[PeriodRow]
    realised: Decimal | None  # in total; None for a scale line
    planned_so_far: Decimal | None  # by the end of the last period that has ended (what the status compares)

    @property
    def measurements(self) -> list[BenefitMeasurement]:
        """Newest period first, as the history table lists them."""
        return [row.measurement for row in reversed(self.rows) if row.measurement is not None]

    @property
    def missing(self) -> list[PeriodRow]:
        """The periods whose measurement is due or overdue; a dropped line misses nothing."""
        if self.status == p.DROPPED:
            return []
        return [row for row in self.rows if row.state in (DUE, OVERDUE)]


@dataclass(frozen=True)
class PlanFollowUp:
    plan: BenefitPlan
    need: Need
    delivered: Delivered
    start: date
    today: date
    lines: list[LineFollowUp]
    may_measure: bool


@dataclass(frozen=True)
class PlanRow:
    """One plan in a municipality's follow-up list."""

    plan_id: int
    need_title: str
    procurement_title: str
    start: date
    statuses: dict[str, int]  # status -> number of lines
    missing: int  # measurements due or overdue


def overdue_days() -> int:
    return current_app.config.get("BENEFIT_OVERDUE_DAYS", p.DUE_GRACE_DAYS)


def _delivered_stmt():
    """(need id, procurement id, title, delivered at) of each need in a delivered procurement."""
    return (
        select(ProcurementNeed.need_id, JointProcurement.id, JointProcurement.title, Delivery.delivered_at)
        .join(JointProcurement, JointProcurement.id == ProcurementNeed.procurement_id)
        .join(Delivery, Delivery.procurement_id == ProcurementNeed.procurement_id)
    )


def delivered_for(session: Session, need_id: int) -> Delivered | None:
    """The earliest delivered procurement holding the need, or None when its plan is not in follow-up."""
    row = session.execute(
        _delivered_stmt().where(ProcurementNeed.need_id == need_id).order_by(Delivery.delivered_at).limit(1)
    ).first()
    return Delivered(row[1], row[2], row[3]) if row else None


def follow_up_start(delivered: Delivered, country: str) -> date:
    return local_date(delivered.delivered_at, country)


def access_line(session: Session, principal: Principal, line_id: int, permission=READERS) -> BenefitLine:
    return access(session, principal, BenefitLine, line_id, permission)


def access_plan(session: Session, principal: Principal, plan_id: int) -> BenefitPlan:
    return access(session, principal, BenefitPlan, plan_id, READERS)


def measurements_of(session: Session, line_ids: list[int]) -> dict[int, list[BenefitMeasurement]]:
    """Each line's measurements in period order, in one query."""
    found: dict[int, list[BenefitMeasurement]] = {line_id: [] for line_id in line_ids}
    if line_ids:
        stmt = select(BenefitMeasurement).where(BenefitMeasurement.line_id.in_(line_ids))
        for measurement in session.scalars(stmt.order_by(BenefitMeasurement.period_start)):
            found[measurement.line_id].append(measurement)
    return found


def plan_follow_up(session: Session, principal: Principal, plan_id: int) -> PlanFollowUp:
    """A plan's follow-up; a plan that is not in follow-up has none (404)."""
    plan = access_plan(session, principal, plan_id)
    need = plan.need
    delivered = delivered_for(session, need.id)
    if delivered is None:
        raise NotFound()
    country = need.tenant.country
    start, today = follow_up_start(delivered, country), local_today(country)
    measured = measurements_of(session, [line.id for line in plan.lines])
    lines = [line_follow_up(line, start, measured[line.id], today) for line in plan.lines]
    may_measure = holds_on(principal, need, perm.TENANT_BENEFITS_MEASURE)
    return PlanFollowUp(plan, need, delivered, start, today, lines, may_measure)


def line_follow_up(line: BenefitLine, start: date, measurements: list, today: date) -> LineFollowUp:
    """Each period from the start to today's, planned against realised, and the line's status."""
    kind = p.value_kind(line)
    by_start = {m.period_start: m for m in measurements}
    rows, realised = [], Decimal(0)
    for period in p.periods(line.follow_up_period, start, today):
        measurement = by_start.get(period.start)
        if measurement is not None and measurement.amount is not None:
            realised += measurement.amount
        rows.append(
            PeriodRow(
                period,
                _state(period, measurement, today),
                measurement,
                p.planned_in(line, start, max(period.start, start), period.end),
                p.planned_cumulative(line, start, period.end),
                realised if kind in p.QUANTITATIVE else None,
            )
        )
    total = realised if kind in p.QUANTITATIVE else None
    status = p.status(line, start, measurements, today)
    planned_so_far = p.planned_cumulative(line, start, p.reported_until(line, today))
    return LineFollowUp(line, kind, status, rows, total, planned_so_far)


def _state(period: p.Period, measurement, today: date) -> str:
    if measurement is not None:
        return MEASURED
    if today < p.due_on(period):
        return OPEN
    return OVERDUE if today >= p.overdue_on(period, overdue_days()) else DUE


def tenant_plans(
    session: Session, principal: Principal, tenant_id: int, page: PageRequest = FIRST_PAGE
) -> tuple[Tenant, Page[PlanRow]]:
    """The municipality's plans in follow-up, the latest delivered first, with each line's status counted."""
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_NEEDS_READ)
    delivered = (
        select(ProcurementNeed.need_id, func.min(Delivery.delivered_at).label("delivered_at"))
        .join(Delivery, Delivery.procurement_id == ProcurementNeed.procurement_id)
        .where(ProcurementNeed.tenant_id == tenant.id)
        .group_by(ProcurementNeed.need_id)
        .subquery()
    )
    stmt = (
        select(BenefitPlan)
        .join(delivered, delivered.c.need_id == BenefitPlan.need_id)
        .where(BenefitPlan.tenant_id == tenant.id)
    )
    order = (Order(delivered.c.delivered_at, descending=True), Order(BenefitPlan.id, descending=True))
    plans = paginate(session, stmt, order, page)
    return tenant, Page(_plan_rows(session, tenant, plans.items), plans.next_after)


def _plan_rows(session: Session, tenant: Tenant, plans: list[BenefitPlan]) -> list[PlanRow]:
    """The page's needs, procurements and lines in three queries whatever the page's length."""
    if not plans:
        return []
    need_ids = [plan.need_id for plan in plans]
    needs = {n.id: n for n in session.scalars(select(Need).where(Need.id.in_(need_ids)))}
    deliveries = {}
    for need_id, procurement_id, title, at in session.execute(
        _delivered_stmt().where(ProcurementNeed.need_id.in_(need_ids)).order_by(Delivery.delivered_at.desc())
    ):
        deliveries[need_id] = Delivered(procurement_id, title, at)
    lines = session.scalars(select(BenefitLine).where(BenefitLine.plan_id.in_([plan.id for plan in plans]))).all()
    measured = measurements_of(session, [line.id for line in lines])
    today = local_today(tenant.country)
    return [
        _plan_row(plan, needs[plan.need_id], deliveries[plan.need_id], lines, measured, (tenant.country, today))
        for plan in plans
    ]


def _plan_row(plan, need, delivered: Delivered, lines, measured, where: tuple[str, date]) -> PlanRow:
    country, today = where
    start = follow_up_start(delivered, country)
    statuses: dict[str, int] = {}
    missing = 0
    for line in (line for line in lines if line.plan_id == plan.id):
        found = line_follow_up(line, start, measured[line.id], today)
        statuses[found.status] = statuses.get(found.status, 0) + 1
        missing += len(found.missing)
    return PlanRow(plan.id, need.title, delivered.procurement_title, start, statuses, missing)
