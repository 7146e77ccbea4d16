"""Nothing of region B (its municipality, needs, procurements, plans, contracts) ever reaches A's people."""

from __future__ import annotations

from datetime import timedelta

from samverka.platform.core.time import local_today
from tests.platform.attention.support import drafted_by_the_job, invite, items_of, open_proposal, reprocurement
from tests.platform.needs.support import register_need
from tests.platform.plans.factories import make_plan
from tests.support.login import sign_in

TODAY = local_today("NO")
B_WORDS = ("Tokke", "Vest-Telemark", "Grenland B")


def _fill_b(app, b) -> None:
    register_need(app, b.people["it"], b.tenant_id)
    register_need(app, b.people["it"], b.tenant_id, with_line=True, submit_to=[b.region_id])
    invite(app, b, deadline=TODAY + timedelta(days=3), title="Grenland B felles arkiv")
    reprocurement(app, b, starts_in=-10, today=TODAY, title="Grenland B lønn")
    open_proposal(app, b)
    drafted_by_the_job(app, make_plan(app, b, submit=False, participant_ids=[b.tenant_id]).plan_id, added=1)


def test_region_bs_items_are_never_shown_to_as_people(app, tenant_a, tenant_b):
    _fill_b(app, tenant_b)
    b_items = {key: items_of(app, tenant_b.people[key], TODAY) for key in ("it", "coordinator", "partner")}
    assert all(b_items.values())  # B's own people do see them
    for key in ("it", "chief", "coordinator", "partner"):
        assert items_of(app, tenant_a.people[key], TODAY) == [], key


def test_the_page_and_the_api_of_as_people_show_nothing_of_b(app, tenant_a, tenant_b):
    _fill_b(app, tenant_b)
    for key in ("it", "chief", "coordinator", "partner"):
        client = app.test_client()
        sign_in(client, tenant_a.people[key])
        page = client.get("/").get_data(as_text=True)
        answer = client.get("/api/v1/me/attention")
        assert answer.get_json() == {"total": 0, "items": []}, key
        assert not [word for word in B_WORDS if word in page + answer.get_data(as_text=True)], key


def test_a_municipality_does_not_see_its_neighbours_items(app, tenant_a):
    """Flesberg's draft is Flesberg's: Kongsberg's IT coordinator in the same region does not see it."""
    from tests.platform.needs.support import neighbour_it

    register_need(app, neighbour_it(app, tenant_a), tenant_a.other_tenant_id)
    assert items_of(app, tenant_a.people["it"], TODAY) == []
