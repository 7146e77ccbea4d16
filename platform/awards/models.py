"""The award's records: the coordinator's quality check, each participant's approval, the decision, the contract.

Every row belongs to a joint procurement and carries its region (tied by composite foreign keys); an
approval carries its municipality as well. They are only ever added to, except an approval: it is
made (pending) for every participant when the quality check passes, then decided once by that
municipality's chief executive; the reminder job stamps it as it mails.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.catalogue import CURRENCY_CODES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import in_procurement
from samverka.tenants import permissions as perm

QUALITY_OUTCOMES = ("approved", "returned")
APPROVE, WITHDRAW = "approved", "withdrawn"
DECISIONS = (APPROVE, WITHDRAW)

READ = Held("region_id", perm.REGION_PROCUREMENTS_READ)


def _kept_as_recorded(write: Held, **scopes: str) -> TenancyRule:
    """Read with the procurement, written once by ``write``, never changed or deleted by a person's connection."""
    return TenancyRule(read=READ, write=write, update=NEVER, delete=NEVER, scopes={"region": "region_id", **scopes})


# The quality check and the decision: the coordinator's records (the decision written when the last approval lands).
RECORDED_BY_COORDINATOR = _kept_as_recorded(Held("region_id", perm.REGION_AWARD_QUALITY_CHECK))


class AwardQualityCheck(db.Model):
    """The coordinator's check of one award recommendation: approved (with the value the shares are cut
    from) or returned to the evaluation with a comment."""

    __tablename__ = "award_quality_checks"
    __table_args__ = (
        CheckConstraint(one_of("outcome", QUALITY_OUTCOMES), name="outcome"),
        CheckConstraint(f"currency IS NULL OR {one_of('currency', CURRENCY_CODES)}", name="currency"),
        in_procurement("award_quality_checks"),
    )
    __tenancy__ = RECORDED_BY_COORDINATOR

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("award_recommendations.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    # The procurement's estimated value when the participants were asked: each one's share is cut from it.
    estimated_value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str | None] = mapped_column(String(3))
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    checked_by_name: Mapped[str] = mapped_column(String(120), default="")
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Claimed by the job that mails the outcome (the chief executives asked, or the purchaser told), so it goes once.
    mailed_at: Mapped[datetime | None]


class AwardApproval(db.Model):
    """One participating municipality's approval of a recommendation, or its withdrawal from the procurement.

    Pending (``decision`` NULL) until its chief executive decides; one per procurement, recommendation and
    municipality, so two simultaneous decisions for the same municipality cannot both count.
    """

    __tablename__ = "award_approvals"
    __table_args__ = (
        CheckConstraint(f"decision IS NULL OR {one_of('decision', DECISIONS)}", name="decision"),
        CheckConstraint("decision <> 'withdrawn' OR length(reason) > 0", name="reason"),
        UniqueConstraint("procurement_id", "recommendation_id", "tenant_id", name="uq_award_approvals_tenant"),
        in_procurement("award_approvals"),
    )
    # Read with the procurement; the coordinator's quality check asks every participant (inserts the rows).
    # A decision is recorded and counted by the platform (``approvals.decide``, after its checks, with the
    # procurement locked) and the reminders stamped by its jobs: no person's connection updates a row.
    __tenancy__ = _kept_as_recorded(Held("region_id", perm.REGION_AWARD_QUALITY_CHECK), tenant="tenant_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("award_recommendations.id", ondelete="CASCADE"), index=True
    )
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    tenant_name: Mapped[str] = mapped_column(String(200), default="")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_name: Mapped[str] = mapped_column(String(120), default="")
    acr: Mapped[str] = mapped_column(String(120), default="")  # the e-ID level the decision was made at
    decided_at: Mapped[datetime | None]
    # Claimed by the mail jobs: the latest reminder, the coordinator told once, the withdrawal announced.
    reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    mailed_at: Mapped[datetime | None]


class AwardDecision(db.Model):
    """The award decided: every remaining participant approved the recommendation. The standstill period
    runs to ``standstill_ends_on`` inclusive; the contract is signed from the day after."""

    __tablename__ = "award_decisions"
    __table_args__ = (
        UniqueConstraint("procurement_id", name="uq_award_decisions_procurement"),
        in_procurement("award_decisions"),
    )
    __tenancy__ = RECORDED_BY_COORDINATOR

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("award_recommendations.id", ondelete="CASCADE"), index=True
    )
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_on: Mapped[date]  # the participants' date when it was decided
    country: Mapped[str] = mapped_column(String(2))
    standstill_days: Mapped[int]
    standstill_ends_on: Mapped[date]
    mailed_at: Mapped[datetime | None]


class ContractSigning(db.Model):
    """The coordinator's signature of the contract: which uploaded version (and its SHA-256), the register's
    row it made, who signed at which e-ID level, and when."""

    __tablename__ = "contract_signings"
    __table_args__ = (
        UniqueConstraint("procurement_id", name="uq_contract_signings_procurement"),
        in_procurement("contract_signings"),
        ForeignKeyConstraint(
            ["contract_id", "region_id"],
            ["contracts.id", "contracts.region_id"],
            ondelete="CASCADE",
            name="fk_contract_signings_contract",
        ),
    )
    __tenancy__ = _kept_as_recorded(Held("region_id", perm.REGION_CONTRACT_SIGN))

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("procurement_documents.id", ondelete="RESTRICT"), index=True)
    document_version: Mapped[int]
    document_sha256: Mapped[str] = mapped_column(String(64))
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_by_name: Mapped[str] = mapped_column(String(120), default="")
    acr: Mapped[str] = mapped_column(String(120), default="")
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
