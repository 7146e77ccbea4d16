"""Every list page and API list runs the same number of SQL statements whatever the number of rows it lists.

The world is filled to a small size and measured, then filled further and measured again: a list that
loads its rows' relations one row at a time makes more statements the second time and fails here.
The pages walked and the filling are tests/support/list_pages.py's, shared with tests/core/test_query_plans.py.
"""

from __future__ import annotations

import pytest

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.tenants.models import Invitation
from tests.platform.plans.factories import empty_plan
from tests.support.list_pages import SYSTEM, fill, list_paths
from tests.support.login import sign_in
from tests.support.statements import counting_statements

SMALL, LARGE = 2, 6


def _statements(app, client, path: str) -> int:
    with counting_statements(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


@pytest.mark.parametrize("who", ["it", "coordinator"])
def test_a_list_makes_as_many_statements_for_many_rows_as_for_few(app, client, world, who):
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


def test_the_rows_were_there_to_be_listed(app, world):
    """The measurement above means something only if the lists had rows: the world holds what was filled."""
    region_a = world[0]
    fill(app, region_a, 0, SMALL, empty_plan(app, region_a))
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        assert db.session.query(Invitation).count() == SMALL
