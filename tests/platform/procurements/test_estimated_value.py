"""The aggregated estimated value of a joint procurement, the thresholds it reaches, and who sees which figures."""

from __future__ import annotations

from datetime import date

import pytest

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.services.needs import create_need
from samverka.platform.procurements import value as aggregate
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.value import CONTRACT_MONTHS, estimated_value, is_reached
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_procurement
from tests.platform.thresholds.factories import make_threshold, seed
from tests.platform.ui.pages import body
from tests.support.api import signed_in
from tests.support.login import sign_in

EEA = 230_000_000  # NOK 2 300 000,00
NATIONAL = 130_000_000  # NOK 1 300 000,00
FLESBERG_ONE_OFF = 123_456_700  # NOK 1 234 567,00: must never reach Kongsberg's people
EN = {"Accept-Language": "en"}


def _join(app, procurement_id: int, tenant_id: int, *, one_off: int | None, annual: int | None) -> None:
    """A need of ``tenant_id`` with these costs, held by the procurement (set up as the system)."""
    with app.app_context():
        principal = Principal.system("test fixtures")
        bind_principal(db.session, principal)
        procurement = db.session.get(JointProcurement, procurement_id)
        need = create_need(
            db.session,
            principal,
            tenant_id,
            cpv_codes=["48000000"],
            title="Sak- og arkiv",
            description="Felles",
            kind="replacement",
            category="business_systems",
            one_off_cost_minor=one_off,
            annual_cost_minor=annual,
        )
        db.session.add(
            ProcurementNeed(
                procurement_id=procurement.id, region_id=procurement.region_id, need_id=need.id, tenant_id=tenant_id
            )
        )
        db.session.commit()


def _value(app, person, procurement_id: int, today: date = date(2026, 6, 1)):
    with app.app_context():
        principal = load_principal(db.session, person.user_id)
        procurement = db.session.get(JointProcurement, procurement_id)
        return aggregate.procurement_value(db.session, principal, procurement, today=today)


def test_the_value_counts_one_off_costs_and_48_months_of_annual_costs():
    assert CONTRACT_MONTHS == 48
    assert estimated_value(100_000, 25_000) == 200_000
    assert estimated_value(None, None) == 0


@pytest.mark.parametrize(
    ("kind", "value", "reached"),
    [
        ("eu_goods_services", EEA - 1, False),
        ("eu_goods_services", EEA, True),
        ("eu_goods_services", EEA + 1, True),
        ("national", NATIONAL - 1, False),
        ("national", NATIONAL, True),
        # Sweden's direct award is allowed up to and including the limit.
        ("direct_award", 70_000_000, False),
        ("direct_award", 70_000_001, True),
    ],
)
def test_reaching_a_threshold_at_its_boundary(kind, value, reached):
    threshold = {"eu_goods_services": EEA, "national": NATIONAL, "direct_award": 70_000_000}[kind]
    assert is_reached(kind, value, threshold) is reached


@pytest.mark.parametrize(
    ("flesberg_annual", "reached"),
    [
        # Kongsberg 1 000 000 one-off; Flesberg's annual cost × 4 brings the total just under, to, or over 2 300 000.
        (32_499_999, {"national"}),
        (32_500_000, {"national", "eu_goods_services"}),
        (32_500_001, {"national", "eu_goods_services"}),
    ],
)
def test_joining_together_crosses_the_eea_threshold(app, tenant_a, flesberg_annual, reached):
    make_threshold(app, year=2026, kind="eu_goods_services", amount_minor=EEA)
    make_threshold(app, year=2026, kind="national", amount_minor=NATIONAL)
    procurement = make_procurement(app, tenant_a)
    _join(app, procurement.procurement_id, tenant_a.tenant_id, one_off=100_000_000, annual=None)
    _join(app, procurement.procurement_id, tenant_a.other_tenant_id, one_off=None, annual=flesberg_annual)

    value = _value(app, tenant_a.people["coordinator"], procurement.procurement_id)

    assert value.total_minor == 100_000_000 + flesberg_annual * 4
    assert {c.kind for c in value.reached} == reached
    assert (value.threshold_year, value.currency) == (2026, "NOK")
    assert {c.tenant_name: c.value_minor for c in value.contributions} == {
        "Kongsberg": 100_000_000,
        "Flesberg": flesberg_annual * 4,
    }


def test_without_thresholds_for_the_year_the_latest_earlier_year_is_used(app, tenant_a):
    seed(app)  # 2025 only
    make_threshold(app, year=2030, kind="eu_goods_services", amount_minor=1)
    procurement = make_procurement(app, tenant_a)
    _join(app, procurement.procurement_id, tenant_a.tenant_id, one_off=EEA, annual=None)

    value = _value(app, tenant_a.people["coordinator"], procurement.procurement_id, today=date(2026, 3, 1))

    assert (value.current_year, value.threshold_year) == (2026, 2025)
    assert {c.kind for c in value.checks} == {"national", "eu_goods_services", "eu_works"}
    assert {c.kind for c in value.reached} == {"national", "eu_goods_services"}


def test_a_need_without_estimate_is_counted_as_zero_and_said_so(app, tenant_a):
    procurement = make_procurement(app, tenant_a)
    _join(app, procurement.procurement_id, tenant_a.tenant_id, one_off=None, annual=None)
    value = _value(app, tenant_a.people["coordinator"], procurement.procurement_id)
    assert (value.total_minor, value.needs_counted, value.needs_without_estimate) == (0, 1, 1)
    assert value.threshold_year is None and value.checks == ()


@pytest.fixture
def crossing(app, tenant_a):
    """Kongsberg and Flesberg together over the 2026 EEA threshold; Flesberg alone would be under it."""
    make_threshold(app, year=date.today().year, kind="eu_goods_services", amount_minor=EEA)
    procurement = make_procurement(app, tenant_a)
    _join(app, procurement.procurement_id, tenant_a.tenant_id, one_off=150_000_000, annual=None)
    _join(app, procurement.procurement_id, tenant_a.other_tenant_id, one_off=FLESBERG_ONE_OFF, annual=None)
    return procurement


def test_the_coordinator_sees_the_notice_and_every_contribution(app, client, tenant_a, crossing):
    sign_in(client, tenant_a.people["coordinator"])
    page = body(client.get(f"/procurements/{crossing.procurement_id}", headers=EN))
    assert "Together you cross the EEA threshold (NOK\u00a02,300,000.00)" in page
    assert "announced in the whole EEA (Doffin and TED)" in page
    assert "NOK\u00a02,734,567.00" in page  # the total
    assert "Flesberg" in page and "NOK\u00a01,234,567.00" in page


def test_a_member_sees_the_total_and_its_own_share_but_no_other_municipality(app, client, tenant_a, crossing):
    sign_in(client, tenant_a.people["it"])
    page = body(client.get(f"/procurements/{crossing.procurement_id}", headers=EN))
    assert "Together you cross the EEA threshold" in page and "NOK\u00a02,734,567.00" in page
    assert "Kongsberg" in page and "NOK\u00a01,500,000.00" in page
    assert "Flesberg" not in page and "1,234,567" not in page

    api = signed_in(app.test_client(), tenant_a.people["it"])
    value = api.get(f"/api/v1/procurements/{crossing.procurement_id}/estimated-value").get_json()
    assert value["total_minor"] == 150_000_000 + FLESBERG_ONE_OFF
    assert [c["tenant_name"] for c in value["contributions"]] == ["Kongsberg"]
    assert [c["kind"] for c in value["reached"]] == ["eu_goods_services"]


def test_the_invited_municipality_sees_the_notice_before_it_answers(app, client, tenant_a, crossing):
    sign_in(client, tenant_a.people["it"])
    page = body(client.get(f"/join-invitations/{crossing.join_invitation_id}", headers=EN))
    assert page.index("Together you cross the EEA threshold") < page.index("Answer the invitation")
    assert "NOK\u00a02,734,567.00" in page
    assert "Flesberg" not in page and "1,234,567" not in page and "1,500,000" not in page

    api = signed_in(app.test_client(), tenant_a.people["it"])
    value = api.get(f"/api/v1/join-invitations/{crossing.join_invitation_id}/estimated-value").get_json()
    assert (value["total_minor"], value["contributions"]) == (150_000_000 + FLESBERG_ONE_OFF, [])


def test_the_api_gives_the_coordinator_every_contribution(app, client, tenant_a, crossing):
    api = signed_in(client, tenant_a.people["coordinator"])
    value = api.get(f"/api/v1/procurements/{crossing.procurement_id}/estimated-value").get_json()
    assert {c["tenant_name"]: c["value_minor"] for c in value["contributions"]} == {
        "Kongsberg": 150_000_000,
        "Flesberg": FLESBERG_ONE_OFF,
    }
    assert value["contract_months"] == 48


@pytest.mark.parametrize("who", ["coordinator", "it", "chief", "partner"])
def test_another_region_gets_a_404_and_none_of_the_figures(app, client, tenant_a, tenant_b, crossing, who):
    api = signed_in(client, tenant_b.people[who])
    for path in (
        f"/api/v1/procurements/{crossing.procurement_id}/estimated-value",
        f"/api/v1/join-invitations/{crossing.join_invitation_id}/estimated-value",
        f"/procurements/{crossing.procurement_id}",
        f"/join-invitations/{crossing.join_invitation_id}",
    ):
        response = api.get(path)
        assert response.status_code == 404, path
        assert "2734567" not in body(response) and "Kongsberg" not in body(response)


def test_a_partner_sees_the_total_but_no_municipality_s_figures(app, client, tenant_a, crossing):
    api = signed_in(client, tenant_a.people["partner"])
    value = api.get(f"/api/v1/procurements/{crossing.procurement_id}/estimated-value").get_json()
    assert (value["total_minor"], value["contributions"]) == (150_000_000 + FLESBERG_ONE_OFF, [])
