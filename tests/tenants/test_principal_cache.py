"""A signed-in user's principal is built once and kept between requests, and a change of who holds what
reaches the very next request: a removed role, a deactivated account, a municipality taken out of its
region, a procurement team role removed. The attack each test plays: the change is made, the session
from before keeps being used; it must be refused.

The suite's app runs without Redis (nothing kept, as in the demo); here it gets the test Redis, as
production has, for the generation every worker compares its kept principals with.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from redis import Redis
from sqlalchemy import delete

from samverka.platform.auth import server_session
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.tenancy.rules import permission_kind
from samverka.platform.core.time import utcnow
from samverka.platform.requirements.services import team
from samverka.tenants.models import RegionMembership, RoleAssignment, User
from samverka.tenants.permissions import TEAM_ROLE_PERMISSIONS
from samverka.tenants.services import principal_cache
from samverka.tenants.services.principals import load_principal
from tests.platform.requirements.factories import assign, make_team_world
from tests.support import services
from tests.support.login import sign_in
from tests.support.statements import listening

SYSTEM = Principal.system("test: changing who holds what")
# Statements of a signed-in /healthz and of a trivial signed-in page (one's own sessions) once the principal
# is kept: none for the principal itself. The page's are the transaction's (here a savepoint), its one
# set_config, and what the menu around every page reads (invitations to answer, deliveries, ...).
HEALTHZ_BUDGET = 0
SESSIONS_PAGE_BUDGET = 10


@pytest.fixture
def cached(app):
    """The suite's app keeping principals and sessions in Redis as production does; jobs still run inline."""
    if services.redis_problem():
        pytest.skip(services.redis_problem())
    saved = {name: app.config.get(name) for name in ("REDIS_URL", "JOBS_MODE")}
    saved_interface = app.session_interface
    app.config.update(REDIS_URL=services.REDIS_URL, JOBS_MODE=saved["JOBS_MODE"] or "inline")
    app.extensions.pop("samverka.redis", None)
    app.extensions.pop("samverka.principals", None)
    server_session.init_app(app, read_along=(principal_cache.GENERATION_KEY,))
    yield app
    app.session_interface = saved_interface
    app.config.update(saved)
    redis = app.extensions.pop("samverka.redis", None)
    if redis is not None:
        redis.close()
    app.extensions.pop("samverka.principals", None)


@contextmanager
def all_statements(app) -> Iterator[list[str]]:
    """The statements sent on every engine: the web role's and the system role's (the principal's look-up)."""
    statements: list[str] = []
    with listening(app, lambda statement, *_: statements.append(statement), every_engine=True):
        yield statements


def _change(app, *, statement=None, **changes) -> None:
    """Commit a change as the system, as a service or a command would."""
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        if statement is not None:
            db.session.execute(statement)
        for (model, key), values in changes.get("rows", {}).items():
            row = db.session.get(model, key)
            for name, value in values.items():
                setattr(row, name, value)
        for model, key in changes.get("deleted", ()):
            db.session.delete(db.session.get(model, key))
        db.session.commit()


def _needs_page(client, tenant_id: int) -> int:
    return client.get(f"/tenants/{tenant_id}/needs").status_code


def test_the_principal_is_built_once_then_healthz_and_pages_cost_no_lookup(cached, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    assert _needs_page(client, tenant_a.tenant_id) == 200  # built and kept
    with all_statements(cached) as healthz:
        assert client.get("/healthz").status_code == 200
    assert len(healthz) == HEALTHZ_BUDGET, healthz
    with all_statements(cached) as first:
        assert _needs_page(client, tenant_a.tenant_id) == 200
    with all_statements(cached) as second:
        assert _needs_page(client, tenant_a.tenant_id) == 200
    assert len(first) == len(second)
    looked_up = [s for s in first if "role_assignments" in s or "region_memberships" in s]
    assert looked_up == [], looked_up
    with all_statements(cached) as trivial:
        assert client.get("/account/sessions").status_code == 200
    assert len(trivial) <= SESSIONS_PAGE_BUDGET, trivial


def test_without_redis_each_request_builds_the_principal_anew(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    with all_statements(app) as statements:
        assert client.get("/healthz").status_code == 200
    assert any("role_assignments" in s for s in statements)


def test_a_removed_role_is_refused_on_the_next_request(cached, client, tenant_a):
    it = tenant_a.people["it"]
    sign_in(client, it)
    assert _needs_page(client, tenant_a.tenant_id) == 200
    assert _needs_page(client, tenant_a.tenant_id) == 200  # served from the kept principal
    _change(cached, statement=delete(RoleAssignment).where(RoleAssignment.user_id == it.user_id))
    assert _needs_page(client, tenant_a.tenant_id) in (403, 404)


def test_a_role_removed_through_the_orm_is_refused_on_the_next_request(cached, client, tenant_a):
    it = tenant_a.people["it"]
    sign_in(client, it)
    assert _needs_page(client, tenant_a.tenant_id) == 200
    with cached.app_context():
        bind_principal(db.session, SYSTEM)
        assignment = db.session.query(RoleAssignment).filter_by(user_id=it.user_id).one()
        db.session.delete(assignment)
        db.session.commit()
    assert _needs_page(client, tenant_a.tenant_id) in (403, 404)


def test_a_deactivated_user_is_signed_out_on_the_next_request(cached, client, tenant_a):
    it = tenant_a.people["it"]
    sign_in(client, it)
    assert _needs_page(client, tenant_a.tenant_id) == 200
    _change(cached, rows={(User, it.user_id): {"active": False}})
    response = client.get(f"/tenants/{tenant_a.tenant_id}/needs")
    assert response.status_code in (302, 401, 403, 404)
    assert client.get("/healthz").status_code == 200
    with cached.test_request_context():
        assert principal_cache.signed_in(db.session, it.user_id) is None


def test_a_municipality_taken_out_of_the_region_leaves_its_coordinators_scope(cached, client, tenant_a):
    coordinator = tenant_a.people["coordinator"]
    sign_in(client, coordinator)
    with cached.test_request_context():
        before = principal_cache.signed_in(db.session, coordinator.user_id).principal
    assert tenant_a.tenant_id in _tenants_reached(before)
    _change(cached, deleted=[(RegionMembership, (tenant_a.region_id, tenant_a.tenant_id))])
    with cached.test_request_context():
        after = principal_cache.signed_in(db.session, coordinator.user_id).principal
    assert tenant_a.tenant_id not in _tenants_reached(after)


def test_a_procurement_team_role_removed_leaves_the_members_scope(cached, tenant_a):
    team_world = make_team_world(cached, tenant_a)
    member = tenant_a.people["partner"]
    member_id = assign(cached, tenant_a, team_world.procurement_id, member, "it_architecture")
    with cached.test_request_context():
        before = principal_cache.signed_in(db.session, member.user_id).principal
    assert team_world.procurement_id in _procurements_reached(before)
    with cached.app_context():
        coordinator = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        team.remove(db.session, coordinator, team_world.procurement_id, member_id)
        db.session.commit()
    with cached.test_request_context():
        after = principal_cache.signed_in(db.session, member.user_id).principal
    assert team_world.procurement_id not in _procurements_reached(after)


def _tenants_reached(principal: Principal) -> set[int]:
    return {i for permission, ids in principal.held.items() if permission_kind(permission) == "tenant" for i in ids}


def _procurements_reached(principal: Principal) -> set[int]:
    team_permissions = set().union(*TEAM_ROLE_PERMISSIONS.values())
    return {i for permission, ids in principal.held.items() if permission in team_permissions for i in ids}


def test_a_change_made_meanwhile_is_not_kept_under_the_generation_read_before_it(cached, tenant_a):
    it = tenant_a.people["it"]
    redis = Redis.from_url(services.REDIS_URL)
    try:
        with cached.test_request_context():
            kept = principal_cache.signed_in(db.session, it.user_id)
        redis.set(principal_cache.GENERATION_KEY, "another")  # another worker committed a change of roles
        with cached.test_request_context():
            again = principal_cache.signed_in(db.session, it.user_id)
    finally:
        redis.close()
    assert again is not kept and again.principal is not kept.principal


def test_what_was_kept_is_not_trusted_once_redis_lost_its_data(cached, tenant_a):
    it = tenant_a.people["it"]
    redis = Redis.from_url(services.REDIS_URL)
    try:
        redis.delete(principal_cache.GENERATION_KEY)  # a Redis that has not seen a change yet
        with cached.test_request_context():
            kept = principal_cache.signed_in(db.session, it.user_id)
        redis.delete(principal_cache.GENERATION_KEY)  # a change, then a restart without persistence
        with cached.test_request_context():
            again = principal_cache.signed_in(db.session, it.user_id)
        assert redis.get(principal_cache.GENERATION_KEY) is not None
    finally:
        redis.close()
    assert again is not kept


def _generation(app) -> bytes | None:
    with app.app_context():
        return Redis.from_url(services.REDIS_URL).get(principal_cache.GENERATION_KEY)


def test_a_sign_in_keeps_the_others_principals_but_a_changed_user_does_not(cached, client, tenant_a):
    """Each sign-in writes the user's sign-in time: that must not make every worker rebuild every principal."""
    it = tenant_a.people["it"]
    sign_in(client, it)
    assert _needs_page(client, tenant_a.tenant_id) == 200
    before = _generation(cached)
    _change(cached, rows={(User, it.user_id): {"last_login_at": utcnow()}})
    assert _generation(cached) == before
    _change(cached, rows={(User, it.user_id): {"locale": "sv"}})
    assert _generation(cached) != before


def _use_redis(app, url: str) -> None:
    app.config["REDIS_URL"] = url
    app.extensions.pop("samverka.redis", None)


def test_a_role_removed_while_redis_is_away_is_not_served_from_what_was_kept(cached, tenant_a):
    """The change cannot be announced; the commit still stands, and this worker trusts nothing kept from before."""
    it = tenant_a.people["it"]
    with cached.test_request_context():
        kept = principal_cache.signed_in(db.session, it.user_id)
    assert tenant_a.tenant_id in _tenants_reached(kept.principal)
    _use_redis(cached, "redis://127.0.0.1:1/0")  # nobody listens there
    try:
        _change(cached, statement=delete(RoleAssignment).where(RoleAssignment.user_id == it.user_id))
        with cached.test_request_context():
            meanwhile = principal_cache.signed_in(db.session, it.user_id)  # served, built afresh
    finally:
        _use_redis(cached, services.REDIS_URL)
    with cached.test_request_context():
        after = principal_cache.signed_in(db.session, it.user_id)
    assert tenant_a.tenant_id not in _tenants_reached(meanwhile.principal)
    assert tenant_a.tenant_id not in _tenants_reached(after.principal)
