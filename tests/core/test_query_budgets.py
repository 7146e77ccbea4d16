"""Every list page and API list runs the same number of SQL statements whatever the number of rows it lists.

The world is filled to a small size and measured, then filled further and measured again: a list that
loads its rows' relations one row at a time makes more statements the second time and fails here.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from samverka.jobs.registry import lookup
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from samverka.platform.needs.services import benefit_plans, needs
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import items
from samverka.platform.procurements import services as procurements
from samverka.tenants.models import Invitation
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation
from tests.platform.contracts.support import make_contract
from tests.platform.needs.support import LINE_FIELDS, NEED_FIELDS
from tests.platform.plans.factories import ITEM, empty_plan
from tests.support.login import sign_in
from tests.support.statements import counting_statements

SYSTEM = Principal.system("test: filling the world")
SMALL, LARGE = 2, 6


def _statements(app, client, path: str) -> int:
    with counting_statements(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


def _fill(app, world, start: int, stop: int, plan_id: int) -> None:
    """Rows ``start`` to ``stop`` of each kind the lists show, made through the services."""
    with app.test_request_context():
        bind_principal(db.session, SYSTEM)
        for number in range(start, stop):
            _needs(world, number)
            _procurement(world, number)
            items.add_item(
                db.session,
                SYSTEM,
                db.session.get(ActionPlan, plan_id),
                participant_ids=[world.tenant_id, world.other_tenant_id],
                **{**ITEM, "title": f"Tiltak {number}"},
            )
            create_invitation(
                db.session,
                SYSTEM,
                email=f"p{number}@example.test",
                name=f"Person {number}",
                role=Role.IT_COORDINATOR,
                scope_id=world.tenant_id,
            )
        db.session.commit()
    for number in range(start, stop):
        make_contract(app, tenant_id=world.tenant_id, title=f"Kontrakt {number}")
        make_contract(app, region_id=world.region_id, title=f"Felles kontrakt {number}")
    with app.app_context():
        lookup("samverka.platform.matching.tasks.match_all_regions").func()


def _needs(world, number: int) -> None:
    for tenant_id in (world.tenant_id, world.other_tenant_id):
        need = needs.create_need(db.session, SYSTEM, tenant_id, **{**NEED_FIELDS, "title": f"Sak og arkiv {number}"})
        benefit_plans.add_line(db.session, SYSTEM, need, **LINE_FIELDS)
        needs.submit_need(db.session, SYSTEM, need, region_ids=[world.region_id])


def _procurement(world, number: int) -> None:
    found = procurements.create_procurement(
        db.session, SYSTEM, world.region_id, title=f"Felles anskaffelse {number}", category="business_systems"
    )
    procurements.invite_tenants(
        db.session, SYSTEM, found, deadline=local_today("NO") + timedelta(days=14), tenant_ids=None
    )


def _paths(world, plan_id: int) -> dict[str, list[str]]:
    t, r = world.tenant_id, world.region_id
    return {
        "it": [
            "/",
            "/api/v1/me/attention",
            f"/tenants/{t}/needs",
            f"/tenants/{t}/needs?status=submitted&category=business_systems&sort=one_off&order=desc",
            f"/api/v1/tenants/{t}/needs",
            "/invitations",
            "/api/v1/join-invitations",
            f"/tenants/{t}/contracts",
            f"/api/v1/tenants/{t}/contracts",
            f"/tenants/{t}/budget",
            f"/api/v1/tenants/{t}/budget-lines",
            f"/regions/{r}/procurements",
            f"/api/v1/regions/{r}/procurements",
            f"/regions/{r}/action-plans",
            f"/api/v1/regions/{r}/action-plans",
            f"/tenants/{t}",
            f"/api/v1/tenants/{t}/users",
            f"/regions/{r}/contracts",
            f"/api/v1/regions/{r}/contracts",
        ],
        "coordinator": [
            "/",
            "/api/v1/me/attention",
            f"/regions/{r}/needs",
            f"/regions/{r}/needs?municipality={t}&quarter=2027-Q1&sort=municipality",
            f"/regions/{r}/needs?status=nonsense&sort=annual&order=desc",
            f"/api/v1/regions/{r}/needs",
            f"/regions/{r}/proposals",
            f"/api/v1/regions/{r}/proposals",
            f"/action-plans/{plan_id}",
            f"/api/v1/action-plans/{plan_id}",
            f"/action-plans/{plan_id}/timeline",
            "/invitations",
            "/api/v1/invitations",
            f"/regions/{r}",
            f"/tenants/{t}",
            f"/regions/{r}/procurements",
            f"/api/v1/regions/{r}/procurements",
        ],
    }


@pytest.mark.parametrize("who", ["it", "coordinator"])
def test_a_list_makes_as_many_statements_for_many_rows_as_for_few(app, client, world, who):
    region_a = world[0]
    plan_id = empty_plan(app, region_a)
    _fill(app, region_a, 0, SMALL, plan_id)
    sign_in(client, region_a.people[who])
    paths = _paths(region_a, plan_id)[who]
    few = {path: _statements(app, client, path) for path in paths}
    _fill(app, region_a, SMALL, LARGE, plan_id)
    many = {path: _statements(app, client, path) for path in paths}
    grows = {path: (few[path], many[path]) for path in paths if many[path] > few[path]}
    assert grows == {}


def test_the_rows_were_there_to_be_listed(app, world):
    """The measurement above means something only if the lists had rows: the world holds what was filled."""
    region_a = world[0]
    _fill(app, region_a, 0, SMALL, empty_plan(app, region_a))
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        assert db.session.query(Invitation).count() == SMALL
