"""The plan API's bodies, read as rows, are what ``PlanSchema`` dumps of the same plans, for every reader."""

from __future__ import annotations

import pytest

from samverka.platform.core.extensions import db
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.schemas import PlanSchema
from samverka.platform.plans.services import approval, items
from samverka.platform.plans.services.api_bodies import plan_bodies
from samverka.platform.plans.services.visibility import AMOUNTS
from tests.platform.plans.factories import ITEM, YEAR, make_plan
from tests.platform.plans.support import acting
from tests.platform.plans.test_approval import _vote


def _plans(app, world):
    """A submitted plan with two items (one shared by both members) and a vote, and a draft of another year."""
    submitted = make_plan(app, world)
    with acting(app, world.people["coordinator"]) as principal:
        plan = db.session.get(ActionPlan, submitted.plan_id)
        items.add_item(db.session, principal, plan, participant_ids=[world.tenant_id], **{**ITEM, "priority": 3})
        db.session.commit()
    with acting(app, world.people["coordinator"]) as principal:
        approval.submit(db.session, principal, db.session.get(ActionPlan, submitted.plan_id))
        db.session.commit()
    _vote(app, world.people["chief"], submitted.plan_id, "approve", "Godkjent")
    draft = make_plan(app, world, year=YEAR + 1)
    return [submitted.plan_id, draft.plan_id]


@pytest.mark.parametrize("who", ["coordinator", "chief", "partner"])
def test_bodies_are_the_schemas_dump(app, tenant_a, who):
    plan_ids = _plans(app, tenant_a)
    with acting(app, tenant_a.people[who]) as principal:
        plans = [db.session.get(ActionPlan, plan_id) for plan_id in plan_ids]
        bodies = plan_bodies(db.session, principal, plans)
        dumped = PlanSchema(many=True).dump(plans)
    if who == "partner":  # the plans are not public: the partner reads them without their amounts
        for plan in dumped:
            plan["items"] = [{k: v for k, v in item.items() if k not in AMOUNTS} for item in plan["items"]]
    assert bodies == dumped
    assert [len(body["items"]) for body in bodies] == [2, 1] and len(bodies[0]["votes"]) == 1
    assert ("shares" in bodies[0]["items"][0]) == (who != "partner")
