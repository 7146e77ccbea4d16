"""Each contract's DPA document: drawn up by the coordinator from the template, a new version each time.

Only once the contract is signed (the procurement at ``contract_signed``) and only for a contract that
processes personal data. The procurement is row-locked while a version is drawn up (``running.locked``),
so it cannot meanwhile be completed by the last signature. A new version voids every signature of the
earlier ones: only the current (latest) version's signatures count.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.contracts.services.contracts import procurement_contract
from samverka.platform.core.errors import Conflict
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.storage import document_store
from samverka.platform.procurements import running
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.platform.signatures.models import DpaDocument, DpaSignature
from samverka.platform.signatures.services import facts as dpa_facts
from samverka.platform.signatures.services.pdf import dpa_pdf
from samverka.platform.signatures.services.templates import template_for_drawing_up
from samverka.tenants import permissions as perm

PDF = "application/pdf"
NO_CONTRACT = _l("The procurement has no signed contract yet: the DPA is drawn up once the contract is signed.")
CHANGED = _l("The agreement has another version now than the one you saw. Reload and try again.")
NO_PERSONAL_DATA = _l("The contract processes no personal data: it needs no data processing agreement.")


@dataclass(frozen=True)
class Voided:
    """An earlier version: replaced by ``by`` on ``on``, and how many signatures no longer count."""

    document: DpaDocument
    by: DpaDocument
    signatures: int

    @property
    def message(self) -> str:
        """E.g. "Version 1 was replaced by version 2 on 7 December 2026: its 2 signatures no longer count."."""
        return ngettext(
            "Version %(old)s was replaced by version %(new)s on %(date)s: its %(num)s signature no longer counts.",
            "Version %(old)s was replaced by version %(new)s on %(date)s: its %(num)s signatures no longer count.",
            self.signatures,
            old=self.document.version,
            new=self.by.version,
            date=format_date(self.by.created_at.date(), "long"),
        )


def versions(session: Session, procurement: JointProcurement) -> list[DpaDocument]:
    """Every version, the newest (current) first."""
    return list(
        session.scalars(
            select(DpaDocument).where(DpaDocument.procurement_id == procurement.id).order_by(DpaDocument.version.desc())
        )
    )


def current_document(session: Session, procurement_id: int) -> DpaDocument | None:
    return session.scalar(
        select(DpaDocument)
        .where(DpaDocument.procurement_id == procurement_id)
        .order_by(DpaDocument.version.desc())
        .limit(1)
    )


def signatures_of(session: Session, document: DpaDocument) -> list[DpaSignature]:
    return list(
        session.scalars(
            select(DpaSignature).where(DpaSignature.document_id == document.id).order_by(DpaSignature.sequence)
        )
    )


def voided_versions(session: Session, found: list[DpaDocument]) -> list[Voided]:
    """Each earlier version with the one that replaced it and its signatures that no longer count."""
    counts = dict(
        session.execute(
            select(DpaSignature.document_id, func.count())
            .where(DpaSignature.document_id.in_([d.id for d in found]))
            .group_by(DpaSignature.document_id)
        ).all()
    )
    return [Voided(older, newer, counts.get(older.id, 0)) for newer, older in zip(found, found[1:], strict=False)]


def draw_up(
    session: Session, principal: Principal, procurement_id: int, *, replaces_version: int | None
) -> DpaDocument:
    """The next version of the procurement's DPA, from the region's current template.

    ``replaces_version`` is the current version the coordinator saw (None: none yet); another is a 409.
    """
    procurement = running.locked(session, principal, procurement_id, CONTRACT_SIGNED, perm.REGION_DPA_TEMPLATE_WRITE)
    contract = procurement_contract(session, procurement.id)
    if contract is None:
        raise Conflict("dpa_no_contract", NO_CONTRACT)
    if not contract.processes_personal_data:
        raise Conflict("dpa_no_personal_data", NO_PERSONAL_DATA)
    template = template_for_drawing_up(session, principal, procurement.region_id)
    facts = dpa_facts.gather_facts(session, procurement, contract)
    language = dpa_facts.language_of(facts)
    previous = current_document(session, procurement.id)
    if (previous.version if previous else None) != replaces_version:
        raise Conflict("dpa_version_changed", CHANGED)
    version = (previous.version if previous else 0) + 1
    content, filename = _rendered(procurement, template, facts, version, language)
    document = DpaDocument(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        contract_id=contract.id,
        template_id=template.id,
        template_version=template.version,
        version=version,
        language=language,
        filename=filename[:200],
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_key=f"dpa/{procurement.id}/{secrets.token_hex(16)}",
        facts=facts,
        created_by_id=principal.user_id,
        created_by_name=running.actor_name(session, principal),
    )
    session.add(document)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict("dpa_version_taken", _l("Another version was drawn up meanwhile. Reload the page.")) from exc
    document_store().put(document.storage_key, content, PDF)
    contract.dpa_status = "in_progress"
    voided = len(signatures_of(session, previous)) if previous else 0
    summary = {"version": version, "sha256": document.sha256, "voided_signatures": voided}
    record(session, principal, "dpa.draw_up", document, region_id=procurement.region_id, summary=summary)
    return document


def _rendered(procurement, template, facts: dict, version: int, language: str) -> tuple[bytes, str]:
    """The PDF and its file name, in the agreement's language."""
    with force_locale(language):
        content = dpa_pdf(
            facts=facts,
            template_text=template.text(language),
            template_version=template.version,
            version=version,
            language=language,
        )
        return content, f"{_('Data processing agreement')} {procurement.title} v{version}.pdf"


def unsigned_content(document: DpaDocument) -> bytes:
    return document_store().get(document.storage_key)


def signed_content(signature: DpaSignature) -> bytes:
    return document_store().get(signature.signed_pdf_key)
