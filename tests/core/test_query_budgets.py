"""Every list page and API list runs at most its budget of SQL statements, and as many for many rows as for few.

The world is filled to a small size and measured, then filled further and measured again: a list that
loads its rows' relations one row at a time makes more statements the second time and fails here. Each
page also has an explicit budget (``BUDGETS``, the statements it makes today, sign-in included; the menu's
attention count is counted on "/" and the API, kept on the other pages as a person browsing sees it): a
page that starts making more fails even if the number does not grow with the rows, so a new query on a
page is a decision someone writes down here, not a drift. A read made of SELECTs does not ask PostgreSQL
whether it wrote (``core.transactions``); one that ran text SQL would, an API's within the count, a page's
after it ends.
The pages walked and the filling are tests/support/list_pages.py's, shared with tests/core/test_query_plans.py.
"""

from __future__ import annotations

import re

import pytest

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.ui import views as ui_views
from samverka.tenants.models import Invitation
from tests.platform.plans.factories import empty_plan
from tests.support.list_pages import SYSTEM, fill, list_paths
from tests.support.login import sign_in
from tests.support.statements import counting_statements

SMALL, LARGE = 2, 6
PEOPLE = ("it", "coordinator", "chief", "partner")

# The most statements each person's request of each path may send; ids in the paths are written "#".
BUDGETS: dict[str, dict[str, int]] = {
    "it": {
        "/": 30,
        "/api/v#/me/attention": 22,
        "/tenants/#/needs": 22,
        "/tenants/#/needs?status=submitted&category=business_systems&sort=one_off&order=desc": 22,
        "/api/v#/tenants/#/needs": 23,
        "/invitations": 22,
        "/api/v#/join-invitations": 20,
        "/tenants/#/contracts": 22,
        "/api/v#/tenants/#/contracts": 24,
        "/tenants/#/budget": 25,
        "/api/v#/tenants/#/budget-lines": 25,
        "/regions/#/procurements": 22,
        "/api/v#/regions/#/procurements": 22,
        "/regions/#/action-plans": 21,
        "/api/v#/regions/#/action-plans": 23,
        "/tenants/#": 25,
        "/api/v#/tenants/#/users": 22,
        "/regions/#/contracts": 22,
        "/api/v#/regions/#/contracts": 24,
        "/tenants/#/benefit-follow-up": 25,
        "/api/v#/tenants/#/benefit-follow-ups": 26,
        "/tenants/#/documents": 21,
        "/api/v#/tenants/#/documents": 22,
    },
    "coordinator": {
        "/": 22,
        "/api/v#/me/attention": 20,
        # The region's needs: the page's ids through the region's submissions first, then those needs.
        "/regions/#/needs": 24,
        "/regions/#/needs?municipality=#&quarter=#-Q#&sort=municipality": 24,
        "/regions/#/needs?status=nonsense&sort=annual&order=desc": 24,
        "/api/v#/regions/#/needs": 24,
        "/regions/#/proposals": 23,  # the needs, then their municipalities' names: two plain statements, not one join
        "/api/v#/regions/#/proposals": 22,
        "/action-plans/#": 28,
        "/api/v#/action-plans/#": 22,
        "/action-plans/#/timeline": 21,
        "/invitations": 21,
        "/api/v#/invitations": 20,
        "/regions/#": 22,
        "/tenants/#": 25,
        "/regions/#/procurements": 23,
        "/api/v#/regions/#/procurements": 22,
        "/regions/#/action-plans": 21,
        "/api/v#/regions/#/action-plans": 23,
        "/regions/#/contracts": 22,
        "/api/v#/regions/#/contracts": 24,
        "/tenants/#/budget": 25,
        "/api/v#/tenants/#/budget-lines": 25,
        "/regions/#/benefits": 23,
        "/api/v#/regions/#/benefits": 22,
        "/regions/#/pipeline": 27,
        "/api/v#/regions/#/pipeline": 28,
    },
    "chief": {
        "/": 22,
        "/api/v#/me/attention": 20,
        "/action-plans/#": 28,
        "/api/v#/action-plans/#": 22,
        "/regions/#/action-plans": 21,
        "/api/v#/regions/#/action-plans": 23,
        "/tenants/#/budget": 25,
        "/api/v#/tenants/#/budget-lines": 25,
        "/tenants/#/contracts": 22,
        "/api/v#/tenants/#/contracts": 24,
        "/tenants/#/benefit-follow-up": 25,
        "/api/v#/tenants/#/benefit-follow-ups": 26,
    },
    "partner": {
        "/": 22,
        "/api/v#/me/attention": 19,
        "/action-plans/#": 26,
        "/api/v#/action-plans/#": 21,
        "/regions/#/action-plans": 20,
        "/api/v#/regions/#/action-plans": 22,
        "/regions/#/contracts": 21,
        "/api/v#/regions/#/contracts": 23,
        "/partners/#/documents": 20,
        "/api/v#/partners/#/documents": 21,
    },
}


def budget_key(path: str) -> str:
    """The path with its ids (and any number) written "#", as ``BUDGETS`` names it."""
    return re.sub(r"\d+", "#", path)


def _statements(app, client, path: str) -> int:
    with counting_statements(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


@pytest.mark.parametrize("who", PEOPLE)
def test_a_list_makes_as_many_statements_for_many_rows_as_for_few(app, client, world, who, monkeypatch):
    # As a person browsing sees it: the menu's count kept from the Overview (each list starts with it) for the
    # whole test, so the time the filling takes changes nothing; "/" and the API count afresh, and their
    # budgets carry the attention queries.
    monkeypatch.setattr(ui_views, "COUNT_FRESH_SECONDS", 3600)
    region_a = world[0]
    plan_id = empty_plan(app, region_a)
    fill(app, region_a, 0, SMALL, plan_id)
    sign_in(client, region_a.people[who])
    paths = list_paths(region_a, plan_id)[who]
    few = {path: _statements(app, client, path) for path in paths}
    fill(app, region_a, SMALL, LARGE, plan_id)
    many = {path: _statements(app, client, path) for path in paths}
    grows = {path: (few[path], many[path]) for path in paths if many[path] > few[path]}
    assert grows == {}
    budgets = BUDGETS[who]
    over = {
        path: (many[path], budgets.get(budget_key(path)))
        for path in paths
        if many[path] > budgets.get(budget_key(path), 0)
    }
    assert over == {}, "statements (made, budget) of the paths over their budget or without one"


def test_the_rows_were_there_to_be_listed(app, world):
    """The measurement above means something only if the lists had rows: the world holds what was filled."""
    region_a = world[0]
    fill(app, region_a, 0, SMALL, empty_plan(app, region_a))
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        assert db.session.query(Invitation).count() == SMALL
