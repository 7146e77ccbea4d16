"""Row-level security on the needs tables, proven with raw SQL as the application role.

The same pattern as ``tests/tenants/test_rls.py``: each transaction carries one
person's scope in the settings the policies read, and no ORM filter is involved.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text

from samverka.platform.core.extensions import db
from samverka.platform.needs import models
from samverka.platform.needs.services import templates
from samverka.tenants.services.principals import load_principal
from tests.platform.needs.support import neighbour_it, register_need
from tests.support import services
from tests.support.rls import scope_connection

pytestmark = pytest.mark.postgres

NEED_MODELS = (
    models.Need,
    models.NeedCpvCode,
    models.NeedSubmission,
    models.NeedEvent,
    models.BenefitPlan,
    models.BenefitLine,
    models.BenefitTemplate,
)
NEED_TABLES = {m.__tablename__ for m in NEED_MODELS}
# Every need table, with how a row is tied to one need (the template is the region's, not a need's).
NEED_OF_ROW = {
    "needs": "id",
    "need_cpv_codes": "need_id",
    "need_submissions": "need_id",
    "need_events": "need_id",
    "benefit_plans": "need_id",
    "benefit_lines": "(SELECT need_id FROM benefit_plans p WHERE p.id = benefit_lines.plan_id)",
}


@pytest.fixture
def app_engine():
    engine = create_engine(services.app_url())
    yield engine
    engine.dispose()


@pytest.fixture
def a_needs(app, tenant_a):
    """Kongsberg's draft, and its submitted need with a benefit line; region A has its own template."""
    with app.app_context():
        principal = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        templates.save_template(
            db.session,
            principal,
            tenant_a.region_id,
            benefit_types=["time_saved", "cost_saved"],
            required_fields=["owner"],
        )
        db.session.commit()
    draft = register_need(app, tenant_a.people["it"], tenant_a.tenant_id, with_line=True)
    submitted = register_need(
        app, tenant_a.people["it"], tenant_a.tenant_id, with_line=True, submit_to=[tenant_a.region_id]
    )
    return {"draft": draft, "submitted": submitted}


def _scoped(conn, app, person):
    with app.app_context():
        principal = load_principal(db.session, person.user_id)
    scope_connection(conn, principal)
    return principal


def _visible_needs(conn, table: str) -> set[int]:
    return set(conn.execute(text(f"SELECT DISTINCT {NEED_OF_ROW[table]} FROM {table}")).scalars())


def test_every_need_table_forces_row_level_security(app, app_engine):
    with app_engine.connect() as conn:
        rows = conn.execute(
            text("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY(:names)"),
            {"names": sorted(NEED_TABLES)},
        ).all()
    assert {name: (rls, forced) for name, rls, forced in rows} == dict.fromkeys(NEED_TABLES, (True, True))


def test_region_b_sees_nothing_of_a_s_needs(app, app_engine, tenant_a, tenant_b, a_needs):
    for person in tenant_b.people.values():
        with app_engine.connect() as conn, conn.begin():
            _scoped(conn, app, person)
            for table in NEED_OF_ROW:
                assert _visible_needs(conn, table) == set(), (person.key, table)
            assert conn.execute(text("SELECT count(*) FROM benefit_templates")).scalar() == 0, person.key


def test_a_draft_is_only_its_tenants_and_a_submitted_need_also_the_regions_staff(app, app_engine, tenant_a, a_needs):
    expected = {
        "it": set(a_needs.values()),
        "chief": set(a_needs.values()),
        "coordinator": {a_needs["submitted"]},
        "partner": set(),
    }
    for key, needs in expected.items():
        with app_engine.connect() as conn, conn.begin():
            _scoped(conn, app, tenant_a.people[key])
            for table in NEED_OF_ROW:
                wanted = needs - {a_needs["draft"]} if table == "need_submissions" else needs  # never submitted
                assert _visible_needs(conn, table) == wanted, (key, table)


def test_the_neighbour_in_the_same_region_sees_none_of_them(app, app_engine, tenant_a, a_needs):
    flesberg = neighbour_it(app, tenant_a)
    with app_engine.connect() as conn, conn.begin():
        _scoped(conn, app, flesberg)
        for table in NEED_OF_ROW:
            assert _visible_needs(conn, table) == set(), table
        assert conn.execute(text("SELECT count(*) FROM benefit_templates")).scalar() == 1


def test_with_check_refuses_writing_another_tenants_need(app, app_engine, tenant_a, tenant_b, a_needs):
    with app_engine.connect() as conn, conn.begin():
        _scoped(conn, app, tenant_b.people["it"])
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(
                text(
                    "INSERT INTO needs (tenant_id, title, description, kind, category, status, version, currency,"
                    " processes_personal_data, created_at, updated_at) VALUES (:t, 'Smuglet', '-', 'replacement',"
                    " 'telecom', 'draft', 1, 'NOK', false, now(), now())"
                ),
                {"t": tenant_a.tenant_id},
            )


def test_the_region_moves_a_submitted_need_but_never_writes_its_codes_plan_or_a_draft(
    app, app_engine, tenant_a, a_needs
):
    submitted, draft = a_needs["submitted"], a_needs["draft"]
    with app_engine.connect() as conn, conn.begin():
        _scoped(conn, app, tenant_a.people["coordinator"])
        moved = conn.execute(text("UPDATE needs SET status = 'under_consideration' WHERE id = :n"), {"n": submitted})
        assert moved.rowcount == 1
        assert conn.execute(text("UPDATE needs SET title = 'x' WHERE id = :n"), {"n": draft}).rowcount == 0
        with pytest.raises(Exception, match="row-level security"), conn.begin_nested():
            conn.execute(text("UPDATE needs SET status = 'draft' WHERE id = :n"), {"n": submitted})
        with pytest.raises(Exception, match="row-level security"), conn.begin_nested():
            conn.execute(text("INSERT INTO need_cpv_codes (need_id, code) VALUES (:n, '72000000')"), {"n": submitted})
        # An update reaches only the rows one may write: the region's staff reach no benefit line.
        assert conn.execute(text("UPDATE benefit_lines SET owner = 'x'")).rowcount == 0


def test_the_history_is_never_rewritten_and_is_deleted_only_with_a_draft(app, app_engine, tenant_a, a_needs):
    with app_engine.connect() as conn, conn.begin():
        _scoped(conn, app, tenant_a.people["it"])
        kept = conn.execute(text("DELETE FROM need_events WHERE need_id = :n"), {"n": a_needs["submitted"]})
        assert kept.rowcount == 0
        gone = conn.execute(text("DELETE FROM need_events WHERE need_id = :n"), {"n": a_needs["draft"]})
        assert gone.rowcount == 1
        with pytest.raises(Exception, match="permission denied"):
            conn.execute(text("UPDATE need_events SET comment = 'rewritten'"))


def test_orm_filter_and_policies_agree_on_the_need_tables(app, app_engine, tenant_a, tenant_b, operator, a_needs):
    people = [*tenant_a.people.values(), *tenant_b.people.values(), operator, neighbour_it(app, tenant_a)]
    for person in people:
        with app.app_context():
            load_principal(db.session, person.user_id)
            orm_counts = {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in NEED_MODELS}
        with app_engine.connect() as conn, conn.begin():
            _scoped(conn, app, person)
            sql_counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in orm_counts}
        assert orm_counts == sql_counts, person.key
