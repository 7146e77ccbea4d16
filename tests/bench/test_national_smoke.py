"""The national data set's loader, at the small scale on the test database: its sizes, its people, and RLS over it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, select, text

from bench.dataset.common import TODAY
from bench.dataset.people import Person
from bench.national import SCALES, load, row_counts
from samverka.platform.audit.services import verify_chain
from samverka.platform.contracts.models import Contract
from samverka.platform.contracts.services.lead_times import reprocurement_start
from samverka.platform.contracts.services.schedule import horizon
from samverka.platform.core.catalogue import lead_time
from samverka.platform.core.extensions import db
from samverka.platform.core.identity import identity_hash
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import User
from samverka.tenants.services.principals import load_principal
from tests.support import services
from tests.support.login import sign_in_with_eid
from tests.support.rls import scope_connection

pytestmark = [pytest.mark.postgres, pytest.mark.committed]
SMALL = SCALES["small"]


@pytest.fixture
def small_set(app) -> tuple[dict[str, Person], dict[str, int]]:
    with app.app_context():
        people = load(db.session, scale="small")
        return people, row_counts(db.session)


def _as(app, person: Person, sql: str, **params) -> list:
    """Raw SQL on the web role's connection with the person's scope set: only RLS stands in the way."""
    with app.app_context():
        principal = load_principal(db.session, person.user_id)
    engine = create_engine(services.app_url())
    try:
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, principal)
            return list(conn.execute(text(sql), params).all())
    finally:
        engine.dispose()


def test_the_small_set_has_the_sizes_of_its_scale(small_set):
    _people, counts = small_set
    tenants, regions = SMALL.tenants, SMALL.regions
    assert (counts["regions"], counts["tenants"], counts["region_memberships"]) == (regions, tenants, tenants)
    assert counts["needs"] == tenants * SMALL.needs_per_tenant
    assert counts["need_cpv_codes"] >= counts["needs"]
    # About 80 % of the needs are submitted to their region (the drafts are not).
    assert 0.65 * counts["needs"] < counts["need_submissions"] < 0.95 * counts["needs"]
    assert counts["benefit_plans"] <= counts["benefit_lines"] <= 2 * counts["benefit_plans"]
    assert counts["contracts"] == tenants * SMALL.contracts_per_tenant
    assert counts["joint_procurements"] == regions * SMALL.procurements_per_region
    assert counts["join_invitations"] == tenants * SMALL.procurements_per_region  # every member of its region
    assert counts["match_proposals"] > 0
    assert counts["procurement_deliveries"] == regions * SMALL.delivered_per_region
    assert counts["benefit_lines"] > counts["benefit_measurements"] > 0
    assert counts["action_plans"] == regions
    assert counts["plan_items"] == regions * SMALL.items_per_plan
    assert counts["plan_item_shares"] == counts["plan_item_participants"] == tenants * SMALL.items_per_plan
    assert counts["plan_votes"] == sum(n // 2 for n in (17, 13))  # half of each region's members
    # Two regional roles per region, two municipal roles per staffed municipality.
    assert counts["users"] == counts["role_assignments"] == 2 * regions + 2 * SMALL.staffed_tenants


def test_each_person_signs_in_with_a_fake_identity_number_hashed_with_the_apps_key(app, small_set):
    people, _counts = small_set
    assert {p.role for p in people.values()} == {"coordinator", "purchaser", "it_coordinator", "chief_executive"}
    pids = [p.pid for p in people.values()]
    assert len(set(pids)) == len(pids)
    assert all(len(pid) == 11 and pid.isdigit() and pid.startswith("9") for pid in pids)
    assert people["coordinator"].pid == "91000000001"
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        stored = dict(db.session.execute(select(User.id, User.eid_hash)).all())
        key = app.config["IDENTITY_HASH_KEY"]
    assert {p.user_id: identity_hash(p.pid, key) for p in people.values()} == stored
    # One IT coordinator in a Norwegian municipality, one in a Swedish one.
    assert people["it_coordinator"].region_id != people["it_coordinator-2"].region_id


def test_rls_shows_an_it_coordinator_only_its_own_municipalitys_needs(app, small_set):
    people, _counts = small_set
    it = people["it_coordinator"]
    seen = _as(app, it, "SELECT tenant_id, count(*) FROM needs GROUP BY tenant_id")
    assert seen == [(it.tenant_id, SMALL.needs_per_tenant)]
    assert _as(app, it, "SELECT count(*) FROM contracts WHERE tenant_id <> :t", t=it.tenant_id) == [(0,)]


def test_rls_shows_a_coordinator_the_submitted_needs_of_its_region_only(app, small_set):
    people, _counts = small_set
    coordinator = people["coordinator"]
    seen = _as(app, coordinator, "SELECT DISTINCT unnest(shared_region_ids) FROM needs")
    assert seen == [(coordinator.region_id,)]
    tenants = _as(app, coordinator, "SELECT count(DISTINCT tenant_id) FROM needs")
    assert tenants == [(17,)]  # the Norwegian region's members, each with submitted needs
    assert _as(app, coordinator, "SELECT count(*) FROM needs WHERE status = 'draft'") == [(0,)]


def test_about_half_of_the_contracts_fall_due_in_the_lead_time_jobs_window_all_through_2026(app, small_set):
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        contracts = db.session.scalars(select(Contract)).all()
        due = [
            {
                c.id
                for c in contracts
                if c.last_end >= today and reprocurement_start(c, lead_time(c.category)) <= horizon(today)
            }
            for today in (date(2026, 1, 1), TODAY, date(2026, 12, 31))
        ]
    assert due[0] == due[1] == due[2]  # the same contracts, whichever day of 2026 the job runs
    assert 0.35 < len(due[0]) / len(contracts) < 0.6  # DUE_SHARE is 0.48


def test_the_people_sign_in_through_the_development_e_id_provider_and_reach_their_own_data(app, client, small_set):
    people, _counts = small_set
    norwegian, swedish = people["it_coordinator"], people["it_coordinator-2"]
    assert sign_in_with_eid(client, norwegian).status_code == 302
    own = client.get(f"/api/v1/tenants/{norwegian.tenant_id}/needs")
    assert own.status_code == 200
    assert client.get(f"/api/v1/tenants/{swedish.tenant_id}/needs").status_code == 404
    other = app.test_client()
    assert sign_in_with_eid(other, swedish).status_code == 302
    assert other.get(f"/api/v1/tenants/{swedish.tenant_id}/needs").status_code == 200
    assert other.get(f"/api/v1/tenants/{norwegian.tenant_id}/needs").status_code == 404


def test_the_coordinators_roll_up_shows_its_delivered_procurements_measured_and_the_audit_chain_holds(
    app, client, small_set
):
    people, _counts = small_set
    coordinator = people["coordinator"]
    assert sign_in_with_eid(client, coordinator).status_code == 302
    # 2026: the year measured (up to its third quarter), whichever day the test runs.
    rows = client.get(f"/api/v1/regions/{coordinator.region_id}/benefits?year=2026").get_json()
    assert len(rows) == SMALL.delivered_per_region
    municipalities = [m for row in rows for m in row["municipalities"]]
    assert municipalities and all(m["name"] for m in municipalities)
    realised = [f["realised"] for row in rows for f in row["totals"].values()]
    assert any(Decimal(r) > 0 for r in realised)
    with app.app_context():
        assert verify_chain(db.session).ok  # the loader's only audit events are the matching's


def test_rls_shows_an_it_coordinator_only_its_own_municipalitys_measurements_each_in_its_lines_scope(app, small_set):
    people, _counts = small_set
    it = people["it_coordinator"]
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        own = db.session.execute(
            text("SELECT count(*) FROM benefit_measurements WHERE tenant_id = :t"), {"t": it.tenant_id}
        ).scalar()
        mismatched = db.session.execute(
            text(
                "SELECT count(*) FROM benefit_measurements m JOIN benefit_lines l ON l.id = m.line_id"
                " WHERE (m.tenant_id, m.shared_region_ids) IS DISTINCT FROM (l.tenant_id, l.shared_region_ids)"
            )
        ).scalar()
    assert _as(app, it, "SELECT count(*) FROM benefit_measurements") == [(own,)]
    assert mismatched == 0
