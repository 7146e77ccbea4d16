"""The application's own tenancy guard: it holds on SQLite too, where there is no RLS."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import ScopeViolation, bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import Invitation, Region, RoleAssignment, Tenant, User
from samverka.tenants.services.principals import load_principal


@pytest.fixture
def as_a(app, tenant_a):
    with app.app_context():
        load_principal(db.session, tenant_a.people["it"].user_id)
        yield db.session


def test_get_by_id_of_another_tenant_finds_nothing(as_a, tenant_a, tenant_b):
    assert as_a.get(Tenant, tenant_b.tenant_id) is None
    assert as_a.get(Region, tenant_b.region_id) is None
    assert as_a.get(Tenant, tenant_a.tenant_id).name == "Kongsberg"


def test_queries_list_only_the_principals_scope(as_a, tenant_a, tenant_b):
    assert [t.name for t in as_a.scalars(select(Tenant))] == ["Kongsberg"]
    b_users = {p.user_id for p in tenant_b.people.values()}
    assert b_users.isdisjoint(u.id for u in as_a.scalars(select(User)))


def test_writing_into_another_tenant_is_refused(as_a, tenant_b):
    as_a.add(RoleAssignment(user_id=1, role="it_coordinator", tenant_id=tenant_b.tenant_id))
    with pytest.raises(ScopeViolation):
        as_a.flush()
    as_a.rollback()


def test_an_unbound_session_sees_no_tenant_rows(app, tenant_a):
    with app.app_context():
        assert db.session.scalars(select(Tenant)).all() == []
        assert db.session.scalars(select(Invitation)).all() == []
        assert db.session.get(User, tenant_a.people["it"].user_id) is None


def test_coordinator_reaches_member_tenants_but_not_other_regions(app, tenant_a, tenant_b):
    with app.app_context():
        principal = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        names = sorted(t.name for t in db.session.scalars(select(Tenant)))
        assert names == ["Flesberg", "Kongsberg"]
        assert principal.admin_region_ids == {tenant_a.region_id}
        assert db.session.get(Region, tenant_b.region_id) is None


def test_system_scope_sees_everything_for_its_stated_reason(app, tenant_a, tenant_b):
    with app.app_context():
        bind_principal(db.session, Principal.system("test: count all"))
        assert len(db.session.scalars(select(Tenant)).all()) == 3
