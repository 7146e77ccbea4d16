"""The suite's own isolation: a test's writes and scope settings end with it, and raw access is refused.

The tests of this module run in order: the second of each pair looks for what the first left.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from samverka.platform.core.extensions import db, system_engine
from samverka.platform.core.tenancy.guard import acting_as, bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import Region
from samverka.tenants.services.principals import load_principal
from tests.support import services
from tests.support.database import OwnConnectionRefused
from tests.support.login import sign_in

pytestmark = pytest.mark.postgres
LEFTOVER = "Leftover region"
SETTINGS = text(
    "SELECT current_setting('samverka.user_id', true), current_setting('samverka.scope', true),"
    " current_setting('samverka.system', true)"
)
ROLES = text("SELECT session_user, current_user, samverka_system()")
AS_WEB_ROLE = (services.APP_ROLE, services.APP_ROLE, False)
AS_SYSTEM_ROLE = (services.SYSTEM_ROLE, services.SYSTEM_ROLE, True)


def _regions_named(app, name: str) -> list[str]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: looking for leftovers"))
        return db.session.scalars(select(Region.name).where(Region.name == name)).all()


def test_a_test_commits_a_region_and_a_signed_in_request_sets_the_scope(app, client, tenant_a):
    with app.app_context():
        bind_principal(db.session, Principal.system("test: a write to roll back"))
        db.session.add(Region(name=LEFTOVER, currency="NOK"))
        db.session.commit()
    sign_in(client, tenant_a.people["coordinator"])
    assert client.get("/").status_code == 200
    assert _regions_named(app, LEFTOVER) == [LEFTOVER]


def test_what_a_session_commits_stays_when_the_context_around_it_only_read(app, tenant_a):
    """As on connections of their own: the session store records a browser session while the request's
    session, which only read, is still open."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test: an open transaction that only reads"))
        db.session.scalars(select(Region.id)).all()
        with Session(system_engine()) as side:
            bind_principal(side, Principal.system("test: a write of its own"))
            side.add(Region(name=LEFTOVER, currency="NOK"))
            side.commit()
    assert _regions_named(app, LEFTOVER) == [LEFTOVER]


def test_the_next_test_finds_neither_the_region_nor_the_scope(app, database, tenant_a):
    assert _regions_named(app, LEFTOVER) == []
    assert database.shared.connection.execute(SETTINGS).one() == ("", "", "")


def test_a_session_keeps_its_scope_across_another_sessions_transaction(app, tenant_a, tenant_b):
    with app.app_context():
        coordinator = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        bind_principal(db.session, coordinator)
        before = db.session.execute(SETTINGS).one()
        with app.app_context():  # a context (and session) of its own, as a helper of a test would push
            bind_principal(db.session, load_principal(db.session, tenant_b.people["coordinator"].user_id))
            db.session.execute(SETTINGS)
            db.session.commit()
        assert db.session.execute(SETTINGS).one() == before
        assert before[0] == str(tenant_a.people["coordinator"].user_id)


def test_each_statement_runs_as_the_role_of_the_principal_it_runs_for(app, tenant_a):
    with app.app_context():
        bind_principal(db.session, load_principal(db.session, tenant_a.people["coordinator"].user_id))
        as_person = db.session.execute(ROLES).one()
        with acting_as(db.session, Principal.system("test: the system's role")):
            as_system = db.session.execute(ROLES).one()
            regions = db.session.scalars(select(Region.id)).all()
        back = db.session.execute(ROLES).one()
    assert (as_person, as_system, back) == (AS_WEB_ROLE, AS_SYSTEM_ROLE, AS_WEB_ROLE)
    assert tenant_a.region_id in regions  # the system's statements see the module's world


def test_between_tests_the_connection_is_the_web_roles(app, database, tenant_a):
    assert database.shared.connection.execute(ROLES).one() == AS_WEB_ROLE


def test_a_connection_of_the_tests_own_is_refused(app, tenant_a):
    engine = create_engine(services.app_url())
    try:
        with pytest.raises(OwnConnectionRefused, match="committed"):
            engine.connect()
    finally:
        engine.dispose()


def test_a_session_in_another_thread_is_refused(app, tenant_a):
    raised = []

    def count_regions() -> None:
        with app.app_context():
            try:
                db.session.execute(select(Region.id))
            except OwnConnectionRefused as refused:
                raised.append(refused)

    thread = threading.Thread(target=count_regions)
    thread.start()
    thread.join(timeout=30)
    assert len(raised) == 1


@pytest.mark.committed
def test_a_committed_test_commits_for_real(app, tenant_a):
    with app.app_context():
        bind_principal(db.session, Principal.system("test: a real commit"))
        db.session.add(Region(name=LEFTOVER, currency="NOK"))
        db.session.commit()
    engine = create_engine(services.superuser_url())
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM regions WHERE name = :n"), {"n": LEFTOVER}).scalars().all() == [
                LEFTOVER
            ]
    finally:
        engine.dispose()


def test_after_a_committed_test_the_tables_are_emptied_again(app, tenant_a):
    assert _regions_named(app, LEFTOVER) == []
