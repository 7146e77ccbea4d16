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
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Table, insert, select, text, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.storage import document_store
from samverka.platform.portability.archive import Archive, ArchiveRefused, decode, read_archive
from samverka.platform.portability.catalogue import NOT_LOADED, OWNED
from samverka.platform.portability.collecting import key_of
from samverka.tenants.models import Tenant

NOT_EMPTY = "This installation is not empty: %(table)s already has a row the archive holds (id %(key)s)."
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
    tables = _tables(found)
    rows = {table.name: [_decoded(table, row) for row in found.data(table.name)] for table in tables}
    for table in tables:
        _refuse_present(session, table, rows[table.name])
    for table in tables:
        if rows[table.name]:
            session.execute(insert(table), rows[table.name])
    stored = _store_documents(found, rows)
    tenant_id = found.manifest["tenant"]["id"]
    summary = {"sha256": hashlib.sha256(content).hexdigest(), "rows": sum(len(r) for r in rows.values())}
    record(session, principal, "tenant.imported", session.get(Tenant, tenant_id), tenant_id=tenant_id, summary=summary)
    last_ids = {t.name: max(row["id"] for row in rows[t.name]) for t in tables if "id" in t.c and rows[t.name]}
    return Loaded(tenant_id, found.manifest["tenant"]["name"], summary["rows"], stored, last_ids)


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


def _store_documents(found: Archive, rows: dict[str, list[dict]]) -> int:
    stored = 0
    for entry in OWNED:
        for key_column, sha_column in entry.files:
            for row in rows.get(entry.table, []):
                if row.get(key_column):
                    content = found.files[f"files/{row[sha_column]}"]
                    document_store().put(row[key_column], content, row.get("media_type") or "application/pdf")
                    stored += 1
    return stored


def advance_sequences(connection: Connection, last_ids: dict[str, int]) -> None:
    """Past the loaded ids, so that the next row made here gets a new one: run as the owner, who owns the
    sequences (the system may only take their next value). The installation was empty: nothing goes back."""
    for name, last in last_ids.items():
        statement = text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)")
        if connection.scalar(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": name}):
            connection.execute(statement, {"table": name, "last": last})
