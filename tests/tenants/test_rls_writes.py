"""Row-level security refuses, in raw SQL as the application's role, every write the application refuses.

Each test is an attack: a connection as the web role, one person's scope set as the guard sets it,
and one statement the application would never run for that person. It must fail (an error) or
change nothing; the superuser then checks that nothing changed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import RoleAssignment
from samverka.tenants.services.principals import load_principal
from tests.platform.plans.factories import empty_plan, make_plan
from tests.platform.procurements.factories import make_need, make_procurement
from tests.support import services
from tests.support.rls import scope_connection

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_engine():
    engine = create_engine(services.app_url())
    yield engine
    engine.dispose()


@pytest.fixture
def superuser(databases):
    engine = create_engine(databases.superuser_url)
    yield engine
    engine.dispose()


def _scope(conn, app, person) -> Principal:
    with app.app_context():
        principal = load_principal(db.session, person.user_id)
    scope_connection(conn, principal)
    return principal


def _refused(app_engine, app, person, statement: str, **params) -> None:
    """The statement, run as ``person`` through the web role, raises or touches no row."""
    with app_engine.connect() as conn, conn.begin():
        _scope(conn, app, person)
        try:
            result = conn.execute(text(statement), params)
        except Exception:
            return
        assert result.rowcount == 0, statement


def _count(superuser, query: str, **params) -> int:
    with superuser.connect() as conn:
        return conn.execute(text(query), params).scalar()


def test_region_staff_cannot_rename_or_delete_their_region(app, app_engine, superuser, tenant_a, operator):
    region = tenant_a.region_id
    for person in (tenant_a.people["coordinator"], operator):
        _refused(app_engine, app, person, "UPDATE regions SET name = 'Kapret' WHERE id = :r", r=region)
        _refused(app_engine, app, person, "DELETE FROM regions WHERE id = :r", r=region)
    assert _count(superuser, "SELECT count(*) FROM regions WHERE id = :r AND name <> 'Kapret'", r=region) == 1


def test_partner_organisations_are_never_changed_or_deleted_in_sql(app, app_engine, superuser, tenant_a, tenant_b):
    """Only whether a partner receives the signed papers changes, by its region's coordinator (a column grant)."""
    coordinator, partner = tenant_a.people["coordinator"], tenant_a.partner_id
    _refused(app_engine, app, coordinator, "UPDATE partner_organisations SET name = 'X' WHERE id = :p", p=partner)
    _refused(
        app_engine,
        app,
        coordinator,
        "UPDATE partner_organisations SET name = 'X', receives_signed_papers = true WHERE id = :p",
        p=partner,
    )
    for outsider in (tenant_b.people["coordinator"], tenant_a.people["partner"], tenant_a.people["it"]):
        _refused(
            app_engine,
            app,
            outsider,
            "UPDATE partner_organisations SET receives_signed_papers = true WHERE id = :p",
            p=partner,
        )
    _refused(app_engine, app, coordinator, "DELETE FROM partner_organisations WHERE id = :p", p=partner)
    assert _count(superuser, "SELECT count(*) FROM partner_organisations WHERE id = :p AND name <> 'X'", p=partner) == 1
    assert _count(superuser, "SELECT count(*) FROM partner_organisations WHERE receives_signed_papers") == 0


def test_no_one_makes_their_municipality_a_member_of_another_region(app, app_engine, superuser, tenant_a, tenant_b):
    it = tenant_a.people["it"]
    _refused(
        app_engine,
        app,
        it,
        "INSERT INTO region_memberships (region_id, tenant_id, joined_at) VALUES (:r, :t, now())",
        r=tenant_b.region_id,
        t=tenant_a.tenant_id,
    )
    assert _count(superuser, "SELECT count(*) FROM region_memberships WHERE region_id = :r", r=tenant_b.region_id) == 1


def test_no_one_grants_a_role_to_themselves(app, app_engine, superuser, tenant_a):
    coordinator = tenant_a.people["coordinator"]
    _refused(
        app_engine,
        app,
        coordinator,
        "INSERT INTO role_assignments (user_id, user_name, user_email, role, tenant_id, created_at)"
        " SELECT id, name, email, 'chief_executive', :t, now() FROM users WHERE id = :u",
        u=coordinator.user_id,
        t=tenant_a.tenant_id,
    )
    assert _count(superuser, "SELECT count(*) FROM role_assignments WHERE user_id = :u", u=coordinator.user_id) == 1


def test_a_need_is_submitted_only_to_a_region_its_municipality_belongs_to(
    app, app_engine, superuser, tenant_a, tenant_b
):
    need_id = make_need(app, tenant_a.tenant_id, "Sak- og arkivsystem")
    _refused(
        app_engine,
        app,
        tenant_a.people["it"],
        "INSERT INTO need_submissions (need_id, region_id, tenant_id, submitted_at) VALUES (:n, :r, :t, now())",
        n=need_id,
        r=tenant_b.region_id,
        t=tenant_a.tenant_id,
    )
    assert _count(superuser, "SELECT count(*) FROM need_submissions WHERE need_id = :n", n=need_id) == 0


def test_a_vote_is_cast_only_for_a_member_municipality(app, app_engine, superuser, tenant_a, tenant_b):
    """Tokke's chief executive also reads region A's plan (as a partner's reader) but Tokke is no member there."""
    plan = make_plan(app, tenant_a, submit=True)
    chief = tenant_b.people["chief"]
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        db.session.add(
            RoleAssignment(
                user_id=chief.user_id,
                role="partner_reader",
                partner_id=tenant_a.partner_id,
                region_id=tenant_a.region_id,
            )
        )
        db.session.commit()
    _refused(
        app_engine,
        app,
        chief,
        "INSERT INTO plan_votes (plan_id, region_id, tenant_id, user_id, voter_name, decision, comment, acr, voted_at)"
        " VALUES (:p, :r, :t, :u, 'X', 'approve', '', 'idporten-loa-high', now())",
        p=plan.plan_id,
        r=tenant_a.region_id,
        t=tenant_b.tenant_id,
        u=chief.user_id,
    )
    assert _count(superuser, "SELECT count(*) FROM plan_votes WHERE plan_id = :p", p=plan.plan_id) == 0


def test_a_coordinator_links_only_needs_of_the_region(app, app_engine, superuser, tenant_a, tenant_b):
    procurement = make_procurement(app, tenant_a)
    plan = make_plan(app, tenant_a)
    b_need = make_need(app, tenant_b.tenant_id, "Tokkes hemmelige behov", submit_to=tenant_b.region_id)
    coordinator = tenant_a.people["coordinator"]
    _refused(
        app_engine,
        app,
        coordinator,
        "INSERT INTO procurement_needs (procurement_id, region_id, need_id, tenant_id, created_at)"
        " VALUES (:p, :r, :n, :t, now())",
        p=procurement.procurement_id,
        r=tenant_a.region_id,
        n=b_need,
        t=tenant_b.tenant_id,
    )
    _refused(app_engine, app, coordinator, "UPDATE plan_items SET need_id = :n WHERE id = :i", n=b_need, i=plan.item_id)
    assert _count(superuser, "SELECT count(*) FROM procurement_needs WHERE need_id = :n", n=b_need) == 0
    assert _count(superuser, "SELECT count(*) FROM plan_items WHERE need_id = :n", n=b_need) == 0


def test_audit_events_name_only_the_current_actor_and_scope(app, app_engine, superuser, tenant_a, tenant_b):
    it, victim = tenant_a.people["it"], tenant_b.people["it"]
    _refused(
        app_engine,
        app,
        it,
        "INSERT INTO audit_events (seq, occurred_at, actor_user_id, actor_label, tenant_id, object_type, action,"
        " summary, prev_hash, hash) VALUES (999, now(), :v, :label, :t, '-', 'forged', '{}', :h, :h)",
        v=victim.user_id,
        label=f"user:{victim.user_id}",
        t=tenant_b.tenant_id,
        h="0" * 64,
    )
    for actor, tenant in ((victim.user_id, tenant_a.tenant_id), (it.user_id, tenant_b.tenant_id)):
        _refused(
            app_engine,
            app,
            it,
            "SELECT samverka_append_audit(now()::timestamp, :a, :label, :t, NULL, '-', NULL, 'forged', '{}', :h, :h)",
            a=actor,
            label=f"user:{actor}",
            t=tenant,
            h="0" * 64,
        )
    assert _count(superuser, "SELECT count(*) FROM audit_events WHERE action = 'forged'") == 0


def test_the_audit_chain_head_is_never_rewritten(app, app_engine, superuser, tenant_a):
    _refused(
        app_engine, app, tenant_a.people["it"], "UPDATE audit_chain_head SET last_seq = 0, last_hash = :h", h="1" * 64
    )
    assert _count(superuser, "SELECT count(*) FROM audit_chain_head WHERE last_hash = :h", h="1" * 64) == 0


def test_the_web_role_cannot_claim_to_be_the_system(app, app_engine, tenant_a, tenant_b):
    with app_engine.connect() as conn, conn.begin():
        _scope(conn, app, tenant_a.people["it"])
        conn.execute(text("SELECT set_config('samverka.system', 'on', true)"))
        for table, column, value in (
            ("tenants", "id", tenant_b.tenant_id),
            ("regions", "id", tenant_b.region_id),
            ("users", "id", tenant_b.people["it"].user_id),
            ("role_assignments", "tenant_id", tenant_b.tenant_id),
        ):
            seen = conn.execute(text(f"SELECT count(*) FROM {table} WHERE {column} = :v"), {"v": value}).scalar()
            assert seen == 0, table
        updated = conn.execute(text("UPDATE tenants SET name = 'Kapret' WHERE id = :t"), {"t": tenant_b.tenant_id})
        assert updated.rowcount == 0


@pytest.mark.parametrize("statement", ["SET ROLE {role}", "SET SESSION AUTHORIZATION {role}"])
def test_the_web_role_cannot_become_the_system_role(app, app_engine, statement):
    with app_engine.connect() as conn:
        with pytest.raises(DBAPIError, match="permission denied"):
            conn.execute(text(statement.format(role=services.SYSTEM_ROLE)))
        conn.rollback()
        assert conn.execute(text("SELECT current_user, samverka_system()")).one() == (services.APP_ROLE, False)


def test_a_row_never_moves_to_another_region(app, app_engine, superuser, tenant_a, tenant_b):
    """Even for someone who coordinates both regions, an action plan stays in its region."""
    plan_id = empty_plan(app, tenant_a)
    coordinator = tenant_a.people["coordinator"]
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        db.session.add(RoleAssignment(user_id=coordinator.user_id, role="coordinator", region_id=tenant_b.region_id))
        db.session.commit()
    _refused(
        app_engine,
        app,
        coordinator,
        "UPDATE action_plans SET region_id = :b WHERE id = :p",
        b=tenant_b.region_id,
        p=plan_id,
    )
    assert _count(superuser, "SELECT region_id FROM action_plans WHERE id = :p", p=plan_id) == tenant_a.region_id
