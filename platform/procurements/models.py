"""Joint procurements, the needs they hold, and invitations to join them.

A joint procurement belongs to a region; the needs it holds and the invitations
to join it each belong to one tenant as well, so that a municipality sees its own
invitation and answer, and never another municipality's.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.catalogue import CATEGORIES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.stages import CANCEL_REASONS, STAGES
from samverka.tenants import permissions as perm

PROCUREMENT_STATUSES = STAGES
ANSWER_STATUSES = ("pending", "joined", "declined")


class JointProcurement(db.Model):
    """A procurement the region runs for several of its member municipalities."""

    __tablename__ = "joint_procurements"
    __table_args__ = (
        CheckConstraint(one_of("category", CATEGORIES), name="category"),
        CheckConstraint(one_of("status", PROCUREMENT_STATUSES), name="status"),
        # Lets each row of the procurement carry its region, and the database prove it.
        UniqueConstraint("id", "region_id", name="uq_joint_procurements_id_region"),
    )
    # The region's: its members, partners and staff read it; its coordinator writes it, and its purchaser
    # runs it through its stages (and restarts a cancelled one as a new procurement). A member of its
    # team (a team role, held in this procurement only) reads it too, and nothing else of the region.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROCUREMENTS_READ) | Held("id", perm.PROCUREMENT_READ),
        write=Held("region_id", perm.REGION_PROCUREMENTS_WRITE),
        insert=Held("region_id", perm.REGION_PROCUREMENTS_WRITE) | Held("region_id", perm.REGION_PROCUREMENTS_RUN),
        update=Held("region_id", perm.REGION_PROCUREMENTS_WRITE) | Held("region_id", perm.REGION_PROCUREMENTS_RUN),
        scopes={"region": "region_id", "procurement": "id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), default="draft")
    # The date by which each stage should be reached ({stage: "YYYY-MM-DD"}), set when preparation starts.
    planned_dates: Mapped[dict] = mapped_column(JSON, default=dict)
    # A cancelled procurement restarted as a new one: each names the other, so both histories stay readable.
    restarted_from_id: Mapped[int | None] = mapped_column(ForeignKey("joint_procurements.id", ondelete="SET NULL"))
    restarted_as_id: Mapped[int | None] = mapped_column(ForeignKey("joint_procurements.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The matching proposal it was accepted from; no foreign key until proposals have a stable table.
    from_proposal_id: Mapped[int | None]

    needs: Mapped[list[ProcurementNeed]] = relationship(back_populates="procurement", cascade="all, delete-orphan")
    join_invitations: Mapped[list[JoinInvitation]] = relationship(
        back_populates="procurement", cascade="all, delete-orphan", order_by="JoinInvitation.id"
    )


def in_procurement(table: str) -> ForeignKeyConstraint:
    """A row of a procurement carries the procurement's region; the database proves the copy."""
    return ForeignKeyConstraint(
        ["procurement_id", "region_id"],
        ["joint_procurements.id", "joint_procurements.region_id"],
        ondelete="CASCADE",
        name=f"fk_{table}_procurement",
    )


class ProcurementNeed(db.Model):
    """One tenant's need held by a joint procurement.

    ``region_id`` repeats the procurement's region so that the row-level-security
    policy can read it without a join.
    """

    __tablename__ = "procurement_needs"
    __table_args__ = (
        UniqueConstraint("procurement_id", "need_id", name="uq_procurement_needs_need"),
        in_procurement("procurement_needs"),
        ForeignKeyConstraint(
            ["need_id", "tenant_id"],
            ["needs.id", "needs.tenant_id"],
            ondelete="CASCADE",
            name="fk_procurement_needs_need",
        ),
    )
    # Read with the procurement; the region's coordinator links needs, a member links its own when it joins,
    # and the purchaser copies them to the new procurement when restarting a cancelled one.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROCUREMENTS_READ),
        write=Held("region_id", perm.REGION_PROCUREMENTS_WRITE)
        | (Held("tenant_id", perm.TENANT_JOIN_ANSWER) & Held("region_id", perm.REGION_PROCUREMENTS_READ)),
        insert=Held("region_id", perm.REGION_PROCUREMENTS_WRITE)
        | Held("region_id", perm.REGION_PROCUREMENTS_RUN)
        | (Held("tenant_id", perm.TENANT_JOIN_ANSWER) & Held("region_id", perm.REGION_PROCUREMENTS_READ)),
        scopes={"region": "region_id", "tenant": "tenant_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int] = mapped_column(index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    procurement: Mapped[JointProcurement] = relationship(back_populates="needs")


class JoinInvitation(db.Model):
    """An invitation to a member municipality to join a joint procurement before a deadline.

    Not to be confused with ``tenants.models.Invitation``, which gives a person a role.
    ``emailed_at`` and ``reminded_at`` are claimed by the mail jobs, so each mail goes once.
    """

    __tablename__ = "join_invitations"
    __table_args__ = (
        CheckConstraint(one_of("status", ANSWER_STATUSES), name="status"),
        UniqueConstraint("procurement_id", "tenant_id", name="uq_join_invitations_tenant"),
        in_procurement("join_invitations"),
    )
    # Between the region's staff and the one invited municipality: the staff invite (and withdraw an
    # invitation); the municipality answers it.
    __tenancy__ = TenancyRule(
        read=Held("tenant_id", perm.TENANT_JOIN_READ) | Held("region_id", perm.REGION_JOIN_ANSWERS_READ),
        write=Held("region_id", perm.REGION_PROCUREMENTS_WRITE),
        update=Held("tenant_id", perm.TENANT_JOIN_ANSWER) | Held("region_id", perm.REGION_PROCUREMENTS_WRITE),
        scopes={"region": "region_id", "tenant": "tenant_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    deadline: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    comment: Mapped[str] = mapped_column(Text, default="")
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    procurement: Mapped[JointProcurement] = relationship(back_populates="join_invitations")

    def is_open(self, today: date) -> bool:
        """Answerable: the deadline day itself still counts."""
        return today <= self.deadline


class StageChange(db.Model):
    """One step in a procurement's history: from which stage to which, who and when (and why, if cancelled).

    Only ever added to: the purchaser or coordinator who runs the procurement writes it, nobody changes it.
    """

    __tablename__ = "procurement_stage_changes"
    __table_args__ = (
        CheckConstraint(one_of("to_stage", STAGES), name="to_stage"),
        CheckConstraint(f"reason IS NULL OR {one_of('reason', CANCEL_REASONS)}", name="reason"),
        in_procurement("procurement_stage_changes"),
    )
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROCUREMENTS_READ),
        write=Held("region_id", perm.REGION_PROCUREMENTS_RUN),
        update=NEVER,
        delete=NEVER,
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The name as it was, so the history reads the same for those who may not read the person's account.
    changed_by_name: Mapped[str] = mapped_column(String(120), default="")
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Claimed by the job that e-mails a cancellation, so it goes once.
    mailed_at: Mapped[datetime | None]
