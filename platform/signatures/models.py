"""The region's data processing agreement: its template's versions, each contract's document, the signatures.

Nothing here is ever changed or deleted (``update=NEVER``): a template is saved as its next version, a
document drawn up again is its procurement's next version (which voids the signatures of the earlier
ones: only the current version's count), and a signature is the sealed record of one e-ID ceremony.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import in_procurement
from samverka.tenants import permissions as perm

LANGUAGES = ("nb", "sv")


class DpaTemplate(db.Model):
    """One version of the region's DPA template, in bokmål and Swedish."""

    __tablename__ = "dpa_templates"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version"),
        UniqueConstraint("region_id", "version", name="uq_dpa_templates_version"),
        UniqueConstraint("id", "region_id", name="uq_dpa_templates_id_region"),
    )
    # The region's staff and members read it; the coordinator saves a new version.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_READ),
        write=Held("region_id", perm.REGION_DPA_TEMPLATE_WRITE),
        update=NEVER,
        delete=NEVER,
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    text_nb: Mapped[str] = mapped_column(Text)
    text_sv: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def text(self, language: str) -> str:
        return self.text_sv if language == "sv" else self.text_nb


class DpaDocument(db.Model):
    """One version of a contract's DPA: the PDF drawn up from a template version, its SHA-256 and its facts."""

    __tablename__ = "dpa_documents"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint(one_of("language", LANGUAGES), name="language"),
        UniqueConstraint("procurement_id", "version", name="uq_dpa_documents_version"),
        UniqueConstraint("id", "region_id", name="uq_dpa_documents_id_region"),
        in_procurement("dpa_documents"),
        ForeignKeyConstraint(
            ["contract_id", "region_id"],
            ["contracts.id", "contracts.region_id"],
            ondelete="RESTRICT",
            name="fk_dpa_documents_contract",
        ),
        ForeignKeyConstraint(
            ["template_id", "region_id"],
            ["dpa_templates.id", "dpa_templates.region_id"],
            ondelete="RESTRICT",
            name="fk_dpa_documents_template",
        ),
    )
    # Read with the procurement (its members, partners and staff); drawn up by the coordinator.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROCUREMENTS_READ),
        write=Held("region_id", perm.REGION_DPA_TEMPLATE_WRITE),
        update=NEVER,
        delete=NEVER,
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(index=True)
    template_id: Mapped[int]
    template_version: Mapped[int]
    version: Mapped[int]
    language: Mapped[str] = mapped_column(String(2))
    filename: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    # What the PDF says besides the template: parties, purposes, data, subjects, sub-processors, transfers.
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DpaSignature(db.Model):
    """One municipality's signature of one DPA version: one e-ID ceremony, its sealed evidence, its PAdES PDF.

    ``sequence`` orders the version's signatures; each adds its PAdES signature to the PDF the previous one
    made (``signed_pdf_key``), so the last one's is the signed PDF. Two signatures made at once cannot take
    the same place in that chain (the unique sequence), nor can a municipality sign a version twice.
    """

    __tablename__ = "dpa_signatures"
    __table_args__ = (
        CheckConstraint("sequence >= 1", name="sequence"),
        UniqueConstraint("document_id", "tenant_id", name="uq_dpa_signatures_tenant"),
        UniqueConstraint("document_id", "sequence", name="uq_dpa_signatures_sequence"),
        in_procurement("dpa_signatures"),
        ForeignKeyConstraint(
            ["document_id", "region_id"],
            ["dpa_documents.id", "dpa_documents.region_id"],
            ondelete="RESTRICT",
            name="fk_dpa_signatures_document",
        ),
    )
    # Read with the procurement, and by the municipality that signed; a chief executive signs for theirs.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROCUREMENTS_READ) | Held("tenant_id", perm.TENANT_DPA_SIGN),
        write=Held("tenant_id", perm.TENANT_DPA_SIGN) & Held("region_id", perm.REGION_PROCUREMENTS_READ),
        update=NEVER,
        delete=NEVER,
        scopes={"region": "region_id", "tenant": "tenant_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(index=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="RESTRICT"), index=True)
    sequence: Mapped[int]
    signatory_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signatory_name: Mapped[str] = mapped_column(String(200))
    acr: Mapped[str] = mapped_column(String(100))
    signed_at: Mapped[datetime]
    # The canonical (sorted-key) JSON of the evidence record, its SHA-256, and the platform's seal over it.
    evidence: Mapped[str] = mapped_column(Text)
    evidence_sha256: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str] = mapped_column(Text)
    signed_pdf_key: Mapped[str] = mapped_column(String(200), unique=True)
    signed_pdf_sha256: Mapped[str] = mapped_column(String(64))
    signed_pdf_size: Mapped[int] = mapped_column(BigInteger)
