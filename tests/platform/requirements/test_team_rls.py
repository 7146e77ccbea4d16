"""Row-level security, in raw SQL as the web role: a team role opens its one procurement's team data, no more."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.requirements.models import RequirementSection
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_procurement
from tests.platform.requirements.factories import add_team_partner, assign, make_team_world
from tests.support import services
from tests.support.rls import scope_connection

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_engine():
    engine = create_engine(services.app_url())
    yield engine
    engine.dispose()


def _as(conn, app, person) -> None:
    with app.app_context():
        principal = load_principal(db.session, person.user_id)
    scope_connection(conn, principal)


def _sections(app, rows) -> None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        db.session.add_all(RequirementSection(**row) for row in rows)
        db.session.commit()


def test_a_partner_on_one_team_reads_and_writes_only_that_procurement_in_sql(app, app_engine, tenant_a):
    world = make_team_world(app, tenant_a)
    other = make_procurement(app, tenant_a, title="Velferdsteknologi")
    architect = add_team_partner(app, tenant_a, "kikt_architect", "10017012344")
    assign(app, tenant_a, world.procurement_id, architect, "it_architecture")
    region = tenant_a.region_id
    _sections(
        app,
        [
            {"procurement_id": world.procurement_id, "region_id": region, "role": "user_representative"},
            {"procurement_id": other.procurement_id, "region_id": region, "role": "it_architecture"},
        ],
    )
    with app_engine.connect() as conn, conn.begin():
        _as(conn, app, architect)
        seen = conn.execute(text("SELECT procurement_id FROM requirement_sections")).scalars().all()
        assert seen == [world.procurement_id]
        team = conn.execute(text("SELECT DISTINCT procurement_id FROM procurement_team_members")).scalars().all()
        assert team == [world.procurement_id]
        assert conn.execute(text("SELECT count(*) FROM needs")).scalar() == 0
        # Another role's section in its own procurement, and its own role's section in the other one: nothing.
        changed = conn.execute(text("UPDATE requirement_sections SET text = 'x', status = 'done'"))
        assert changed.rowcount == 0
    for procurement_id, role in ((other.procurement_id, "archive"), (world.procurement_id, "user_representative")):
        with app_engine.connect() as conn, conn.begin(), pytest.raises(Exception, match="row-level security"):
            _as(conn, app, architect)
            conn.execute(
                text(
                    "INSERT INTO requirement_sections (procurement_id, region_id, role, status, text, updated_at)"
                    " VALUES (:p, :r, :role, 'done', 'x', now())"
                ),
                {"p": procurement_id, "r": region, "role": role},
            )
    with app_engine.connect() as conn, conn.begin():
        _as(conn, app, architect)
        conn.execute(
            text(
                "INSERT INTO requirement_sections (procurement_id, region_id, role, status, text, updated_at)"
                " VALUES (:p, :r, 'it_architecture', 'done', 'Arkitektur', now())"
            ),
            {"p": world.procurement_id, "r": region},
        )


def test_another_region_sees_no_team_data_in_sql(app, app_engine, tenant_a, tenant_b):
    world = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["partner"], "it_architecture")
    with app_engine.connect() as conn, conn.begin():
        _as(conn, app, tenant_b.people["coordinator"])
        for table in ("procurement_team_members", "library_requirements", "joint_procurements"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
