"""The signed papers as each recipient reads them: lists with SHA-256, downloads with the stored media type,
the budget's maintenance lines, and nothing of another municipality's or partner's."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import create_engine, select, text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.delivery.models import DeliveredDocument
from samverka.tenants.services.principals import load_principal
from tests.platform.delivery.factories import CONTRACT_PDF, deliver_now, signed_procurement
from tests.support import services as test_services
from tests.support.api import signed_in
from tests.support.rls import scope_connection

SHA = hashlib.sha256(CONTRACT_PDF).hexdigest()


@pytest.fixture
def delivered(app, tenant_a) -> int:
    signed = signed_procurement(app, tenant_a)
    deliver_now(app, signed.procurement_id)
    return signed.procurement_id


def _copy_of(app, procurement_id: int, **owner) -> int:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return db.session.scalar(
            select(DeliveredDocument.id).filter_by(procurement_id=procurement_id, kind="contract", **owner)
        )


def test_the_municipality_reads_and_downloads_its_papers(app, tenant_a, delivered):
    api = signed_in(app.test_client(), tenant_a.people["it"])
    page = api.get(f"/tenants/{tenant_a.tenant_id}/documents").get_data(as_text=True)
    assert SHA in page and "Sak- og arkivsystem" in page
    listed = api.get(f"/api/v1/tenants/{tenant_a.tenant_id}/documents").get_json()
    assert sorted(d["kind"] for d in listed) == ["contract", "dpa"]
    contract = next(d for d in listed if d["kind"] == "contract")
    assert contract["sha256"] == SHA and contract["tenant_id"] == tenant_a.tenant_id

    download = api.get(contract["download_url"])

    assert download.status_code == 200 and download.data == CONTRACT_PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_the_partner_recipient_reads_its_own_copies(app, tenant_a, delivered):
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    page = api.get(f"/partners/{tenant_a.partner_id}/documents")
    assert page.status_code == 200 and SHA in page.get_data(as_text=True)
    listed = api.get(f"/api/v1/partners/{tenant_a.partner_id}/documents").get_json()
    assert {d["partner_id"] for d in listed} == {tenant_a.partner_id} and len(listed) == 2
    assert api.get(listed[0]["download_url"]).status_code == 200
    # The municipalities' own copies are theirs.
    kongsberg_copy = _copy_of(app, delivered, tenant_id=tenant_a.tenant_id)
    assert api.get(f"/delivered-documents/{kongsberg_copy}/download").status_code == 404
    assert api.get(f"/tenants/{tenant_a.tenant_id}/documents").status_code == 404


def test_another_municipalitys_papers_are_404_on_every_route(app, tenant_a, delivered):
    api = signed_in(app.test_client(), tenant_a.people["it"])
    flesberg = tenant_a.other_tenant_id
    flesberg_copy = _copy_of(app, delivered, tenant_id=flesberg)
    partner_copy = _copy_of(app, delivered, partner_id=tenant_a.partner_id)
    for path in (
        f"/tenants/{flesberg}/documents",
        f"/api/v1/tenants/{flesberg}/documents",
        f"/delivered-documents/{flesberg_copy}/download",
        f"/delivered-documents/{partner_copy}/download",
    ):
        answer = api.get(path)
        assert answer.status_code == 404, path
        assert CONTRACT_PDF not in answer.data and "Flesberg" not in answer.get_data(as_text=True)
    # The partner's page: the partner row is the region's to read, its papers are not.
    assert api.get(f"/partners/{tenant_a.partner_id}/documents").status_code == 403


def test_the_budget_page_and_csv_show_the_maintenance_lines(app, tenant_a, delivered):
    api = signed_in(app.test_client(), tenant_a.people["it"])
    page = api.get(f"/tenants/{tenant_a.tenant_id}/budget").get_data(as_text=True)
    assert 'id="maintenance-heading"' in page and "Sak- og arkivsystem" in page
    assert "2027" in page and "2028" in page
    api.client.set_cookie("samverka_lang", "en")
    csv_text = api.get(f"/tenants/{tenant_a.tenant_id}/budget.csv").get_data(as_text=True)
    rows = [line.split(",") for line in csv_text.lstrip("\ufeff").splitlines()]
    maintenance = [row for row in rows if row[6] == "Maintenance"]
    assert [(row[1], row[3], row[9], row[10]) for row in maintenance] == [
        ("2027", "Sak- og arkivsystem", "600000.00", "NOK"),
        ("2028", "Sak- og arkivsystem", "600000.00", "NOK"),
    ]
    assert rows[0][0] == "Municipality" and len(rows[0]) == 11  # the columns as before


def test_the_new_papers_are_on_the_landing_page_for_a_week(app, tenant_a, delivered):
    for who, kind in (("it", "tenant"), ("partner", "partner")):
        api = signed_in(app.test_client(), tenant_a.people[who])
        items = [i for i in api.get("/api/v1/me/attention").get_json()["items"] if i["kind"] == "delivery.new_papers"]
        assert len(items) == 1 and f"/{kind}s/" in items[0]["url"], who


@pytest.mark.postgres
@pytest.mark.committed
def test_in_raw_sql_the_app_role_reads_no_other_municipalitys_papers_or_lines(app, tenant_a):
    signed = signed_procurement(app, tenant_a)
    deliver_now(app, signed.procurement_id)
    engine = create_engine(test_services.app_url())
    counts = {}
    try:
        with app.app_context():
            kongsberg_it = load_principal(db.session, tenant_a.people["it"].user_id)
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, kongsberg_it)
            for table in ("delivered_documents", "maintenance_lines"):
                counts[table] = conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE tenant_id = :t"),
                    {"t": tenant_a.other_tenant_id},
                ).scalar()
                counts[f"own {table}"] = conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE tenant_id = :t"),
                    {"t": tenant_a.tenant_id},
                ).scalar()
            counts["partner's"] = conn.execute(
                text("SELECT count(*) FROM delivered_documents WHERE partner_id IS NOT NULL")
            ).scalar()
            counts["updated"] = conn.execute(text("UPDATE delivered_documents SET sha256 = 'x'")).rowcount
    finally:
        engine.dispose()
    assert counts == {
        "delivered_documents": 0,
        "own delivered_documents": 2,
        "maintenance_lines": 0,
        "own maintenance_lines": 2,
        "partner's": 0,
        "updated": 0,
    }
