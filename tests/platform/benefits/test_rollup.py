"""The region's benefit roll-up: planned against realised per municipality and kind, who has not reported,
who may read it, and a page of it in a fixed number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import update

from samverka.platform.benefits import rollup_views
from samverka.platform.benefits.models import BenefitMeasurement
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal, principal_of
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from samverka.platform.needs.models import BenefitLine
from samverka.platform.ui import views as ui_views
from tests.platform.benefits.factories import FollowUp, delivered_with_benefits
from tests.platform.procurements.stage_factories import add_purchaser
from tests.support.api import signed_in
from tests.support.statements import counting_statements

# A whole past year: every period of it has ended, so what is due does not depend on the day the test runs.
YEAR = local_today("NO").year - 1


@dataclass(frozen=True)
class Reported:
    follow_up: FollowUp
    count_line_id: int


def reported_year(app, world) -> Reported:
    """Delivered on 1 January of YEAR; every quantitative target due on 31 December, so the year plans all of it.

    Kongsberg planned 400 000 kr (quarterly) and 2 000 hours (half-yearly) and reported Q1, Q2, both halves and
    its quality score; Flesberg planned 100 000 kr and 50 of a count (yearly) and reported nothing.
    """
    follow_up = delivered_with_benefits(app, world, delivered_on=date(YEAR, 1, 1))
    with app.app_context():
        bind_principal(db.session, Principal.system("test: a reported year"))
        lines = [*follow_up.lines.values(), *follow_up.other_lines.values()]
        db.session.execute(update(BenefitLine).where(BenefitLine.id.in_(lines)).values(target_date=date(YEAR, 12, 31)))
        money = db.session.get(BenefitLine, follow_up.other_lines["money"])
        count = BenefitLine(
            plan=money.plan,
            description="Digitale skjema tatt i bruk",
            benefit_type="quality",
            value_kind="count",
            target_value=Decimal(50),
            target_date=date(YEAR, 12, 31),
            follow_up_period="yearly",
        )
        db.session.add(count)
        measured = (
            ("money", date(YEAR, 1, 1), date(YEAR, 3, 31), {"amount": Decimal("50000")}),
            ("money", date(YEAR, 4, 1), date(YEAR, 6, 30), {"amount": Decimal("70000.50")}),
            # Next year's: not part of YEAR's roll-up.
            ("money", date(YEAR + 1, 1, 1), date(YEAR + 1, 3, 31), {"amount": Decimal("99999")}),
            ("hours", date(YEAR, 1, 1), date(YEAR, 6, 30), {"amount": Decimal("600")}),
            ("hours", date(YEAR, 7, 1), date(YEAR, 12, 31), {"amount": Decimal("400")}),
            ("quality", date(YEAR, 1, 1), date(YEAR, 12, 31), {"score": 3}),
        )
        for name, start, end, value in measured:
            line = db.session.get(BenefitLine, follow_up.lines[name])
            measurement = BenefitMeasurement(line=line, period_start=start, period_end=end, measured_by="Kari", **value)
            db.session.add(measurement)
        db.session.commit()
        return Reported(follow_up, count.id)


def _figures(planned: str, realised: str, share: int | None) -> dict:
    return {"planned": planned, "realised": realised, "share": share}


def test_planned_against_realised_per_municipality_and_kind_and_who_has_not_reported(app, tenant_a):
    reported = reported_year(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])

    (row,) = api.get(f"/api/v1/regions/{tenant_a.region_id}/benefits?year={YEAR}").get_json()

    assert row["id"] == reported.follow_up.procurement_id and row["delivered_on"] == f"{YEAR}-01-01"
    assert (row["year"], row["currency"], row["kinds"]) == (YEAR, "NOK", ["money", "hours", "count"])
    flesberg, kongsberg = row["municipalities"]
    assert (flesberg["name"], kongsberg["name"]) == ("Flesberg", "Kongsberg")
    assert kongsberg["figures"] == {
        "money": _figures("400000.00", "120000.50", 30),
        "hours": _figures("2000.00", "1000.00", 50),
        "count": _figures("0.00", "0.00", None),
    }
    assert flesberg["figures"] == {
        "money": _figures("100000.00", "0.00", 0),
        "hours": _figures("0.00", "0.00", None),
        "count": _figures("50.00", "0.00", 0),
    }
    assert row["totals"] == {
        "money": _figures("500000.00", "120000.50", 24),
        "hours": _figures("2000.00", "1000.00", 50),
        "count": _figures("50.00", "0.00", 0),
    }
    # Kongsberg left Q3 and Q4 of its money line; Flesberg the year of both its lines. Quality was scored.
    assert [(m["line"], m["start"]) for m in kongsberg["missing"]] == [
        ("money: cost_saved", f"{YEAR}-07-01"),
        ("money: cost_saved", f"{YEAR}-10-01"),
    ]
    assert sorted((m["line"], m["end"]) for m in flesberg["missing"]) == [
        ("Digitale skjema tatt i bruk", f"{YEAR}-12-31"),
        ("money: cost_saved", f"{YEAR}-12-31"),
    ]


def test_another_year_counts_only_its_own_periods(app, tenant_a):
    reported_year(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    (row,) = api.get(f"/api/v1/regions/{tenant_a.region_id}/benefits?year={YEAR + 1}").get_json()
    kongsberg = row["municipalities"][1]
    # Everything was planned for YEAR: nothing is left to plan; next year's first quarter is what was measured.
    assert kongsberg["figures"]["money"] == _figures("0.00", "99999.00", None)
    assert api.get(f"/api/v1/regions/{tenant_a.region_id}/benefits?year={YEAR - 1}").get_json() == []


def test_the_page_shows_each_procurement_with_its_chart_table_and_the_not_reported(app, tenant_a):
    reported_year(app, tenant_a)
    client = app.test_client()
    client.set_cookie("samverka_lang", "en")
    api = signed_in(client, tenant_a.people["coordinator"])

    page = api.get(f"/regions/{tenant_a.region_id}/benefits?year={YEAR}")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('role="img"') == 3  # money, hours and counts: one chart each
    assert "NOK\u00a0400,000.00" in html and "NOK\u00a0120,000.50" in html and "30 %" in html
    assert '<h2 id="not-reported">Not reported</h2>' in html
    not_reported = html[html.index('id="not-reported"') :]
    assert "Flesberg" in not_reported and "Kongsberg" in not_reported
    assert f"benefits.xlsx?year={YEAR}" in html and f"benefits.pdf?year={YEAR}" in html
    assert ">Benefits</a>" in api.get("/").get_data(as_text=True)  # the menu entry


def test_the_purchaser_reads_it_members_and_partners_are_refused_and_another_region_gets_404(app, tenant_a, tenant_b):
    reported_year(app, tenant_a)
    purchaser = add_purchaser(app, tenant_a)
    paths = [f"/regions/{tenant_a.region_id}/benefits{end}" for end in ("", ".xlsx", ".pdf")]
    paths.append(f"/api/v1/regions/{tenant_a.region_id}/benefits")
    for person, status in (
        (purchaser, 200),
        (tenant_a.people["it"], 403),  # a member reads the region, not its roll-up
        (tenant_a.people["chief"], 403),
        (tenant_a.people["partner"], 403),
        (tenant_b.people["coordinator"], 404),
    ):
        client = signed_in(app.test_client(), person)
        for path in paths:
            answer = client.get(path)
            assert answer.status_code == status, (person.key, path)
            if status != 200:
                assert b"Flesberg" not in answer.data and b"120000" not in answer.data
    # The purchaser reads the municipalities' measurements through the needs submitted to the region.
    (row,) = signed_in(app.test_client(), purchaser).get(f"{paths[-1]}?year={YEAR}").get_json()
    assert row["totals"]["money"]["realised"] == "120000.50"


@pytest.mark.parametrize("year", ["1999", "twenty", "2026.5"])
def test_a_year_out_of_range_is_refused(app, tenant_a, year):
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    for path in (f"/regions/{tenant_a.region_id}/benefits", f"/api/v1/regions/{tenant_a.region_id}/benefits"):
        assert api.get(f"{path}?year={year}").status_code == 422, path


def test_a_page_is_read_in_the_same_number_of_queries_however_many_procurements(app, tenant_a, monkeypatch):
    monkeypatch.setattr(ui_views, "COUNT_FRESH_SECONDS", 0)  # the menu's count made afresh both times, as the first
    reported_year(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    paths = (f"/regions/{tenant_a.region_id}/benefits?year={YEAR}", f"/api/v1/regions/{tenant_a.region_id}/benefits")
    with counting_statements(app) as one:
        for path in paths:
            assert api.get(path).status_code == 200
    reported_year(app, tenant_a)
    with counting_statements(app) as two:
        for path in paths:
            assert api.get(path).status_code == 200
    assert len(api.get(f"{paths[1]}?year={YEAR}").get_json()) == 2
    assert len(two) == len(one)


def test_the_page_shows_a_page_of_procurements_and_links_the_next(app, tenant_a, monkeypatch):
    """Each procurement is drawn as charts: the page holds ``PAGE_SIZE`` of them unless ``?size=`` asks for more."""
    monkeypatch.setattr(rollup_views, "PAGE_SIZE", 1)
    reported_year(app, tenant_a)
    reported_year(app, tenant_a)
    client = app.test_client()
    client.set_cookie("samverka_lang", "en")
    api = signed_in(client, tenant_a.people["coordinator"])
    path = f"/regions/{tenant_a.region_id}/benefits?year={YEAR}"

    first = api.get(path).get_data(as_text=True)
    assert first.count('role="img"') == 3  # one procurement: its money, hours and counts
    cursor = re.search(r'href="([^"]*after=[^"]*)">Next page<', first)
    assert cursor is not None
    second = api.get(unescape(cursor.group(1))).get_data(as_text=True)
    assert second.count('role="img"') == 3 and "Next page" not in second
    assert api.get(f"{path}&size=2").get_data(as_text=True).count('role="img"') == 6


def test_names_out_of_the_persons_reach_are_read_as_the_system(app, tenant_a, tenant_b):
    """The coordinator reads the members' names as themselves (no switch to the system's connection); a
    participant out of their reach (one that has since left the region) is still named, read as the system."""
    from samverka.platform.benefits.rollup import _names
    from samverka.tenants.services.principals import load_principal

    with app.app_context():
        principal = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        bind_principal(db.session, principal)
        with counting_statements(app) as members:
            names = _names(db.session, {tenant_a.tenant_id, tenant_a.other_tenant_id})
        assert sorted(names.values()) == ["Flesberg", "Kongsberg"]
        with counting_statements(app) as with_a_stranger:
            names = _names(db.session, {tenant_a.tenant_id, tenant_b.tenant_id})
        assert set(names) == {tenant_a.tenant_id, tenant_b.tenant_id} and all(names.values())
        assert principal_of(db.session) is principal
    assert len(members) == 1 and any("set_config" in statement for statement in with_a_stranger)
