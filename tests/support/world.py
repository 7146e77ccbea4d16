"""Two regions with tenants, partners and one user per role: the factory behind ``tenant_a``/``tenant_b``.

Identity numbers are synthetic (valid checksums, never real people's).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from samverka.platform.auth.identity import identity_hash
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import PartnerOrganisation, Region, RegionMembership, RoleAssignment, Tenant, User


@dataclass
class Person:
    key: str
    pid: str
    user_id: int = 0


@dataclass
class TenantWorld:
    """One region and its first tenant, with the people working in them."""

    region_id: int
    tenant_id: int
    partner_id: int
    people: dict[str, Person] = field(default_factory=dict)
    other_tenant_id: int | None = None


def _tenant(name: str, number: str, orgnr: str, population: int) -> Tenant:
    return Tenant(name=name, country="NO", municipality_number=number, organisation_number=orgnr, population=population)


def add_person(app, key: str, pid: str, role: str, **scope) -> Person:
    """A user holding ``role`` in ``scope``; call inside an app context bound to the system."""
    user = User(
        name=key.replace("_", " ").title(),
        email=f"{key}@example.test",
        eid_hash=identity_hash(pid, app.config["IDENTITY_HASH_KEY"]),
    )
    db.session.add(user)
    db.session.flush()
    db.session.add(RoleAssignment(user_id=user.id, role=role, **scope))
    return Person(key, pid, user.id)


def _region(app, name, tenants, partner_name, pids) -> TenantWorld:
    region = Region(name=name, currency="NOK")
    db.session.add(region)
    db.session.flush()
    for tenant in tenants:
        db.session.add(tenant)
        db.session.flush()
        db.session.add(RegionMembership(region_id=region.id, tenant_id=tenant.id))
    partner = PartnerOrganisation(region_id=region.id, name=partner_name, kind="shared_it_service")
    db.session.add(partner)
    db.session.flush()
    first = tenants[0]
    people = [
        add_person(app, f"{name[:6].lower()}_coordinator", pids[0], "coordinator", region_id=region.id),
        add_person(app, f"{name[:6].lower()}_it", pids[1], "it_coordinator", tenant_id=first.id),
        add_person(app, f"{name[:6].lower()}_chief", pids[2], "chief_executive", tenant_id=first.id),
        add_person(
            app, f"{name[:6].lower()}_partner", pids[3], "partner_reader", partner_id=partner.id, region_id=region.id
        ),
    ]
    world = TenantWorld(region.id, first.id, partner.id, {p.key.split("_", 1)[1]: p for p in people})
    world.other_tenant_id = tenants[1].id if len(tenants) > 1 else None
    return world


def build_world(app) -> tuple[TenantWorld, TenantWorld, Person]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        a = _region(
            app,
            "Kongsbergregionen",
            [_tenant("Kongsberg", "3303", "942402465", 27800), _tenant("Flesberg", "3304", "964962766", 2700)],
            "K-IKT",
            ["01017012345", "02017012346", "03017012347", "04017012348"],
        )
        b = _region(
            app,
            "Vest-Telemark",
            [_tenant("Tokke", "4022", "964964610", 2200)],
            "VTIT",
            ["05017012349", "06017012340", "07017012341", "08017012342"],
        )
        operator = add_person(app, "operator", "09017012343", "operator")
        db.session.commit()
    return a, b, operator


@pytest.fixture
def world(database):
    """Built once per test module and rolled back after each test; built anew for a ``committed`` test."""
    return database.build()


@pytest.fixture
def tenant_a(world) -> TenantWorld:
    return world[0]


@pytest.fixture
def tenant_b(world) -> TenantWorld:
    return world[1]


@pytest.fixture
def operator(world) -> Person:
    return world[2]
