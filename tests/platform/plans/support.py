"""Region A with seven members for the cost-sharing and voting tests, and helpers to act as its people."""

from __future__ import annotations

from contextlib import contextmanager

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import RegionMembership, Tenant
from samverka.tenants.services.principals import load_principal
from tests.support.world import Person, add_person

# Kongsbergregionen's other five municipalities (Kongsberg and Flesberg are in the fixture).
MORE_MEMBERS = (
    ("Rollag", "3322", "964962812", 1400),
    ("Nore og Uvdal", "3338", "964962774", 2450),
    ("Notodden", "4005", "964963428", 13100),
    ("Hjartdal", "4024", "964963606", 1600),
    ("Tinn", "4026", "964963304", 5700),
)


@contextmanager
def acting(app, person: Person | None):
    """A request context (English, so lazy messages can be read) bound to ``person`` (the system when None).

    The person has signed in at the step-up level, as a chief executive must to vote.
    """
    with app.test_request_context(headers={"Accept-Language": "en"}):
        principal = (
            load_principal(db.session, person.user_id, stepped_up=True) if person else Principal.system("test fixtures")
        )
        bind_principal(db.session, principal)
        yield principal


def seven_members(app, world) -> dict[str, int]:
    """Adds the five other municipalities to region A; returns every member's id by name."""
    with acting(app, None):
        for name, number, orgnr, population in MORE_MEMBERS:
            tenant = Tenant(
                name=name, country="NO", municipality_number=number, organisation_number=orgnr, population=population
            )
            db.session.add(tenant)
            db.session.flush()
            db.session.add(RegionMembership(region_id=world.region_id, tenant_id=tenant.id))
        for tenant in db.session.get(Tenant, world.tenant_id), db.session.get(Tenant, world.other_tenant_id):
            tenant.population = {"Kongsberg": 28200, "Flesberg": 2750}[tenant.name]
        db.session.commit()
        rows = (
            db.session.query(Tenant.name, Tenant.id)
            .join(RegionMembership)
            .filter(RegionMembership.region_id == world.region_id)
            .all()
        )
        return dict(rows)


def chief_of(app, tenant_id: int, key: str, pid: str) -> Person:
    with acting(app, None):
        person = add_person(app, key, pid, "chief_executive", tenant_id=tenant_id)
        db.session.commit()
        return person
