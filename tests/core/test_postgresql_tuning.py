"""What the application's PostgreSQL connections are tuned for (``extensions.tune_postgresql``)."""

from __future__ import annotations

import pytest
from psycopg import _queries
from sqlalchemy import text

from samverka.platform.core.extensions import db

pytestmark = pytest.mark.postgres


def test_a_long_statement_has_its_placeholders_rewritten_once(app, monkeypatch):
    # As long as the attention list's UNION ALL (7 KB, 27 values): over psycopg's own limit of 4 KB.
    branches = " UNION ALL ".join(f"SELECT :v{i} AS value, '{'x' * 60}' AS padding" for i in range(60))
    values = {f"v{i}": i for i in range(60)}
    assert len(branches) > 4096
    rewritten = []
    uncached = _queries._query2pg_nocache

    def counted(*args, **kwargs):
        rewritten.append(args[0])
        return uncached(*args, **kwargs)

    monkeypatch.setattr(_queries, "_query2pg_nocache", counted)  # what psycopg calls for what it does not keep
    with app.app_context():
        db.session.execute(text(branches), values).all()
        rows = db.session.execute(text(branches), values).all()
    assert rewritten == []
    assert [row.value for row in rows] == list(range(60))
