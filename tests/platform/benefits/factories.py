"""A delivered procurement of region A whose participants' benefit plans are in follow-up.

Kongsberg's need carries three lines (money quarterly, hours half-yearly, a quality score yearly) and
Flesberg's one (money yearly); the delivery is dated ``delivered_on`` so that past periods exist. Made as
the system, straight into that state (the delivery area has its own tests). Shared with the roll-up's tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import select, update

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.delivery.models import Delivery
from samverka.platform.needs.models import BenefitLine, BenefitPlan, Need
from samverka.platform.procurements.models import ProcurementNeed
from tests.platform.delivery.factories import deliver_now, signed_procurement

DELIVERED_ON = date(2026, 1, 15)

# name: (benefit_type, follow_up_period, target_value, target_date, unit)
KONGSBERG_LINES = {
    "money": ("cost_saved", "quarterly", Decimal("400000"), date(2027, 12, 31), "kr"),
    "hours": ("time_saved", "half_yearly", Decimal("2000"), date(2027, 12, 31), "timer"),
    "quality": ("quality", "yearly", Decimal("4"), date(2027, 12, 31), "skala 1-5"),
}
FLESBERG_LINES = {"money": ("cost_saved", "yearly", Decimal("100000"), date(2028, 12, 31), "kr")}


@dataclass(frozen=True)
class FollowUp:
    procurement_id: int
    contract_id: int
    need_id: int  # Kongsberg's (tenant_a.tenant_id)
    plan_id: int
    lines: dict[str, int] = field(default_factory=dict)
    other_need_id: int = 0  # Flesberg's (tenant_a.other_tenant_id)
    other_plan_id: int = 0
    other_lines: dict[str, int] = field(default_factory=dict)
    delivered_on: date = DELIVERED_ON


def _system() -> Principal:
    principal = Principal.system("test fixtures: plans in benefit follow-up")
    bind_principal(db.session, principal)
    return principal


def _plan(need: Need, lines: dict) -> tuple[int, dict[str, int]]:
    plan = need.benefit_plan or BenefitPlan(need=need)
    made = {}
    for name, (benefit_type, period, target, target_date, unit) in lines.items():
        made[name] = BenefitLine(
            plan=plan,
            description=f"{name}: {benefit_type}",
            benefit_type=benefit_type,
            indicator=f"Målt {name}",
            unit=unit,
            baseline_value=Decimal(0) if benefit_type != "quality" else Decimal(2),
            baseline_date=date(2025, 12, 31),
            target_value=target,
            target_date=target_date,
            owner="Kari Eier",
            follow_up_period=period,
        )
    db.session.add(plan)
    db.session.flush()
    return plan.id, {name: line.id for name, line in made.items()}


def delivered_with_benefits(app, world, *, delivered_on: date = DELIVERED_ON) -> FollowUp:
    """Kongsberg's and Flesberg's needs delivered on ``delivered_on``, each with its benefit plan's lines."""
    signed = signed_procurement(app, world)
    deliver_now(app, signed.procurement_id)
    with app.app_context():
        _system()
        db.session.execute(
            update(Delivery)
            .where(Delivery.procurement_id == signed.procurement_id)
            .values(delivered_at=datetime.combine(delivered_on, time(10)))
        )
        needs = db.session.scalars(
            select(Need)
            .join(ProcurementNeed, ProcurementNeed.need_id == Need.id)
            .where(ProcurementNeed.procurement_id == signed.procurement_id)
        ).all()
        own = next(n for n in needs if n.tenant_id == world.tenant_id)
        other = next(n for n in needs if n.tenant_id == world.other_tenant_id)
        plan_id, lines = _plan(own, KONGSBERG_LINES)
        other_plan_id, other_lines = _plan(other, FLESBERG_LINES)
        db.session.commit()
        return FollowUp(
            procurement_id=signed.procurement_id,
            contract_id=signed.contract_id,
            need_id=own.id,
            plan_id=plan_id,
            lines=lines,
            other_need_id=other.id,
            other_plan_id=other_plan_id,
            other_lines=other_lines,
            delivered_on=delivered_on,
        )
