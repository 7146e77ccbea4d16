"""The attention benchmark's loader and timing still run (at a tiny scale, on the test database, not timed)."""

from __future__ import annotations

import pytest

from bench.attention import load, time_attention
from samverka.platform.core.extensions import db


@pytest.mark.committed
def test_the_generated_world_gives_each_timed_person_items_in_a_few_statements(app):
    with app.app_context():
        people = load(db.session, tenants=8, regions=2, per_tenant=3)
    for role, user_id in people.items():
        took, statements, items = time_attention(app, user_id)
        assert took > 0 and items > 0, role
        # About one statement per area's source for each role held (the coordinator's: the award's two steps in
        # one, and delivered procurements to confirm in operation).
        assert statements <= 10, (role, statements)
