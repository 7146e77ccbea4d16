"""In raw SQL as the web role, a partner's readers see their partner's tokens and no other's, and cannot
write one into another partner."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from samverka.platform.core.extensions import db
from samverka.tenants.services.principals import load_principal
from tests.platform.auth.tokens_support import create_token
from tests.support import services as test_services
from tests.support.rls import scope_connection


@pytest.mark.postgres
@pytest.mark.committed
def test_in_raw_sql_the_app_role_reads_and_writes_only_its_partners_tokens(app, tenant_a, tenant_b):
    own_id, _own = create_token(app, tenant_a)
    other_id, _other = create_token(app, tenant_b)
    engine = create_engine(test_services.app_url())
    try:
        with app.app_context():
            partner_a = load_principal(db.session, tenant_a.people["partner"].user_id)
            coordinator_a = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, partner_a)
            seen = set(conn.execute(text("SELECT id FROM api_tokens")).scalars())
            revoked = conn.execute(text("UPDATE api_tokens SET revoked_at = now() WHERE id = :i"), {"i": other_id})
            deleted = conn.execute(text("DELETE FROM api_tokens WHERE id = :i"), {"i": own_id})
            assert (seen, revoked.rowcount, deleted.rowcount) == ({own_id}, 0, 0)
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, coordinator_a)  # the region's staff do not hold the partner's tokens
            assert conn.execute(text("SELECT count(*) FROM api_tokens")).scalar() == 0
    finally:
        engine.dispose()
