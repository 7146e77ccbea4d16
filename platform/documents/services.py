"""Uploading and reading a joint procurement's documents.

What the content is decides whether it is taken: its media type is read from its first bytes
(``sniffing``), it must be within ``DOCUMENT_MAX_MB``, and a refused file changes nothing (neither
the store nor the database). Each upload of a kind is the next version of that kind.
"""

from __future__ import annotations

import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Conflict, Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents import sniffing
from samverka.platform.documents.models import DOCUMENT_KINDS, ProcurementDocument
from samverka.platform.documents.storage import document_store, max_bytes
from samverka.platform.procurements.models import JointProcurement
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access, require_on

NOT_A_KNOWN_TYPE = _l(
    "The file's content is not a PDF, Word (DOCX), Excel (XLSX), OpenDocument text, PNG, JPEG or plain text file."
)
TOO_LARGE = _l("The file is larger than %(limit)s MB.")
EMPTY = _l("The file is empty.")
NO_KIND = _l("Choose what kind of document this is.")


def access_document(
    session: Session, principal: Principal, document_id: int, permission: Permission = perm.REGION_DOCUMENTS_READ
) -> ProcurementDocument:
    return access(session, principal, ProcurementDocument, document_id, permission)


def list_documents(session: Session, principal: Principal, procurement: JointProcurement) -> list[ProcurementDocument]:
    """Every version of every kind, by kind in the routine's order and the newest version first."""
    require_on(principal, procurement, perm.REGION_DOCUMENTS_READ)
    rows = session.scalars(
        select(ProcurementDocument)
        .where(ProcurementDocument.procurement_id == procurement.id)
        .order_by(ProcurementDocument.kind, ProcurementDocument.version.desc())
    )
    return sorted(rows, key=lambda d: (DOCUMENT_KINDS.index(d.kind), -d.version))


def checked_content(content: bytes) -> str:
    """The content's media type; ``Refused`` when it is empty, too large or of no accepted type."""
    limit = max_bytes()
    if len(content) > limit:
        raise Refused.field("file", TOO_LARGE % {"limit": limit // (1024 * 1024)})
    if not content:
        raise Refused.field("file", EMPTY)
    media_type = sniffing.media_type(content)
    if media_type is None:
        raise Refused.field("file", NOT_A_KNOWN_TYPE)
    return media_type


def upload_document(
    session: Session, principal: Principal, procurement: JointProcurement, *, kind: str, filename: str, content: bytes
) -> ProcurementDocument:
    require_on(principal, procurement, perm.REGION_DOCUMENTS_WRITE)
    if kind not in DOCUMENT_KINDS:
        raise Refused.field("kind", NO_KIND)
    media_type = checked_content(content)
    document = ProcurementDocument(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        kind=kind,
        version=_next_version(session, procurement.id, kind),
        filename=_display_name(filename, media_type),
        media_type=media_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_key=f"procurements/{procurement.id}/{secrets.token_hex(16)}",
        uploaded_by_id=principal.user_id,
    )
    session.add(document)
    try:
        session.flush()
    except IntegrityError as exc:  # another upload of this kind took the version number meanwhile
        raise Conflict("document_version_taken", _l("Another version was uploaded meanwhile. Try again.")) from exc
    # Stored after the row is known to be valid; a transaction that fails later leaves an unreferenced object.
    document_store().put(document.storage_key, content, media_type)
    record(session, principal, "document.upload", document, region_id=document.region_id, summary=_summary(document))
    return document


def latest_document(session: Session, procurement: JointProcurement, kind: str) -> ProcurementDocument | None:
    """The procurement's newest version of a kind of document (the one a gate, a signature or a delivery uses)."""
    stmt = select(ProcurementDocument).where(
        ProcurementDocument.procurement_id == procurement.id, ProcurementDocument.kind == kind
    )
    return session.scalar(stmt.order_by(ProcurementDocument.version.desc()).limit(1))


def _next_version(session: Session, procurement_id: int, kind: str) -> int:
    latest = session.scalar(
        select(func.max(ProcurementDocument.version)).where(
            ProcurementDocument.procurement_id == procurement_id, ProcurementDocument.kind == kind
        )
    )
    return (latest or 0) + 1


def _display_name(filename: str, media_type: str) -> str:
    """The uploaded name without any path, with the extension of what the content is."""
    stem = filename.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    stem = "".join(c for c in stem if c.isprintable() and c not in '"<>|:*?')[:150] or "document"
    return f"{stem}.{sniffing.EXTENSIONS[media_type]}"


def _summary(document: ProcurementDocument) -> dict:
    return {
        "procurement_id": document.procurement_id,
        "kind": document.kind,
        "version": document.version,
        "sha256": document.sha256,
        "size_bytes": document.size_bytes,
        "media_type": document.media_type,
    }


def document_content(document: ProcurementDocument) -> bytes:
    return document_store().get(document.storage_key)
