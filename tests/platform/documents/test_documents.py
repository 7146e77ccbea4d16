"""Uploading, versioning and downloading a procurement's documents through its page, as the purchaser."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.models import ProcurementDocument
from samverka.tenants.services.principals import load_principal
from tests.platform.documents import support
from tests.platform.procurements.factories import make_procurement
from tests.support import services as test_services
from tests.support.api import count_rows
from tests.support.forms import csrf_from
from tests.support.login import sign_in
from tests.support.rls import scope_connection


@pytest.fixture
def procurement_id(app, tenant_a) -> int:
    return make_procurement(app, tenant_a).procurement_id


def _upload(client, procurement_id: int, content: bytes, name: str, kind: str = "requirement_specification"):
    path = f"/procurements/{procurement_id}/documents"
    data = {"csrf_token": csrf_from(client, path), "kind": kind, "file": (io.BytesIO(content), name)}
    return client.post(path, data=data, content_type="multipart/form-data")


def _documents(app) -> list[ProcurementDocument]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        rows = db.session.scalars(select(ProcurementDocument).order_by(ProcurementDocument.id)).all()
        db.session.expunge_all()
        return rows


def _stored_files(app) -> int:
    return sum(1 for p in Path(app.config["DOCUMENT_DIR"]).rglob("*") if p.is_file())


def test_an_upload_is_stored_with_its_hash_size_and_type_read_from_the_content(app, client, tenant_a, procurement_id):
    sign_in(client, support.purchaser(app, tenant_a))
    response = _upload(client, procurement_id, support.PDF, "../../krav.PDF")
    assert response.status_code == 302, response.get_data(as_text=True)
    [document] = _documents(app)
    assert document.sha256 == hashlib.sha256(support.PDF).hexdigest()
    assert (document.size_bytes, document.media_type, document.version) == (len(support.PDF), "application/pdf", 1)
    assert document.filename == "krav.pdf"

    download = client.get(f"/documents/{document.id}/download")
    assert download.status_code == 200
    assert download.data == support.PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == "attachment; filename=krav.pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_uploading_the_same_kind_again_makes_a_new_version_and_the_list_shows_both(
    app, client, tenant_a, procurement_id
):
    sign_in(client, support.purchaser(app, tenant_a))
    _upload(client, procurement_id, support.PDF, "krav.pdf")
    _upload(client, procurement_id, support.docx(), "krav-v2.docx")
    versions = [(d.version, d.filename) for d in _documents(app)]
    assert versions == [(1, "krav.pdf"), (2, "krav-v2.docx")]
    page = client.get(f"/procurements/{procurement_id}/documents").get_data(as_text=True)
    assert "krav.pdf" in page and "krav-v2.docx" in page


@pytest.mark.parametrize(
    ("content", "name"),
    [(support.HTML, "krav.pdf"), (support.plain_zip(), "krav.docx"), (b"", "empty.txt")],
)
def test_content_that_is_not_an_accepted_type_is_refused_and_nothing_changes(
    app, client, tenant_a, procurement_id, content, name
):
    sign_in(client, support.purchaser(app, tenant_a))
    before = _stored_files(app)
    response = _upload(client, procurement_id, content, name)
    assert response.status_code == 422
    assert count_rows(app, ProcurementDocument) == 0
    assert _stored_files(app) == before


def test_a_file_over_the_limit_is_refused_and_nothing_changes(app, client, tenant_a, procurement_id, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENT_MAX_BYTES", 1024)
    sign_in(client, support.purchaser(app, tenant_a))
    response = _upload(client, procurement_id, support.TEXT * 100, "big.txt")
    assert response.status_code in (413, 422)
    assert count_rows(app, ProcurementDocument) == 0


def test_a_document_larger_than_the_apps_request_limit_is_taken_up_to_the_document_limit(
    app, client, tenant_a, procurement_id
):
    sign_in(client, support.purchaser(app, tenant_a))
    large = support.PDF + b"0" * (3 * 1024 * 1024)  # over the app's 2 MB for other requests
    assert _upload(client, procurement_id, large, "large.pdf").status_code == 302
    assert _documents(app)[0].size_bytes == len(large)


def test_members_read_but_only_the_purchaser_uploads(app, client, tenant_a, procurement_id):
    sign_in(client, support.purchaser(app, tenant_a))
    _upload(client, procurement_id, support.PDF, "krav.pdf")
    [document] = _documents(app)
    sign_in(client, tenant_a.people["it"])
    assert client.get(f"/documents/{document.id}/download").status_code == 200
    assert client.get(f"/api/v1/procurements/{procurement_id}/documents").get_json()[0]["sha256"] == document.sha256
    assert _upload(client, procurement_id, support.PDF, "krav.pdf").status_code == 403
    sign_in(client, tenant_a.people["partner"])
    assert client.get(f"/documents/{document.id}/download").status_code == 404


@pytest.mark.committed
@pytest.mark.postgres
def test_raw_sql_as_the_app_role_shows_region_b_no_document(app, client, tenant_a, tenant_b, procurement_id):
    sign_in(client, support.purchaser(app, tenant_a))
    assert _upload(client, procurement_id, support.PDF, "krav.pdf").status_code == 302
    engine = create_engine(test_services.app_url())
    try:
        with app.app_context():
            principal = load_principal(db.session, tenant_b.people["coordinator"].user_id)
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, principal)
            assert conn.execute(text("SELECT count(*) FROM procurement_documents")).scalar() == 0
            assert conn.execute(text("UPDATE procurement_documents SET filename = 'x'")).rowcount == 0
    finally:
        engine.dispose()
