"""Planning rows of the register: re-procurements, the regions' lead times, and CSV imports."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.contracts.models.contract import (
    ONE_OWNER,
    OWNER_SCOPES,
    REGISTER_RULE,
    Contract,
    OwnedMixin,
    of_contract,
)
from samverka.platform.core.catalogue import CATEGORIES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm

IMPORT_STATUSES = ("queued", "running", "done", "failed")


class Reprocurement(OwnedMixin, db.Model):
    """The re-procurement of one contract for the period ending ``period_end``.

    The unique (contract, period) pair is what makes the lead-time job create it
    once even when two schedulers run at the same time: the job claims the row with
    INSERT … ON CONFLICT DO NOTHING before it creates the need or procurement.
    """

    __tablename__ = "reprocurements"
    __table_args__ = (
        UniqueConstraint("contract_id", "period_end", name="uq_reprocurements_period"),
        CheckConstraint(ONE_OWNER, name="one_owner"),
        *of_contract("reprocurements"),
    )
    __tenancy__ = REGISTER_RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(index=True)
    period_end: Mapped[date]
    starts_on: Mapped[date]
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"), index=True)
    procurement_id: Mapped[int | None] = mapped_column(ForeignKey("joint_procurements.id", ondelete="SET NULL"))
    notified_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract: Mapped[Contract] = relationship(primaryjoin="Contract.id == foreign(Reprocurement.contract_id)")


class RegionLeadTime(db.Model):
    """A region's lead time for one category, replacing the default of seed 003 (``matching.features``)."""

    __tablename__ = "region_lead_times"
    __table_args__ = (
        CheckConstraint(one_of("category", CATEGORIES), name="category"),
        CheckConstraint("months BETWEEN 0 AND 120", name="months"),
    )
    # Read by everyone who reads the region's register; set by its coordinator.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_CONTRACTS_READ),
        write=Held("region_id", perm.REGION_SETTINGS_WRITE),
        scopes={"region": "region_id"},
    )

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    months: Mapped[int]


class TenantContractSettings(db.Model):
    """How a municipality's own register feeds the region: by default its re-procurements stay drafts.

    A municipality's register is private; a re-procurement need drafted from it reaches the region
    (and the action plan) only when the municipality submits it, or automatically if it opted in.
    """

    __tablename__ = "tenant_contract_settings"
    __tenancy__ = TenancyRule(
        read=Held("tenant_id", perm.TENANT_CONTRACTS_READ),
        write=Held("tenant_id", perm.TENANT_CONTRACTS_WRITE),
        scopes={"tenant": "tenant_id"},
    )

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    auto_submit_reprocurements: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContractImport(OwnedMixin, db.Model):
    """An uploaded CSV file, validated whole before it was queued, and its import's progress.

    ``done`` counts the rows checked and prepared by the job; the contracts themselves
    are inserted in the job's last transaction, so either all of them exist or none.
    """

    __tablename__ = "contract_imports"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="one_owner"),
        CheckConstraint(one_of("status", IMPORT_STATUSES), name="status"),
    )
    # An uploaded register file is read only by the side that may write the register.
    __tenancy__ = TenancyRule(read=REGISTER_RULE.write, write=REGISTER_RULE.write, scopes=OWNER_SCOPES)

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    # JSON: a failed import's problems [{"line", "column", "message"}]; a finished one's re-procurements
    # {"need_ids": [...], "procurement_ids": [...]}. Read through ``problems`` and ``created``.
    report: Mapped[str] = mapped_column(Text, default="[]")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    def problems(self) -> list[dict]:
        """A failed import's report, line by line."""
        found = json.loads(self.report)
        return found if isinstance(found, list) else []

    def created(self) -> dict[str, list[int]]:
        """The ids of the re-procurement needs and joint procurements a finished import created."""
        found = json.loads(self.report)
        return found if isinstance(found, dict) else {"need_ids": [], "procurement_ids": []}
