"""Building a municipality's archive from its rows (``collecting``) in the format of ``archive``.

The OCDS of the published joint procurements it took part in comes from the publication area's builder.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.extensions import db
from samverka.platform.core.time import utcnow
from samverka.platform.documents.storage import document_store
from samverka.platform.portability import archive
from samverka.platform.portability.catalogue import OWNED
from samverka.platform.portability.collecting import Collected, collect
from samverka.platform.portability.models import ImportedOpenData
from samverka.platform.publication.services import ocds_for_tenant

OCDS_PATH = "ocds/joint-procurements.json"


def build_archive(session: Session, tenant_id: int, step: Callable[[], None] = lambda: None) -> bytes:
    """The whole archive of the municipality; ``step`` is called once per catalogue entry, and once more."""
    found = collect(session, tenant_id, step)
    files: dict[str, bytes] = {}
    for name in found.tables():
        files[f"data/{name}.json"] = archive.rows_json(found.rows(name))
    for entry in OWNED:
        rows = found.rows(entry.table)
        if entry.csv:
            columns = [column.name for column in db.metadata.tables[entry.table].columns]
            files[f"csv/{entry.table}.csv"] = archive.rows_csv(columns, rows)
        files.update(_document_files(entry.files, rows))
    files[OCDS_PATH] = json.dumps(open_data(session, tenant_id), ensure_ascii=False, indent=1).encode()
    step()
    return archive.write_zip(files, _head(found, tenant_id))


def _head(found: Collected, tenant_id: int) -> dict:
    tenant = found.owned["tenants"][(tenant_id,)]
    return {
        "tenant": {"id": tenant["id"], "name": tenant["name"], "country": tenant["country"]},
        "created_at": utcnow().isoformat(),
    }


def _document_files(columns: tuple[tuple[str, str], ...], rows: list[dict]) -> dict[str, bytes]:
    """Each document's bytes under its SHA-256 (the same paper twice is stored once)."""
    files = {}
    for key_column, sha_column in columns:
        for row in rows:
            if row.get(key_column):
                files[f"files/{row[sha_column]}"] = document_store().get(row[key_column])
    return files


def open_data(session: Session, tenant_id: int) -> dict:
    """The OCDS of the published procurements the municipality took part in, with what an import brought along.

    An installation the municipality was imported into holds no region records to build it from: the imported
    package is given back as it was, and any release built here since is added to it."""
    built = ocds_for_tenant(session, tenant_id)
    kept = session.scalar(
        select(ImportedOpenData.package)
        .where(ImportedOpenData.tenant_id == tenant_id)
        .order_by(ImportedOpenData.id.desc())
        .limit(1)
    )
    if kept is None:
        return built
    known = {release["id"] for release in kept.get("releases", [])}
    added = [release for release in built["releases"] if release["id"] not in known]
    return {**kept, "releases": kept.get("releases", []) + added} if added else kept
