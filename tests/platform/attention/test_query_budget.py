"""The attention list makes as many statements for many rows as for few (no query per row), and at most its budget:
every source's branches are one statement; the IT coordinator's benefit measurements due take their own (one here,
where no need is delivered; two with the measurements already recorded)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from samverka.platform.attention import services as attention
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.time import local_today
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import approval, items
from samverka.tenants.services.principals import load_principal
from tests.platform.attention.support import SYSTEM, as_system, drafted_by_the_job, invite, open_proposal, reprocurement
from tests.platform.needs.support import register_need
from tests.platform.plans.factories import ITEM, YEAR, empty_plan
from tests.support.statements import counting_statements

TODAY = local_today("NO")
SMALL, LARGE = 2, 6
BUDGETS = {"it": 2, "coordinator": 1, "chief": 1, "partner": 1}


def _statements(app, person, today: date) -> tuple[int, int]:
    """(statements, the things listed) of one attention list: a partner's pipeline is one item, counting many."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        principal = load_principal(db.session, person.user_id)
        bind_principal(db.session, principal)
        with counting_statements(app) as statements:
            found = attention.collect(db.session, principal, today)
        return len(statements), sum(max(item.count, 1) for item in found)


def _plans(app, world, start: int, stop: int) -> None:
    """A submitted plan (and a draft the job changed) per year, each with an item for both municipalities."""
    for number in range(start, stop):
        submitted, draft = empty_plan(app, world, year=YEAR + number), empty_plan(app, world, year=YEAR + 100 + number)
        with as_system(app) as session:
            for plan_id in (submitted, draft):
                plan = session.get(ActionPlan, plan_id)
                participants = [world.tenant_id, world.other_tenant_id]
                fields = {**ITEM, "start_quarter": f"{plan.year}-Q2"}
                items.add_item(session, SYSTEM, plan, participant_ids=participants, **fields)
            approval.submit(session, SYSTEM, session.get(ActionPlan, submitted))
        drafted_by_the_job(app, draft, added=1)


def _fill(app, world, start: int, stop: int) -> None:
    it = world.people["it"]
    for number in range(start, stop):
        register_need(app, it, world.tenant_id, title=f"Utkast {number}")
        register_need(app, it, world.tenant_id, with_line=True, submit_to=[world.region_id], title=f"Sendt {number}")
        invite(app, world, deadline=TODAY + timedelta(days=3 + number), title=f"Felles anskaffelse {number}")
        reprocurement(app, world, starts_in=number * 20 - 30, today=TODAY, title=f"Kontrakt {number}")
        open_proposal(app, world, need_ids=(number + 1, number + 100))
    _plans(app, world, start, stop)


@pytest.mark.parametrize("who", ["it", "coordinator", "chief", "partner"])
def test_the_list_makes_as_many_statements_for_many_rows_as_for_few(app, tenant_a, who):
    person = tenant_a.people[who]
    _fill(app, tenant_a, 0, SMALL)
    few, few_items = _statements(app, person, TODAY)
    _fill(app, tenant_a, SMALL, LARGE)
    many, many_items = _statements(app, person, TODAY)
    assert many_items > few_items > 0
    assert many == few, (few, many)
    assert many <= BUDGETS[who], (many, BUDGETS[who])
