"""A procurement's delivery and the signed papers it copied to each participant and partner recipient.

``Delivery`` is one row per delivered procurement: the job that writes it holds the procurement's row
lock, so a second run finds it and does nothing; its mail is claimed once through ``mailed_at``.
``DeliveredDocument`` is one recipient's own copy of the contract or the data processing agreement:
its own bytes in the document store, owned by exactly one municipality or one partner organisation.
Only the system (the delivery job) writes either table.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import in_procurement
from samverka.tenants import permissions as perm

DELIVERED_KINDS = ("contract", "dpa")


class Delivery(db.Model):
    """The delivery of one procurement's signed papers, and its go-live once the coordinator confirms it."""

    __tablename__ = "procurement_deliveries"
    __table_args__ = (
        UniqueConstraint("procurement_id", name="uq_procurement_deliveries_procurement"),
        in_procurement("procurement_deliveries"),
    )
    # Read with the procurement; written by the delivery job (the system), never by a person.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROCUREMENTS_READ),
        write=NEVER,
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id", ondelete="SET NULL"))
    delivered_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Claimed by the mail job, so the participants and partners are told once.
    mailed_at: Mapped[datetime | None]


class DeliveredDocument(db.Model):
    """One recipient's copy of a signed paper: a municipality's or a partner organisation's, never both."""

    __tablename__ = "delivered_documents"
    __table_args__ = (
        CheckConstraint("(tenant_id IS NULL) <> (partner_id IS NULL)", name="one_owner"),
        CheckConstraint(one_of("kind", DELIVERED_KINDS), name="kind"),
        CheckConstraint("size_bytes >= 0", name="size"),
        UniqueConstraint("source_document_id", "tenant_id", name="uq_delivered_documents_tenant"),
        UniqueConstraint("source_document_id", "partner_id", name="uq_delivered_documents_partner"),
        in_procurement("delivered_documents"),
        # The partner is one of the procurement's region: the database proves it.
        ForeignKeyConstraint(
            ["partner_id", "region_id"],
            ["partner_organisations.id", "partner_organisations.region_id"],
            ondelete="CASCADE",
            name="fk_delivered_documents_partner",
        ),
    )
    __tenancy__ = TenancyRule(
        read=Held("tenant_id", perm.TENANT_DOCUMENTS_READ) | Held("partner_id", perm.PARTNER_DOCUMENTS_READ),
        write=NEVER,
        scopes={"tenant": "tenant_id", "partner": "partner_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int | None] = mapped_column(index=True)
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("procurement_documents.id", ondelete="SET NULL"))
    # The procurement's title as it was delivered, so the recipient's list reads without the procurement.
    procurement_title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    delivered_at: Mapped[datetime] = mapped_column(default=utcnow)


class GoLive(db.Model):
    """The coordinator's confirmation that a delivered procurement is in operation, from a day."""

    __tablename__ = "procurement_go_lives"
    __table_args__ = (
        UniqueConstraint("procurement_id", name="uq_procurement_go_lives_procurement"),
        in_procurement("procurement_go_lives"),
    )
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROCUREMENTS_READ),
        write=Held("region_id", perm.REGION_PROCUREMENTS_GO_LIVE),
        update=NEVER,
        delete=NEVER,
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    in_operation_on: Mapped[date]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
