"""The scope settings the policies read (``tenancy.settings``, migration 0027), attacked with raw SQL as the web role:
a principal bound after another in the same transaction holds nothing of the first one's, a value under another
token (or none) reads as nothing, and every permission's setting name is its own."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.settings import setting_name
from samverka.tenants import permissions as perm
from samverka.tenants.services.principals import load_principal
from tests.support import services
from tests.support.rls import scope_connection

pytestmark = [pytest.mark.committed, pytest.mark.postgres]  # raw SQL on connections of their own

TENANTS = text("SELECT id FROM tenants ORDER BY id")
PERMISSIONS = sorted({v for k, v in vars(perm).items() if k.isupper() and isinstance(v, str) and ":" in v})


@pytest.fixture
def app_engine():
    engine = create_engine(services.app_url())
    yield engine
    engine.dispose()


def _principal(app, user_id):
    with app.app_context():
        return load_principal(db.session, user_id)


def test_a_principal_bound_after_another_holds_nothing_of_the_first_ones(app, app_engine, tenant_a, tenant_b):
    chief_a = _principal(app, tenant_a.people["chief"].user_id)
    it_b = _principal(app, tenant_b.people["it"].user_id)
    with app_engine.connect() as conn, conn.begin():
        scope_connection(conn, chief_a)
        first = conn.execute(TENANTS).scalars().all()
        scope_connection(conn, it_b)  # its settings over the first one's, in the same transaction
        second = conn.execute(TENANTS).scalars().all()
    assert first == [tenant_a.tenant_id]
    assert second == [tenant_b.tenant_id]


def test_a_value_under_another_token_or_none_reads_as_nothing(app, app_engine, tenant_a):
    chief_a = _principal(app, tenant_a.people["chief"].user_id)
    held = f"samverka.held.{setting_name(perm.TENANT_READ)}"
    with app_engine.connect() as conn:
        with conn.begin():
            scope_connection(conn, chief_a)
            token = conn.execute(text("SELECT current_setting('samverka.token')")).scalar()
            assert conn.execute(TENANTS).scalars().all() == [tenant_a.tenant_id]
            # A token that begins as the current one does ("1" and "12/..."): not the current one.
            forged = f"{token}0/{{{tenant_a.other_tenant_id}}}"
            conn.execute(text("SELECT set_config(:name, :value, true)"), {"name": held, "value": forged})
            assert conn.execute(TENANTS).scalars().all() == []
        with conn.begin():  # the next transaction: no token, whatever a setting holds
            conn.execute(text("SELECT set_config(:name, :value, false)"), {"name": held, "value": f"/{{{1}}}"})
            assert conn.execute(TENANTS).scalars().all() == []


def test_each_permission_has_a_setting_name_of_its_own_the_database_agrees_with(app, app_engine):
    names = [setting_name(permission) for permission in PERMISSIONS]
    assert len(set(names)) == len(PERMISSIONS) > 60
    with app_engine.connect() as conn:
        in_database = conn.execute(
            text("SELECT samverka_setting_name(p) FROM unnest(CAST(:ps AS text[])) AS p"), {"ps": PERMISSIONS}
        ).scalars()
        assert list(in_database) == names
    with pytest.raises(ValueError):
        setting_name("tenant:needs:read'; --")
