"""The main list pages and API lists, and a world filled with rows for them: what the tests that hold every list
to a fixed number of statements (tests/core/test_query_budgets.py) and to indexed query plans
(tests/core/test_query_plans.py) walk, written once."""

from __future__ import annotations

from datetime import timedelta

from samverka.jobs.registry import lookup
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today, utcnow
from samverka.platform.delivery.models import Delivery
from samverka.platform.needs.services import benefit_plans, needs
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import items
from samverka.platform.procurements import services as procurements
from samverka.platform.procurements.models import ProcurementNeed
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation
from tests.platform.contracts.support import make_contract
from tests.platform.needs.support import LINE_FIELDS, NEED_FIELDS
from tests.platform.plans.factories import ITEM

SYSTEM = Principal.system("test: filling the world")


def fill(app, world, start: int, stop: int, plan_id: int) -> None:
    """Rows ``start`` to ``stop`` of each kind the lists show, made through the services."""
    with app.test_request_context():
        bind_principal(db.session, SYSTEM)
        for number in range(start, stop):
            _delivered(world, _procurement(world, number), _needs(world, number))
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


def _needs(world, number: int) -> list:
    made = []
    for tenant_id in (world.tenant_id, world.other_tenant_id):
        need = needs.create_need(db.session, SYSTEM, tenant_id, **{**NEED_FIELDS, "title": f"Sak og arkiv {number}"})
        benefit_plans.add_line(db.session, SYSTEM, need, **LINE_FIELDS)
        made.append(needs.submit_need(db.session, SYSTEM, need, region_ids=[world.region_id]))
    return made


def _procurement(world, number: int):
    found = procurements.create_procurement(
        db.session, SYSTEM, world.region_id, title=f"Felles anskaffelse {number}", category="business_systems"
    )
    procurements.invite_tenants(
        db.session, SYSTEM, found, deadline=local_today("NO") + timedelta(days=14), tenant_ids=None
    )
    return found


def _delivered(world, procurement, held: list) -> None:
    """The procurement holds the needs and its papers are delivered: their benefits are in follow-up, in the
    municipality's list and the region's roll-up. Written directly: the delivery job's path (award, signed
    contract and DPA) is not what these lists are about."""
    for need in held:
        db.session.add(
            ProcurementNeed(
                procurement_id=procurement.id, region_id=world.region_id, need_id=need.id, tenant_id=need.tenant_id
            )
        )
    db.session.add(Delivery(procurement_id=procurement.id, region_id=world.region_id, delivered_at=utcnow()))
    db.session.flush()


def list_paths(world, plan_id: int) -> dict[str, list[str]]:
    """Per person of the world (its ``people`` keys): the list pages and API lists they read."""
    t, r, partner = world.tenant_id, world.region_id, world.partner_id
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
            f"/tenants/{t}/benefit-follow-up",
            f"/api/v1/tenants/{t}/benefit-follow-ups",
            f"/tenants/{t}/documents",
            f"/api/v1/tenants/{t}/documents",
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
            f"/regions/{r}/action-plans",
            f"/api/v1/regions/{r}/action-plans",
            f"/regions/{r}/contracts",
            f"/api/v1/regions/{r}/contracts",
            f"/tenants/{t}/budget",
            f"/api/v1/tenants/{t}/budget-lines",
            f"/regions/{r}/benefits",
            f"/api/v1/regions/{r}/benefits",
            f"/regions/{r}/pipeline",
            f"/api/v1/regions/{r}/pipeline",
        ],
        "chief": [
            "/",
            "/api/v1/me/attention",
            f"/action-plans/{plan_id}",
            f"/api/v1/action-plans/{plan_id}",
            f"/regions/{r}/action-plans",
            f"/api/v1/regions/{r}/action-plans",
            f"/tenants/{t}/budget",
            f"/api/v1/tenants/{t}/budget-lines",
            f"/tenants/{t}/contracts",
            f"/api/v1/tenants/{t}/contracts",
            f"/tenants/{t}/benefit-follow-up",
            f"/api/v1/tenants/{t}/benefit-follow-ups",
        ],
        "partner": [
            "/",
            "/api/v1/me/attention",
            f"/action-plans/{plan_id}",
            f"/api/v1/action-plans/{plan_id}",
            f"/regions/{r}/action-plans",
            f"/api/v1/regions/{r}/action-plans",
            f"/regions/{r}/contracts",
            f"/api/v1/regions/{r}/contracts",
            f"/partners/{partner}/documents",
            f"/api/v1/partners/{partner}/documents",
        ],
    }
