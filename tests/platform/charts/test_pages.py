"""The pages that host charts show each chart with its table, and the plan's PDF carries its charts."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from tests.platform.contracts.support import make_contract
from tests.platform.plans.factories import ITEM, make_plan
from tests.platform.procurements.factories import make_procurement
from tests.platform.thresholds.factories import make_threshold
from tests.platform.ui.pages import body, page_problems
from tests.support.login import sign_in

EN = {"Accept-Language": "en"}


def _figure(page: str, chart_id: str) -> str:
    """The figure's markup, from its opening tag to its end."""
    start = page.index(f'<figure class="chart" aria-labelledby="{chart_id}-caption">')
    return page[start : page.index("</figure>", start)]


def test_the_plan_page_shows_the_timeline_and_the_shares_with_their_tables(app, client, tenant_a):
    plan = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    page = body(client.get(f"/action-plans/{plan.plan_id}", headers=EN))
    assert page_problems(page) == []
    timeline = _figure(page, "chart-timeline")
    assert 'role="img"' in timeline and "Timeline of the action plan 2027" in timeline
    assert timeline.count("<tr>") == 1 + 1 and ITEM["title"] in timeline  # the header and the one item
    shares = _figure(page, "chart-shares")
    assert "Kongsberg" in shares and "Flesberg" in shares and shares.count("<tr>") == 1 + 2
    timeline_page = body(client.get(f"/action-plans/{plan.plan_id}/timeline", headers=EN))
    assert page_problems(timeline_page) == [] and ITEM["title"] in _figure(timeline_page, "chart-timeline")


def test_the_procurement_page_shows_its_value_against_the_thresholds(app, client, tenant_a):
    make_threshold(app, year=date.today().year, kind="eu_goods_services", amount_minor=230_000_000)
    procurement = make_procurement(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    page = body(client.get(f"/procurements/{procurement.procurement_id}", headers=EN))
    assert page_problems(page) == []
    figure = _figure(page, "chart-value")
    assert "The estimated value, NOK\u00a00.00, reaches 0 of the 1 threshold." in figure
    assert "NOK\u00a02,300,000.00" in figure and "NOK2.3M" in figure  # the table's amount and the bar's label


def test_the_contracts_page_shows_contracts_on_one_time_axis(app, client, tenant_a):
    make_contract(app, tenant_id=tenant_a.tenant_id, title="e-arkiv <b>")
    sign_in(client, tenant_a.people["it"])
    page = body(client.get(f"/tenants/{tenant_a.tenant_id}/contracts", headers=EN))
    assert page_problems(page) == []
    figure = _figure(page, "chart-contracts")
    assert "e-arkiv &lt;b&gt;" in figure and "<b>" not in figure and "Re-procurement must start by" in figure


def test_the_plan_pdf_carries_the_timeline_and_the_shares(app, client, tenant_a):
    plan = make_plan(app, tenant_a)
    sign_in(client, tenant_a.people["coordinator"])
    response = client.get(f"/action-plans/{plan.plan_id}/export.pdf", headers=EN)
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    assert "Timeline of the action plan 2027" in text and "Each municipality's share" in text
    assert "Priority 1 (high)" in text and "One-off cost" in text  # the legends
    assert f"{ITEM['priority']} · {ITEM['title'][:10]}" in text  # the bar's label, drawn in the PDF
