"""``session.get`` reads a row not yet in the session through one statement per model, built once and filtered by
the tenancy guard like any other read: another tenant's row is None, as a missing one is."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, text

from samverka.platform.core.extensions import _by_id, db
from samverka.platform.core.tenancy import guard
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.principals import load_principal
from tests.support import services
from tests.support.rls import scope_connection

pytestmark = [pytest.mark.committed, pytest.mark.postgres]  # the superuser reads on a connection of its own


def _gets(app, user_id, model, ident, times=1, **options):
    """What ``times`` gets of ``model`` ``ident`` return as the user, and the SQL (with parameters) they send."""
    sent = []

    def record(_conn, _cursor, sql, parameters, *_):
        sent.append((sql, parameters))

    with app.app_context():
        principal = load_principal(db.session, user_id)
        bind_principal(db.session, principal)
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            found = [db.session.get(model, ident, **options) for _ in range(times)]
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return [row.id if row is not None else None for row in found], [s for s in sent if "set_config" not in s[0]]


def test_another_tenants_row_is_none_as_a_missing_one_is(app, tenant_a, tenant_b):
    it = tenant_a.people["it"].user_id
    assert _gets(app, it, Tenant, tenant_a.tenant_id)[0] == [tenant_a.tenant_id]
    assert _gets(app, it, Tenant, tenant_b.tenant_id)[0] == [None]
    assert _gets(app, it, Tenant, 10**9)[0] == [None]
    assert _gets(app, it, Region, tenant_b.region_id)[0] == [None]


def test_the_guard_filters_the_statement_itself(app, tenant_a, tenant_b):
    """Sent as the superuser, whom no policy stops, the SQL of tenant_a's get of tenant_b still finds nothing."""
    it = tenant_a.people["it"].user_id
    _, sent = _gets(app, it, Tenant, tenant_b.tenant_id)
    (sql, parameters), *_ = sent
    engine = create_engine(services.superuser_url())
    try:
        with app.app_context():
            principal = load_principal(db.session, it)
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, principal)
            assert conn.execute(text("SELECT id FROM tenants WHERE id = :id"), {"id": tenant_b.tenant_id}).all()
            assert conn.exec_driver_sql(sql, parameters).all() == []
    finally:
        engine.dispose()


def test_a_row_is_read_once_per_session_by_one_kept_statement(app, tenant_a):
    it = tenant_a.people["it"].user_id
    found, sent = _gets(app, it, Tenant, tenant_a.tenant_id, times=3)
    assert found == [tenant_a.tenant_id] * 3
    assert [parameters["samverka_id"] for _, parameters in sent] == [tenant_a.tenant_id]  # then the session's
    assert _by_id(Tenant) is _by_id(Tenant)
    with app.app_context():
        principal = load_principal(db.session, it)
    assert guard._filtered(principal, _by_id(Tenant)) is guard._filtered(principal, _by_id(Tenant))


def test_a_get_with_options_is_sqlalchemys_own(app, tenant_a):
    it = tenant_a.people["it"].user_id
    found, sent = _gets(app, it, Tenant, tenant_a.tenant_id, times=2, populate_existing=True)
    assert found == [tenant_a.tenant_id] * 2
    assert len(sent) == 2  # read again each time, as asked
    assert all("samverka_id" not in parameters for _, parameters in sent)
