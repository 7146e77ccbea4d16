"""No list page or API list reads a large table whole: an index serves every statement, row-level security included.

The world's region is filled with a few rows of each kind the lists show (as for the statement budgets), and
other regions with a few thousand more (the attention benchmark's loader, at a small size), so that the
tables the lists read are large next to what one person sees, as at national scale. Each page is requested
as its person, every reading statement it sent is captured with its parameters, and PostgreSQL is asked how
it would run each one as the web role with that person's scope settings: a sequential scan of a large table
fails the test, naming the statement (tests/support/query_plans.py says why sequential scans are turned off).
"""

from __future__ import annotations

import pytest

from bench.attention import load
from samverka.platform.core.extensions import db
from samverka.tenants.services.principals import load_principal
from tests.platform.plans.factories import empty_plan
from tests.support.list_pages import fill, list_paths
from tests.support.login import sign_in
from tests.support.query_plans import capturing_reads, row_counts, whole_scans

# A table with this many rows in the data below is one whose whole reading grows with the country.
LARGE = 500
# The tables that must be large here, or the test would check nothing of what matters.
MUST_BE_LARGE = {"needs", "need_submissions", "join_invitations", "contracts", "plan_item_shares"}


def _fill_country(app, world) -> tuple[int, set[str]]:
    plan_id = empty_plan(app, world)
    fill(app, world, 0, 2, plan_id)
    with app.app_context():
        load(db.session, tenants=120, regions=8, per_tenant=25)
    return plan_id, set(row_counts(app, LARGE))


def _principal(app, user_id: int):
    with app.app_context():
        principal = load_principal(db.session, user_id)
        db.session.rollback()
    return principal


@pytest.mark.parametrize("who", ["it", "coordinator"])
def test_no_list_reads_a_large_table_whole(app, client, world, who):
    region_a = world[0]
    plan_id, large = _fill_country(app, region_a)
    assert large >= MUST_BE_LARGE, large
    person = region_a.people[who]
    sign_in(client, person)
    principal = _principal(app, person.user_id)
    found, planned = {}, 0
    for path in list_paths(region_a, plan_id)[who]:
        with capturing_reads(app) as sent:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        planned += len(sent)
        scans = whole_scans(app, principal, sent, large)
        if scans:
            found[path] = [str(scan) for scan in scans]
    assert planned > 0
    assert not found, "\n".join(f"{path}:\n  " + "\n  ".join(scans) for path, scans in found.items())
