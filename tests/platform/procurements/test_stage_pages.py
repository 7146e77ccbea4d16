"""The procurement's page (stage, gate, buttons, plan, history, cancel, restart) and the region's overview."""

from __future__ import annotations

from html import unescape

from samverka.platform.ui import views as ui_views
from tests.platform.procurements.factories import make_procurement
from tests.platform.procurements.stage_factories import add_purchaser, procurement_with_need
from tests.support.forms import csrf_from
from tests.support.login import sign_in as sign_in_as
from tests.support.statements import counting_statements


def sign_in(client, person) -> None:
    """In English: the assertions read the English texts."""
    sign_in_as(client, person)
    client.set_cookie("samverka_lang", "en")


def _page(client, procurement_id: int) -> str:
    return unescape(client.get(f"/procurements/{procurement_id}").get_data(as_text=True))


def _post(client, path: str, page_path: str, **fields):
    token = csrf_from(client, page_path)
    return client.post(path, data={"csrf_token": token, **fields})


def test_the_purchaser_moves_it_on_from_its_page_and_reads_the_plan_and_history(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    procurement_id = procurement_with_need(app, tenant_a)
    sign_in(client, purchaser)
    shown = _page(client, procurement_id)
    assert 'aria-current="step">Draft</li>' in shown
    assert "Nothing is missing before Preparation." in shown
    assert 'name="to" value="preparation"' in shown

    moved = _post(
        client,
        f"/procurements/{procurement_id}/transitions",
        f"/procurements/{procurement_id}",
        to="preparation",
        expected="draft",
    )

    assert moved.status_code == 302
    shown = _page(client, procurement_id)
    assert "The procurement is now at the stage Preparation." in shown
    assert 'aria-current="step">Preparation</li>' in shown
    assert "Planned dates" in shown and "Kongsb Purchaser" in shown
    assert 'value="requirements"' in shown and "Cancel the procurement" in shown


def test_a_held_gate_is_shown_per_role_and_refused_with_422(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    procurement_id = make_procurement(app, tenant_a).procurement_id
    sign_in(client, purchaser)
    assert "Before Preparation, this is missing" in _page(client, procurement_id)
    refused = _post(
        client,
        f"/procurements/{procurement_id}/transitions",
        f"/procurements/{procurement_id}",
        to="preparation",
        expected="draft",
    )
    assert refused.status_code == 422
    shown = unescape(refused.get_data(as_text=True))
    assert "<dt>Coordinator</dt>" in shown and "No municipality's need is in the procurement yet" in shown


def test_cancel_asks_a_reason_and_restart_links_the_two(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    procurement_id = procurement_with_need(app, tenant_a)
    sign_in(client, purchaser)
    page = f"/procurements/{procurement_id}"
    missing_text = _post(client, f"{page}/cancel", page, reason="other", text="", expected="draft")
    assert missing_text.status_code == 422
    assert _post(client, f"{page}/cancel", page, reason="budget", text="", expected="draft").status_code == 302
    shown = _page(client, procurement_id)
    assert "Budget" in shown and "Restart as a new procurement" in shown

    restarted = _post(client, f"{page}/restart", page, title="Sak- og arkivsystem, andre runde")

    new_page = restarted.headers["Location"]
    assert new_page != page
    assert "Restarted from a cancelled procurement" in _page(client, int(new_page.rsplit("/", 1)[1]))
    assert f'href="{new_page}"' in _page(client, procurement_id)


def test_the_overview_counts_by_stage_filters_and_says_what_each_waits_for(app, client, tenant_a):
    purchaser = add_purchaser(app, tenant_a)
    waiting = make_procurement(app, tenant_a, title="Venter på behov").procurement_id
    procurement_with_need(app, tenant_a, title="Klar til forberedelse")
    sign_in(client, purchaser)
    overview = f"/regions/{tenant_a.region_id}/procurements"
    shown = unescape(client.get(overview).get_data(as_text=True))
    assert "Draft (2)" in shown
    assert "Coordinator: No municipality's need is in the procurement yet" in shown
    assert "The purchaser: ready for Preparation" in shown
    _post(client, f"/procurements/{waiting}/cancel", overview, reason="changed_needs", text="", expected="draft")
    cancelled = unescape(client.get(f"{overview}?stage=cancelled").get_data(as_text=True))
    assert "Venter på behov" in cancelled and "Klar til forberedelse" not in cancelled


def test_a_municipality_filters_the_procurements_it_takes_part_in(app, client, tenant_a):
    make_procurement(app, tenant_a, title="Uten Kongsberg")
    procurement_with_need(app, tenant_a, title="Med Kongsberg")
    sign_in(client, tenant_a.people["it"])
    overview = f"/regions/{tenant_a.region_id}/procurements"
    everything = unescape(client.get(overview).get_data(as_text=True))
    own = unescape(client.get(f"{overview}?participating=1").get_data(as_text=True))
    assert "Uten Kongsberg" in everything and "Med Kongsberg" in everything
    assert "Med Kongsberg" in own and "Uten Kongsberg" not in own
    assert "Waits for" in own and "No municipality's need" not in everything  # the gates are the runners'


def _page_query(statement: str) -> bool:
    """The queries of the page: not the per-transaction scope settings, savepoints or the session store."""
    return statement.startswith("SELECT") and "set_config" not in statement and "browser_sessions" not in statement


def _statements(app, client, path: str) -> int:
    with counting_statements(app, keep=_page_query) as seen:
        assert client.get(path).status_code == 200
    return len(seen)


def test_the_overview_asks_the_database_as_often_for_six_procurements_as_for_two(app, client, tenant_a, monkeypatch):
    monkeypatch.setattr(ui_views, "COUNT_FRESH_SECONDS", 0)  # the menu's count made afresh both times
    purchaser = add_purchaser(app, tenant_a)
    sign_in(client, purchaser)
    overview = f"/regions/{tenant_a.region_id}/procurements"
    for n in range(2):
        procurement_with_need(app, tenant_a, title=f"Anskaffelse {n}")
    two = _statements(app, client, overview)
    for n in range(2, 6):
        procurement_with_need(app, tenant_a, title=f"Anskaffelse {n}")
    assert _statements(app, client, overview) == two
