"""Loading a municipality's archive into an EMPTY installation: ``samverka tenant import ARCHIVE``.

Verified before anything is written (``archive.read_archive``: it opens, every file matches the manifest,
the schema version is this installation's); refused if the municipality or any row's id is already here.
The rows keep their ids, so an export of the loaded installation equals the archive. Everything is loaded
in the caller's one transaction; the document bytes are stored only once every row is in (a failing
insert leaves no file behind), and the ids' sequences are moved past the loaded ids after the commit.

What the archive's rows refer to but the municipality does not own comes as minimal context rows or was
nulled (``collecting``): its regions and the joint procurements it took part in are there with their ids
and names only; other users are not.

The audit events are the old installation's hash chain: they stay in the archive (``data/audit_events.json``)
as the municipality's record, and are NOT loaded into this installation's chain, which they would break;
the load itself is audited here instead (``tenant.imported``, with the archive's SHA-256).

The archive's open contracting data is built from the region's records, which it does not carry: it is kept as it
was (``ImportedOpenData``), and the next export of the municipality gives it back (``exporting``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import Table, insert, select, text, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.storage import document_store
from samverka.platform.portability.archive import MISSING, Archive, ArchiveRefused, decode, read_archive
from samverka.platform.portability.catalogue import NOT_LOADED, OWNED
from samverka.platform.portability.collecting import key_of
from samverka.platform.portability.exporting import OCDS_PATH
from samverka.platform.portability.models import ImportedOpenData
from samverka.tenants.models import Tenant

NOT_EMPTY = "This installation is not empty: %(table)s already has a row the archive holds (id %(key)s)."
NO_TENANT = "The archive's manifest and data/tenants.json do not name one and the same municipality."
UNKNOWN_TABLE = "The archive holds a table this installation does not have: %(table)s."


@dataclass(frozen=True)
class Loaded:
    tenant_id: int
    tenant_name: str
    rows: int
    files: int
    # Per loaded table with an ``id``: the largest, for ``advance_sequences``.
    last_ids: dict[str, int]


def import_archive(session: Session, principal: Principal, content: bytes) -> Loaded:
    """Verify, refuse a non-empty installation, then insert every row and store every document."""
    found = read_archive(content)
    tenant_id = _tenant_id(found)
    tables = _tables(found)
    rows = {table.name: [_decoded(table, row) for row in found.data(table.name)] for table in tables}
    documents = _documents(found, rows)
    for table in tables:
        _refuse_present(session, table, rows[table.name])
    for table in tables:
        if rows[table.name]:
            session.execute(insert(table), rows[table.name])
    if OCDS_PATH in found.files:
        session.add(ImportedOpenData(tenant_id=tenant_id, package=json.loads(found.files[OCDS_PATH])))
    # Stored last, once every row is in: a refused insert leaves no file behind.
    for key, document, media_type in documents:
        document_store().put(key, document, media_type)
    summary = {"sha256": hashlib.sha256(content).hexdigest(), "rows": sum(len(r) for r in rows.values())}
    record(session, principal, "tenant.imported", session.get(Tenant, tenant_id), tenant_id=tenant_id, summary=summary)
    last_ids = {t.name: max(row["id"] for row in rows[t.name]) for t in tables if "id" in t.c and rows[t.name]}
    return Loaded(tenant_id, found.manifest["tenant"]["name"], summary["rows"], len(documents), last_ids)


def _tenant_id(found: Archive) -> int:
    """The municipality the manifest names, which must be the one row of ``data/tenants.json``."""
    named = (found.manifest.get("tenant") or {}).get("id")
    if [row.get("id") for row in found.data("tenants")] != [named]:
        raise ArchiveRefused(NO_TENANT)
    return named


def _tables(found: Archive) -> list[Table]:
    """The archive's tables in the schema's order (a row after the rows it refers to)."""
    names = set(found.tables()) - NOT_LOADED
    for name in sorted(names - set(db.metadata.tables)):
        raise ArchiveRefused(UNKNOWN_TABLE % {"table": name})
    return [table for table in db.metadata.sorted_tables if table.name in names]


def _decoded(table: Table, row: dict) -> dict:
    return {name: decode(table.c[name], value) for name, value in row.items()}


def _refuse_present(session: Session, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    keys = [key_of(table, row) for row in rows]
    columns = tuple_(*table.primary_key.columns)
    present = session.execute(select(*table.primary_key.columns).where(columns.in_(keys)).limit(1)).first()
    if present is not None:
        key = ", ".join(str(value) for value in present)
        raise ArchiveRefused(NOT_EMPTY % {"table": table.name, "key": key})


def _documents(found: Archive, rows: dict[str, list[dict]]) -> list[tuple[str, bytes, str]]:
    """(key, bytes, type) of every document the rows name, each checked to be in the archive."""
    wanted = [
        (row[key_column], f"files/{row[sha_column]}", row.get("media_type") or "application/pdf")
        for entry in OWNED
        for key_column, sha_column in entry.files
        for row in rows.get(entry.table, [])
        if row.get(key_column)
    ]
    for _key, path, _media_type in wanted:
        if path not in found.files:
            raise ArchiveRefused(MISSING % {"path": path})
    return [(key, found.files[path], media_type) for key, path, media_type in wanted]


def advance_sequences(connection: Connection, last_ids: dict[str, int]) -> None:
    """Past the loaded ids, so that the next row made here gets a new one: run as the owner, who owns the
    sequences (the system may only take their next value). The installation was empty: nothing goes back.
    SQLite (the embedded default) has no sequences: its next id follows the largest one there already."""
    if connection.dialect.name != "postgresql":
        return
    for name, last in last_ids.items():
        statement = text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)")
        if connection.scalar(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": name}):
            connection.execute(statement, {"table": name, "last": last})
