"""The measurements due or overdue: every line in follow-up, each past period not measured, in two queries.

Shared by the daily reminder job (every municipality) and the landing page (the person's municipalities).
A dropped line is owed nothing; a period is due the day after it ends and overdue ``BENEFIT_OVERDUE_DAYS``
after that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.benefits import periods as p
from samverka.platform.benefits.models import BenefitMeasurement
from samverka.platform.benefits.services.follow_up import DUE, OVERDUE, overdue_days
from samverka.platform.core.time import local_date
from samverka.platform.delivery.models import Delivery
from samverka.platform.needs.models import BenefitLine, BenefitPlan, Need
from samverka.platform.procurements.models import ProcurementNeed
from samverka.tenants.models import Tenant


@dataclass(frozen=True)
class Missing:
    """One period of one line whose measurement is due or overdue."""

    tenant_id: int
    tenant_name: str
    country: str
    plan_id: int
    need_title: str
    line: BenefitLine
    period: p.Period
    state: str  # due or overdue


def missing_measurements(
    session: Session, today_in: Callable[[str], date], tenant_ids: frozenset[int] | None = None
) -> list[Missing]:
    """``today_in(country)`` is the day it is in the municipality's country; ``tenant_ids`` None: all."""
    delivered = (
        select(ProcurementNeed.need_id, func.min(Delivery.delivered_at).label("delivered_at"))
        .join(Delivery, Delivery.procurement_id == ProcurementNeed.procurement_id)
        .group_by(ProcurementNeed.need_id)
        .subquery()
    )
    stmt = (
        select(
            BenefitLine, BenefitPlan.id, Need.title, Tenant.id, Tenant.name, Tenant.country, delivered.c.delivered_at
        )
        .join(BenefitPlan, BenefitPlan.id == BenefitLine.plan_id)
        .join(Need, Need.id == BenefitPlan.need_id)
        .join(Tenant, Tenant.id == Need.tenant_id)
        .join(delivered, delivered.c.need_id == Need.id)
        .where(BenefitLine.follow_up_status.is_(None))
        .order_by(Tenant.id, BenefitPlan.id, BenefitLine.id)
    )
    if tenant_ids is not None:
        stmt = stmt.where(Need.tenant_id.in_(sorted(tenant_ids)))
    rows = session.execute(stmt).all()
    measured = _measured(session, [row[0].id for row in rows])
    grace = overdue_days()
    found = []
    for line, plan_id, title, tenant_id, name, country, delivered_at in rows:
        today = today_in(country)
        for period in p.periods(line.follow_up_period, local_date(delivered_at, country), today):
            state = _state(period, today, grace)
            if state is not None and (line.id, period.start) not in measured:
                found.append(Missing(tenant_id, name, country, plan_id, title, line, period, state))
    return found


def _measured(session: Session, line_ids: list[int]) -> set[tuple[int, date]]:
    if not line_ids:
        return set()
    stmt = select(BenefitMeasurement.line_id, BenefitMeasurement.period_start).where(
        BenefitMeasurement.line_id.in_(line_ids)
    )
    return {(line_id, start) for line_id, start in session.execute(stmt)}


def _state(period: p.Period, today: date, grace: int) -> str | None:
    if today >= p.overdue_on(period, grace):
        return OVERDUE
    return DUE if today >= p.due_on(period) else None
