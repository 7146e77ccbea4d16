"""PostgreSQL row-level security: the second wall, proven with raw SQL as the application role."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import scoped_models
from samverka.tenants.services.principals import load_principal
from tests.support import services
from tests.support.rls import scope_connection

pytestmark = pytest.mark.postgres

# Global tables that hold no tenant data, and why.
NOT_TENANT_DATA = {
    "alembic_version": "schema version",
    "audit_chain_head": "one row: the newest audit hash",
}
TENANT_COLUMNS = {
    "tenants": "id",
    "region_memberships": "tenant_id",
    "role_assignments": "tenant_id",
    "invitations": "tenant_id",
    "audit_events": "tenant_id",
}
REGION_COLUMNS = {"regions": "id", "partner_organisations": "region_id", "region_memberships": "region_id"}


@pytest.fixture
def app_engine():
    engine = create_engine(services.app_url())
    yield engine
    engine.dispose()


def _scoped(conn, principal):
    scope_connection(conn, principal)


def _principal(app, user_id):
    with app.app_context():
        return load_principal(db.session, user_id)


def test_app_role_owns_nothing_and_cannot_bypass(app, app_engine):
    with app_engine.connect() as conn:
        role = conn.execute(
            text("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user")
        ).one()
        owned = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
        ).scalar()
    assert tuple(role) == (False, False, False)
    assert owned == 0


def test_every_tenant_table_forces_row_level_security(app, app_engine):
    with app_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
            )
        ).all()
    tables = {name: (rls, forced) for name, rls, forced in rows}
    assert {t.name for t in db.metadata.sorted_tables} <= set(tables)
    unprotected = [name for name, flags in tables.items() if flags != (True, True) and name not in NOT_TENANT_DATA]
    assert unprotected == []
    assert {m.__tablename__ for m in scoped_models()} == set(tables) - set(NOT_TENANT_DATA)


def test_unset_scope_sees_zero_rows(app, app_engine, tenant_a, tenant_b):
    with app_engine.connect() as conn:
        for table in set(TENANT_COLUMNS) | set(REGION_COLUMNS) | {"users"}:
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table


def test_raw_sql_as_tenant_a_sees_none_of_b(app, app_engine, tenant_a, tenant_b):
    for person in tenant_a.people.values():
        principal = _principal(app, person.user_id)
        with app_engine.connect() as conn, conn.begin():
            _scoped(conn, principal)
            for table, column in TENANT_COLUMNS.items():
                leaked = conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE {column} = :b"), {"b": tenant_b.tenant_id}
                ).scalar()
                assert leaked == 0, (person.key, table)
            for table, column in REGION_COLUMNS.items():
                leaked = conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE {column} = :b"), {"b": tenant_b.region_id}
                ).scalar()
                assert leaked == 0, (person.key, table)
            b_people = [p.user_id for p in tenant_b.people.values()]
            assert (
                conn.execute(text("SELECT count(*) FROM users WHERE id = ANY(:ids)"), {"ids": b_people}).scalar() == 0
            )


def test_scope_is_transaction_local_and_does_not_leak_through_the_pool(app, app_engine, tenant_a):
    principal = _principal(app, tenant_a.people["coordinator"].user_id)
    with app_engine.connect() as conn:
        with conn.begin():
            _scoped(conn, principal)
            assert conn.execute(text("SELECT count(*) FROM tenants")).scalar() == 2
        with conn.begin():
            assert conn.execute(text("SELECT count(*) FROM tenants")).scalar() == 0


def test_with_check_refuses_writing_into_another_tenant(app, app_engine, tenant_a, tenant_b):
    principal = _principal(app, tenant_a.people["coordinator"].user_id)
    with app_engine.connect() as conn, conn.begin():
        _scoped(conn, principal)
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(
                text(
                    "INSERT INTO role_assignments (user_id, role, tenant_id, created_at)"
                    " VALUES (:u, 'it_coordinator', :t, now())"
                ),
                {"u": principal.user_id, "t": tenant_b.tenant_id},
            )


def test_orm_filter_and_policies_agree(app, app_engine, tenant_a, tenant_b, operator):
    everyone = [*tenant_a.people.values(), *tenant_b.people.values(), operator]
    for person in everyone:
        with app.app_context():
            principal = load_principal(db.session, person.user_id)
            orm_counts = {
                m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in scoped_models()
            }
        with app_engine.connect() as conn, conn.begin():
            _scoped(conn, principal)
            sql_counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in orm_counts}
        assert orm_counts == sql_counts, person.key
