"""A truncated, altered or other-version archive, or a non-empty installation: refused, nothing written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal, scoped_models
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.portability.archive import ArchiveRefused
from samverka.platform.portability.importing import import_archive
from tests.platform.delivery.factories import make_delivered_document
from tests.platform.needs.support import register_need
from tests.platform.portability.factories import export_now, rezip, unzip


def _counts(app) -> dict[str, int]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test count"))
        return {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in scoped_models()}


def _import(app, content: bytes) -> str:
    with app.app_context():
        principal = Principal.system("test: tenant import")
        bind_principal(db.session, principal)
        with pytest.raises(ArchiveRefused) as refused:
            import_archive(db.session, principal, content)
        db.session.rollback()
    return refused.value.message


@pytest.fixture
def archive(app, tenant_a) -> bytes:
    register_need(app, tenant_a.people["it"], tenant_a.tenant_id, with_line=True)
    return export_now(app, tenant_a.tenant_id)


def test_a_truncated_archive_is_refused(app, archive):
    before = _counts(app)
    message = _import(app, archive[: len(archive) // 2])
    assert "truncated" in message
    assert _counts(app) == before


def test_an_altered_file_is_refused_naming_it(app, archive):
    files = unzip(archive)
    files["data/needs.json"] = files["data/needs.json"].replace(b"Nytt sak", b"Endret sak")
    before = _counts(app)
    message = _import(app, rezip(files))
    assert "data/needs.json" in message and "SHA-256" in message
    assert _counts(app) == before


def test_a_file_not_in_the_manifest_is_refused(app, archive):
    files = {**unzip(archive), "data/smuggled.json": b"[]"}
    assert "data/smuggled.json" in _import(app, rezip(files))


def test_another_schema_version_is_refused(app, archive):
    files = unzip(archive)
    manifest = json.loads(files["manifest.json"])
    manifest["schema_version"] = "0.0000000000000000"
    files["manifest.json"] = json.dumps(manifest).encode()
    before = _counts(app)
    message = _import(app, rezip(files))
    assert "0.0000000000000000" in message and "schema version" in message
    assert _counts(app) == before


def test_an_installation_holding_the_municipality_is_refused(app, archive):
    before = _counts(app)
    message = _import(app, archive)
    assert message.startswith("This installation is not empty")
    assert _counts(app) == before


def test_not_a_zip_at_all_is_refused(app):
    assert "truncated or not a ZIP" in _import(app, b"%PDF-1.7 not an archive")


def test_a_document_left_out_of_archive_and_manifest_alike_is_refused(app, tenant_a):
    make_delivered_document(app, tenant_a)
    files = unzip(export_now(app, tenant_a.tenant_id))
    manifest = json.loads(files.pop("manifest.json"))
    gone = next(path for path in files if path.startswith("files/"))
    del files[gone]
    manifest["files"] = [entry for entry in manifest["files"] if entry["path"] != gone]
    before = _counts(app)
    message = _import(app, rezip({"manifest.json": json.dumps(manifest).encode(), **files}))
    assert gone in message
    assert _counts(app) == before


def test_a_manifest_naming_another_municipality_is_refused(app, archive, tenant_b):
    files = unzip(archive)
    manifest = json.loads(files["manifest.json"])
    manifest["tenant"]["id"] = tenant_b.tenant_id
    files["manifest.json"] = json.dumps(manifest).encode()
    assert "one and the same municipality" in _import(app, rezip(files))
