"""The follow-up pages: the municipality's list, one plan's page with its chart and forms (nb and en), a
measurement recorded and a bad one shown again with nothing changed, the region reading, others 404."""

from __future__ import annotations

import re

import pytest

from samverka.platform.benefits.models import BenefitMeasurement
from tests.platform.benefits.factories import delivered_with_benefits
from tests.support.api import count_rows, signed_in
from tests.support.forms import csrf_from


@pytest.fixture
def follow(app, tenant_a):
    return delivered_with_benefits(app, tenant_a)


def _client(app, person, lang="en"):
    api = signed_in(app.test_client(), person)
    api.client.set_cookie("samverka_lang", lang)
    return api.client


def _page(client, follow) -> str:
    answer = client.get(f"/benefit-plans/{follow.plan_id}/follow-up")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:2000]
    return answer.get_data(as_text=True)


def _post(client, follow, line: str, action: str, data: dict):
    token = csrf_from(client, f"/benefit-plans/{follow.plan_id}/follow-up")
    return client.post(f"/benefit-lines/{follow.lines[line]}/{action}", data={"csrf_token": token, **data})


def test_the_it_coordinator_lists_the_plans_in_follow_up_and_opens_one(app, tenant_a, follow):
    client = _client(app, tenant_a.people["it"])
    listing = client.get(f"/tenants/{tenant_a.tenant_id}/benefit-follow-up").get_data(as_text=True)
    assert "Benefit follow-up" in listing and f"/benefit-plans/{follow.plan_id}/follow-up" in listing
    page = _page(client, follow)
    assert "Record a measurement" in page and "Planned against realised" in page
    assert 'role="img"' in page and "Planned (cumulative)" in page  # the chart and its table
    assert "Overdue" in page and "1 – Not realised" in page  # a missed period, the scale's labels


def test_the_page_reads_in_norwegian(app, tenant_a, follow):
    page = _page(_client(app, tenant_a.people["it"], "nb"), follow)
    # The area's own sentences come with its catalogue entries (translated at merge); dates and shared labels now.
    assert 'lang="nb"' in page and "15. januar 2026" in page and "Spart kostnad" in page and "Spart tid" in page


def test_a_measurement_is_recorded_from_the_form_and_shown_in_the_history(app, tenant_a, follow):
    client = _client(app, tenant_a.people["it"])
    answer = _post(
        client,
        follow,
        "money",
        "measurements",
        {"period_start": "2026-01-01", "amount": "25 000,50", "measured_by": "Kari Måler", "comment": "Lønn"},
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    page = _page(client, follow)
    assert "Kari Måler" in page and re.search(r"25,000\.50", page)
    answer = _post(
        client, follow, "quality", "measurements", {"period_start": "2026-01-01", "score": "4", "measured_by": "Per"}
    )
    assert answer.status_code == 302
    assert "4 – Largely realised" in _page(client, follow)


@pytest.mark.parametrize(
    ("line", "data", "message"),
    [
        ("money", {"period_start": "2026-02-01", "amount": "1"}, "There is no such period"),
        ("money", {"period_start": "2099-01-01", "amount": "1"}, "has not started yet"),
        ("money", {"period_start": "2026-01-01", "amount": "tolv"}, "Enter a number"),
        ("quality", {"period_start": "2026-01-01", "score": "9"}, "The score is from 1 to 5"),
        ("hours", {"period_start": "2026-01-01", "amount": "-3"}, "cannot be negative"),
        ("money", {"period_start": "2026-01-01", "amount": "1", "measured_by": ""}, "Enter who measured it"),
    ],
)
def test_a_bad_measurement_is_shown_again_with_its_error_and_nothing_is_stored(
    app, tenant_a, follow, line, data, message
):
    client = _client(app, tenant_a.people["it"])
    answer = _post(client, follow, line, "measurements", {"measured_by": "Kari", **data})
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    assert count_rows(app, BenefitMeasurement) == 0


def test_a_line_is_set_and_dropped_from_its_forms(app, tenant_a, follow):
    client = _client(app, tenant_a.people["it"])
    answer = _post(client, follow, "quality", "follow-up", {"follow_up_period": "quarterly", "value_kind": ""})
    assert answer.status_code == 302
    assert _post(client, follow, "money", "drop", {"dropped_reason": ""}).status_code == 422
    assert _post(client, follow, "money", "drop", {"dropped_reason": "Modulen utgikk"}).status_code == 302
    page = _page(client, follow)
    assert "Modulen utgikk" in page and "Dropped" in page


def test_the_regions_coordinator_reads_the_follow_up_without_forms(app, tenant_a, follow):
    client = _client(app, tenant_a.people["coordinator"])
    page = _page(client, follow)
    assert "Planned against realised" in page and "Record a measurement" not in page


def test_another_region_and_the_neighbour_municipality_get_404(app, tenant_a, tenant_b, follow):
    client = _client(app, tenant_b.people["it"])
    for path in (f"/benefit-plans/{follow.plan_id}/follow-up", f"/tenants/{tenant_a.tenant_id}/benefit-follow-up"):
        assert client.get(path).status_code == 404, path
    own = _client(app, tenant_a.people["it"])
    assert own.get(f"/benefit-plans/{follow.other_plan_id}/follow-up").status_code == 404  # Flesberg's plan


def test_the_need_and_benefit_plan_pages_link_the_follow_up(app, tenant_a, follow):
    client = _client(app, tenant_a.people["it"])
    target = f"/benefit-plans/{follow.plan_id}/follow-up"
    assert target in client.get(f"/needs/{follow.need_id}").get_data(as_text=True)
    assert target in client.get(f"/needs/{follow.need_id}/benefit-plan").get_data(as_text=True)
    menu = client.get("/").get_data(as_text=True).split('class="menu"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="/tenants/{tenant_a.tenant_id}/benefit-follow-up">Benefits</a>' in menu
