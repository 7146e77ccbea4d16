"""The archive's format: one ZIP with ``manifest.json``, ``data/<table>.json``, ``csv/<table>.csv``,
``files/<sha256>`` and ``ocds/joint-procurements.json``; writing it, and reading it back only once verified.

``manifest.json`` names the schema version, the municipality, when it was made, and every other file with
its SHA-256 and size. The schema version is derived from the exported tables and their columns, so an
archive made by an installation with another schema is refused rather than loaded half-right.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Date, DateTime, LargeBinary, Numeric

from samverka.platform.core.exports import csv_document
from samverka.platform.core.extensions import db
from samverka.platform.portability.catalogue import OWNED

FORMAT = 1
MANIFEST = "manifest.json"
# Entries get a fixed time, so that the same content makes the same bytes.
_ENTRY_TIME = (2000, 1, 1, 0, 0, 0)

# The import is an operator's command: its messages are in English, as the command line's are.
NOT_A_ZIP = "The archive cannot be opened: it is truncated or not a ZIP file."
NO_MANIFEST = "The archive has no readable manifest.json."
OTHER_VERSION = "The archive has schema version %(found)s; this installation reads %(current)s."
ALTERED = "The file %(path)s in the archive does not match its SHA-256 and size in the manifest."
MISSING = "The file %(path)s named in the manifest is not in the archive."
UNLISTED = "The file %(path)s in the archive is not named in the manifest."


class ArchiveRefused(Exception):
    """The archive is not loaded; the message says why, and names the file when one is at fault."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def schema_version() -> str:
    """``<format>.<digest of the exported tables' columns>``: changes whenever an exported table's columns do."""
    names = sorted({entry.table for entry in OWNED} | _referred_tables())
    shape = ";".join(f"{n}:{','.join(c.name for c in db.metadata.tables[n].columns)}" for n in names)
    return f"{FORMAT}.{hashlib.sha256(shape.encode()).hexdigest()[:16]}"


def _referred_tables() -> set[str]:
    return {fk.column.table.name for entry in OWNED for fk in db.metadata.tables[entry.table].foreign_keys}


def encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def decode(column: Column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Numeric) and not isinstance(value, int | float):
        return Decimal(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value


def rows_json(rows: list[dict]) -> bytes:
    encoded = [{name: encode(value) for name, value in row.items()} for row in rows]
    return json.dumps(encoded, ensure_ascii=False, indent=1, sort_keys=True).encode()


def rows_csv(columns: list[str], rows: list[dict]) -> bytes:
    """The table for a spreadsheet, through the one export writer: a text that looks like a formula (a need's
    title "=HYPERLINK(...)") is shown as typed, never evaluated. The byte order mark makes it read the æøå right."""
    cells = [[_csv_value(row[name]) for name in columns] for row in rows]
    return csv_document([columns, *cells], bom=True).encode("utf-8")


def _csv_value(value):
    """Numbers as numbers (a negative amount is not a formula), everything else as the JSON's text."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return None if value is None else encode(value)


def write_zip(files: dict[str, bytes], head: dict) -> bytes:
    """The ZIP of ``files`` and a manifest of ``head`` plus every file's SHA-256 and size."""
    listed = [
        {"path": path, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        for path, content in sorted(files.items())
    ]
    manifest = {**head, "schema_version": schema_version(), "files": listed}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in [(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())] + sorted(
            files.items()
        ):
            archive.writestr(zipfile.ZipInfo(path, _ENTRY_TIME), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@dataclass(frozen=True)
class Archive:
    manifest: dict
    files: dict[str, bytes]

    def data(self, table: str) -> list[dict]:
        return json.loads(self.files.get(f"data/{table}.json", b"[]"))

    def tables(self) -> list[str]:
        return [path[5:-5] for path in self.files if path.startswith("data/") and path.endswith(".json")]


def read_archive(content: bytes) -> Archive:
    """The archive, once it opens, is of this schema version and every file matches the manifest."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            files = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise ArchiveRefused(NOT_A_ZIP) from error
    manifest = _manifest(files.pop(MANIFEST, None))
    if manifest.get("schema_version") != schema_version():
        found = manifest.get("schema_version")
        raise ArchiveRefused(OTHER_VERSION % {"found": found, "current": schema_version()})
    _verify(manifest, files)
    return Archive(manifest, files)


def _manifest(content: bytes | None) -> dict:
    try:
        manifest = json.loads(content) if content is not None else None
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise ArchiveRefused(NO_MANIFEST)
    return manifest


def _verify(manifest: dict, files: dict[str, bytes]) -> None:
    listed = set()
    for entry in manifest["files"]:
        path = str(entry.get("path"))
        listed.add(path)
        if path not in files:
            raise ArchiveRefused(MISSING % {"path": path})
        content = files[path]
        if hashlib.sha256(content).hexdigest() != entry.get("sha256") or len(content) != entry.get("size"):
            raise ArchiveRefused(ALTERED % {"path": path})
    for path in sorted(set(files) - listed):
        raise ArchiveRefused(UNLISTED % {"path": path})
