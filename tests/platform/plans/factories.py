"""Action plans of region A for the tests, made through the services as their people would."""

from __future__ import annotations

from dataclasses import dataclass

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import approval, items
from samverka.tenants.services.principals import load_principal

YEAR = 2027
ITEM = {
    "title": "Felles sak- og arkivsystem",
    "category": "business_systems",
    "priority": 1,
    "start_quarter": f"{YEAR}-Q2",
    "responsible": "Kari Nordmann",
    "one_off_cost_minor": 125_000_000,
    "annual_cost_minor": 30_000_001,
    "budget_source": "plan",
}


@dataclass(frozen=True)
class PlanWorld:
    plan_id: int
    item_id: int


def empty_plan(app, world, *, year: int = YEAR, status: str = "draft") -> int:
    """Version 1 of region A's plan for ``year``, as the drafting job leaves it before it finds candidates."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        plan = ActionPlan(region_id=world.region_id, year=year, version=1, status=status, currency="NOK")
        db.session.add(plan)
        db.session.commit()
        return plan.id


def make_plan(
    app, world, *, submit: bool = False, participant_ids: list[int] | None = None, year: int = YEAR
) -> PlanWorld:
    """A draft with one item shared by both of region A's municipalities; submitted when asked."""
    plan_id = empty_plan(app, world, year=year)
    with app.app_context():
        principal = load_principal(db.session, world.people["coordinator"].user_id)
        plan = db.session.get(ActionPlan, plan_id)
        item = items.add_item(
            db.session,
            principal,
            plan,
            participant_ids=participant_ids or [world.tenant_id, world.other_tenant_id],
            **{**ITEM, "start_quarter": f"{year}-Q2"},
        )
        if submit:
            approval.submit(db.session, principal, plan)
        db.session.commit()
        return PlanWorld(plan_id, item.id)
