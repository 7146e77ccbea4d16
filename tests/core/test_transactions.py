"""A read ends by COMMIT and keeps PostgreSQL's prepared statements; anything that wrote is rolled back.

Each test has a connection of its own (``committed``): the suite's shared connection always holds a
transaction id, so on it every request's end is a rollback.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from samverka.platform.core.extensions import system_engine
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.transactions import end_read
from samverka.tenants.models import Tenant

pytestmark = [pytest.mark.committed, pytest.mark.postgres]

# A statement no other code sends, so the prepared statements counted are this test's alone.
MARKED = "SELECT count(*) AS n FROM tenants WHERE id > :floor /* test_transactions */"
RUNS_BEFORE_PREPARED = 6  # psycopg prepares a statement on its fifth run on a connection


def _prepared(connection) -> int:
    query = text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%/* test_transactions */%'")
    return connection.execute(query).scalar()


def _read_repeatedly(connection, end) -> None:
    for _ in range(RUNS_BEFORE_PREPARED):
        session = Session(bind=connection)
        session.execute(text(MARKED), {"floor": 0}).scalar()
        end(session)
        session.close()


def test_a_read_ends_by_commit_and_keeps_its_prepared_statement(app):
    with app.app_context(), system_engine().connect() as connection:
        _read_repeatedly(connection, end_read)
        assert not connection.in_transaction()  # committed: nothing left for the pool's reset to roll back
        assert _prepared(connection) == 1


def test_a_rollback_would_have_dropped_it(app):
    with app.app_context(), system_engine().connect() as connection:
        _read_repeatedly(connection, Session.rollback)
        assert _prepared(connection) == 0


def test_raw_sql_that_wrote_is_rolled_back(app):
    with app.app_context(), system_engine().connect() as connection:
        session = Session(bind=connection)
        session.execute(text("CREATE TEMP TABLE written_by_a_read (id int)"))
        end_read(session)
        session.close()
        assert connection.execute(text("SELECT to_regclass('pg_temp.written_by_a_read')")).scalar() is None


def test_an_object_added_but_not_flushed_is_not_committed(app):
    with app.app_context(), system_engine().connect() as connection:
        session = Session(bind=connection)
        before = session.execute(text("SELECT count(*) FROM tenants")).scalar()
        session.add(Tenant(name="Ny", country="NO", municipality_number="9999", organisation_number="999999999"))
        end_read(session)
        session.close()
        assert connection.execute(text("SELECT count(*) FROM tenants")).scalar() == before


def test_objects_read_stay_loaded_after_the_commit(app, tenant_a):
    with app.app_context(), system_engine().connect() as connection:
        session = Session(bind=connection)
        bind_principal(session, Principal.system("test: reading a tenant"))
        tenant = session.get(Tenant, tenant_a.tenant_id)
        end_read(session)
        assert "name" in tenant.__dict__  # not expired: no query to read it again


def _statements_of(connection, run) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(connection, "before_cursor_execute", record)
    return seen


def _read_and_end(connection, statement) -> list[str]:
    session = Session(bind=connection)
    bind_principal(session, Principal.system("test: a read"))
    statements = _statements_of(connection, lambda: (session.execute(statement).all(), end_read(session)))
    session.close()
    return statements


def test_a_transaction_of_selects_is_committed_without_asking(app, tenant_a):
    with app.app_context(), system_engine().connect() as connection:
        statements = _read_and_end(connection, select(Tenant).where(Tenant.id == tenant_a.tenant_id))
        assert any("set_config" in statement for statement in statements)  # the scope's settings: no write
        assert not any("pg_current_xact_id_if_assigned" in statement for statement in statements)
        assert not connection.in_transaction()


@pytest.mark.parametrize(
    "statement",
    [select(Tenant.id).with_for_update(), text("SELECT id FROM tenants")],
    ids=["select for update", "text SQL"],
)
def test_a_select_for_update_or_text_sql_is_asked_about(app, statement):
    with app.app_context(), system_engine().connect() as connection:
        statements = _read_and_end(connection, statement)
        assert statements[-1] == "SELECT pg_current_xact_id_if_assigned() IS NULL"
        assert not connection.in_transaction()  # nothing written: committed all the same
