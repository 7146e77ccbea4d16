"""The thresholds table: the seed, the operator's pages and API, bad input, and everyone else kept out."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from samverka.platform.audit.models import AuditEvent
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.thresholds.models import Threshold
from samverka.platform.thresholds.services.thresholds import DATA_FILE
from tests.platform.thresholds.factories import make_threshold, seed
from tests.platform.ui.pages import body, submit
from tests.support.api import assert_error_shape, count_rows, field_errors, signed_in
from tests.support.forms import csrf_from
from tests.support.login import HIGH_LEVEL, sign_in, sign_in_with_eid

PAGE = "/operator/thresholds"
VALID = {
    "country": "NO",
    "year": "2026",
    "kind": "eu_goods_services",
    "amount": "2 300 000",
    "note": "Fra 2026",
    "source_url": "https://www.regjeringen.no/no/aktuelt/terskelverdier/id3030686/",
}


def _rows(app) -> list[tuple]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return [
            (t.country, t.year, t.kind, t.amount_minor, t.currency)
            for t in db.session.scalars(select(Threshold).order_by(Threshold.country, Threshold.year, Threshold.kind))
        ]


def _audit_actions(app) -> list[str]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return list(
            db.session.scalars(
                select(AuditEvent.action).where(AuditEvent.object_type == "Threshold").order_by(AuditEvent.seq)
            )
        )


# --- The seed --------------------------------------------------------------------------------------


def test_seed_loads_the_data_file_once(app):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))["thresholds"]

    assert seed(app) == len(data) == 6
    assert seed(app) == 0

    rows = _rows(app)
    assert len(rows) == 6
    assert ("NO", 2025, "eu_goods_services", 230_000_000, "NOK") in rows
    assert ("NO", 2025, "national", 130_000_000, "NOK") in rows
    assert ("SE", 2025, "direct_award", 70_000_000, "SEK") in rows
    assert ("SE", 2025, "eu_goods_services", 238_958_500, "SEK") in rows
    assert all(row["source_url"].startswith("https://") for row in data)
    assert _audit_actions(app).count("threshold.create") == 6


def test_seed_keeps_what_the_operator_changed(app):
    seed(app)
    with app.app_context():
        bind_principal(db.session, Principal.system("test change"))
        row = db.session.scalar(select(Threshold).where(Threshold.country == "NO", Threshold.kind == "national"))
        row.amount_minor = 150_000_000
        db.session.commit()
    assert seed(app) == 0
    assert ("NO", 2025, "national", 150_000_000, "NOK") in _rows(app)


# --- The operator's pages --------------------------------------------------------------------------


def test_operator_adds_changes_and_deletes_a_threshold_after_step_up(app, client, operator, tenant_a):
    seed(app)
    sign_in_with_eid(client, operator, acr=HIGH_LEVEL)
    page = body(client.get(PAGE, headers={"Accept-Language": "en"}))
    assert "EEA threshold for goods and services (municipalities)" in page and "Direct award limit" in page

    created = submit(client, PAGE, PAGE, VALID)
    assert created.status_code == 302 and created.headers["Location"] == PAGE
    assert ("NO", 2026, "eu_goods_services", 230_000_000, "NOK") in _rows(app)

    threshold_id = make_threshold(app, year=2027, amount_minor=240_000_000)
    edit_page = f"{PAGE}?edit={threshold_id}"
    assert 'value="2400000"' in body(client.get(edit_page))
    changed = submit(client, edit_page, f"{PAGE}/{threshold_id}", {**VALID, "year": "2027", "amount": "2 450 000,50"})
    assert changed.status_code == 302
    assert ("NO", 2027, "eu_goods_services", 245_000_050, "NOK") in _rows(app)

    deleted = submit(client, PAGE, f"{PAGE}/{threshold_id}/delete", {})
    assert deleted.status_code == 302
    assert not [r for r in _rows(app) if r[1] == 2027]
    assert _audit_actions(app)[-3:] == ["threshold.create", "threshold.update", "threshold.delete"]


@pytest.mark.parametrize(
    ("field", "typed", "fragment"),
    [
        ("amount", "-5", "more than 0"),
        ("amount", "0", "more than 0"),
        ("kind", "direct_award", "that the chosen country has"),
        ("kind", "eu_services", "that the chosen country has"),
        ("year", "1999", "from 2000 to 2100"),
        ("year", "2101", "from 2000 to 2100"),
        ("source_url", "ftp://example.test", "https://"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(app, client, operator, tenant_a, field, typed, fragment):
    sign_in(client, operator, acr=HIGH_LEVEL)
    response = client.post(
        PAGE, data={**VALID, field: typed, "csrf_token": _token(client)}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert f'id="threshold-{field}-error"' in body(response) and fragment in body(response)
    assert count_rows(app, Threshold) == 0


def test_a_duplicate_is_refused_with_a_clear_message(app, client, operator, tenant_a):
    make_threshold(app, year=2026)
    sign_in(client, operator, acr=HIGH_LEVEL)
    response = client.post(PAGE, data={**VALID, "csrf_token": _token(client)}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "already a threshold of this kind for this country and year" in body(response)
    assert count_rows(app, Threshold) == 1


def test_operator_write_without_high_assurance_asks_for_step_up(app, client, operator, tenant_a):
    sign_in_with_eid(client, operator)
    response = submit(client, PAGE, PAGE, VALID)
    assert response.status_code == 302 and "acr=idporten-loa-high" in response.headers["Location"]
    assert count_rows(app, Threshold) == 0


@pytest.mark.parametrize("who", ["coordinator", "it", "chief", "partner"])
def test_nobody_but_the_operator_reaches_the_pages(app, client, tenant_a, who):
    threshold_id = make_threshold(app)
    sign_in(client, tenant_a.people[who], acr=HIGH_LEVEL)
    token = _token(client, "/")
    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}?edit={threshold_id}").status_code == 403
    assert client.post(PAGE, data={**VALID, "csrf_token": token}).status_code == 403
    for path in (f"{PAGE}/{threshold_id}", f"{PAGE}/{threshold_id}/delete"):
        assert client.post(path, data={**VALID, "csrf_token": token}).status_code == 404, path
    assert _rows(app) == [("NO", 2026, "eu_goods_services", 230_000_000, "NOK")]


def _token(client, page: str = PAGE) -> str:
    return csrf_from(client, page)


# --- The API ---------------------------------------------------------------------------------------

API_BODY = {
    "country": "SE",
    "year": 2026,
    "kind": "direct_award",
    "amount_minor": 70_000_000,
    "note": "Oförändrad",
    "source_url": "",
}


def test_operator_writes_through_the_api_and_everyone_reads(app, client, operator, tenant_a):
    api = signed_in(client, operator, acr=HIGH_LEVEL)
    created = api.post("/api/v1/thresholds", API_BODY)
    assert created.status_code == 201, created.get_data(as_text=True)
    threshold = created.get_json()
    assert threshold["currency"] == "SEK"
    assert threshold["kind_label"] in (
        "Direct award limit",
        "Grense for direkte anskaffelse",
        "Direktupphandlingsgräns",
    )

    changed = api.client.put(
        f"/api/v1/thresholds/{threshold['id']}", json={**API_BODY, "amount_minor": 80_000_000}, headers=api.headers
    )
    assert changed.status_code == 200 and changed.get_json()["amount_minor"] == 80_000_000

    reader = signed_in(app.test_client(), tenant_a.people["it"])
    assert [t["amount_minor"] for t in reader.get("/api/v1/thresholds").get_json()] == [80_000_000]

    assert api.delete(f"/api/v1/thresholds/{threshold['id']}").status_code == 204
    assert count_rows(app, Threshold) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount_minor": -1}, "amount_minor"),
        ({"kind": "national"}, "kind"),
        ({"kind": "unknown"}, "kind"),
        ({"year": 1999}, "year"),
        ({"country": "DK"}, "country"),
        ({"amount_minor": "700000"}, "amount_minor"),
    ],
)
def test_api_bad_input_is_a_422_naming_the_field(app, client, operator, tenant_a, change, field):
    api = signed_in(client, operator, acr=HIGH_LEVEL)
    assert field in field_errors(api.post("/api/v1/thresholds", {**API_BODY, **change}))
    assert count_rows(app, Threshold) == 0


def test_api_duplicate_is_a_422(app, client, operator, tenant_a):
    api = signed_in(client, operator, acr=HIGH_LEVEL)
    assert api.post("/api/v1/thresholds", API_BODY).status_code == 201
    assert "year" in field_errors(api.post("/api/v1/thresholds", API_BODY))
    assert count_rows(app, Threshold) == 1


def test_api_writes_are_refused_to_everyone_else(app, client, tenant_a):
    threshold_id = make_threshold(app)
    api = signed_in(client, tenant_a.people["coordinator"])
    assert_error_shape(api.post("/api/v1/thresholds", API_BODY), 403)
    assert_error_shape(api.client.put(f"/api/v1/thresholds/{threshold_id}", json=API_BODY, headers=api.headers), 404)
    assert_error_shape(api.delete(f"/api/v1/thresholds/{threshold_id}"), 404)
    assert _rows(app) == [("NO", 2026, "eu_goods_services", 230_000_000, "NOK")]
