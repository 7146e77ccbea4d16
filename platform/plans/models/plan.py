"""An annual action plan (tiltaksplan / handlingsplan), its items, their cost shares and the council's votes.

Every row repeats the plan's ``region_id`` so that the row-level-security policies
read it without a join. A plan is edited only while it is a draft; the shares are
stored, so a submitted or approved plan keeps the numbers the council voted on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.catalogue import CATEGORIES, CURRENCY_CODES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm

PLAN_STATUSES = ("draft", "submitted", "approved", "rejected", "superseded")
BUDGET_SOURCES = ("plan", "own")
DECISIONS = ("approve", "reject")

# The region's plan: read by its members, partners and staff, written by its coordinator.
PLAN_RULE = TenancyRule(
    read=Held("region_id", perm.REGION_PLAN_READ),
    write=Held("region_id", perm.REGION_PLAN_WRITE),
    scopes={"region": "region_id"},
)


def in_plan(table: str, column: str = "plan_id", parent: str = "action_plans") -> ForeignKeyConstraint:
    """A row of a plan carries the plan's region; the database proves the copy."""
    return ForeignKeyConstraint(
        [column, "region_id"], [f"{parent}.id", f"{parent}.region_id"], ondelete="CASCADE", name=f"fk_{table}_plan"
    )


class ActionPlan(db.Model):
    """One version of a region's plan for one year; a change after submission makes version + 1."""

    __tablename__ = "action_plans"
    __table_args__ = (
        CheckConstraint(one_of("status", PLAN_STATUSES), name="status"),
        CheckConstraint(one_of("currency", CURRENCY_CODES), name="currency"),
        CheckConstraint("version >= 1", name="version"),
        UniqueConstraint("region_id", "year", "version", name="uq_action_plans_version"),
        UniqueConstraint("id", "region_id", name="uq_action_plans_id_region"),
    )
    __tenancy__ = PLAN_RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    currency: Mapped[str] = mapped_column(String(3))
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("action_plans.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    # Claimed by the mail job that asks the council to vote, so each submitted version is announced once.
    council_mailed_at: Mapped[datetime | None]
    # Partners see the items' amounts only in a plan the region's coordinator has made public.
    public: Mapped[bool] = mapped_column(default=False)

    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(PlanItem.priority, PlanItem.start_quarter, PlanItem.id)",
    )
    votes: Mapped[list[PlanVote]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanVote.voted_at"
    )

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


class PlanItem(db.Model):
    """A joint procurement, a re-procurement need or a reported initiative in the plan, with its costs.

    Costs are minor units (øre/öre) of the plan's currency. ``outside_plan`` marks an item
    added after approval: its participants carry it in their own budgets.
    """

    __tablename__ = "plan_items"
    __table_args__ = (
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority"),
        CheckConstraint(one_of("budget_source", BUDGET_SOURCES), name="budget_source"),
        CheckConstraint(one_of("category", CATEGORIES), name="category"),
        CheckConstraint("one_off_cost_minor >= 0 AND annual_cost_minor >= 0", name="costs"),
        UniqueConstraint("plan_id", "procurement_id", name="uq_plan_items_procurement"),
        UniqueConstraint("plan_id", "need_id", name="uq_plan_items_need"),
        UniqueConstraint("id", "region_id", name="uq_plan_items_id_region"),
        in_plan("plan_items"),
    )
    __tenancy__ = PLAN_RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    procurement_id: Mapped[int | None] = mapped_column(ForeignKey("joint_procurements.id", ondelete="SET NULL"))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    priority: Mapped[int] = mapped_column(default=2)
    start_quarter: Mapped[str] = mapped_column(String(7))
    responsible: Mapped[str] = mapped_column(String(120), default="")
    one_off_cost_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    annual_cost_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_source: Mapped[str] = mapped_column(String(8), default="plan")
    outside_plan: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="items")
    participants: Mapped[list[PlanItemParticipant]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="PlanItemParticipant.tenant_id"
    )
    shares: Mapped[list[PlanItemShare]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="PlanItemShare.tenant_id"
    )

    @property
    def participant_ids(self) -> list[int]:
        return [p.tenant_id for p in self.participants]


class PlanItemParticipant(db.Model):
    """A tenant that shares the item's cost."""

    __tablename__ = "plan_item_participants"
    __table_args__ = (in_plan("plan_item_participants", "item_id", "plan_items"),)
    __tenancy__ = PLAN_RULE

    item_id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True)

    item: Mapped[PlanItem] = relationship(back_populates="participants")


class PlanItemShare(db.Model):
    """One participant's share of one item: a budget line of that tenant. Read by it and the region's staff."""

    __tablename__ = "plan_item_shares"
    __table_args__ = (
        CheckConstraint("one_off_minor >= 0 AND annual_minor >= 0", name="amounts"),
        in_plan("plan_item_shares", "item_id", "plan_items"),
    )
    # A municipality's shares are its budget lines: its own users read them, and the region's staff
    # read the whole split (for the council meeting); the split is computed for the coordinator's plan.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PLAN_SHARES_READ) | Held("tenant_id", perm.TENANT_BUDGET_READ),
        write=Held("region_id", perm.REGION_PLAN_WRITE),
        scopes={"region": "region_id", "tenant": "tenant_id"},
    )

    item_id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True)
    one_off_minor: Mapped[int] = mapped_column(BigInteger)
    annual_minor: Mapped[int] = mapped_column(BigInteger)

    item: Mapped[PlanItem] = relationship(back_populates="shares")


class PlanVote(db.Model):
    """A member tenant's chief executive's approval or rejection of a submitted plan, at an e-ID level."""

    __tablename__ = "plan_votes"
    __table_args__ = (
        CheckConstraint(one_of("decision", DECISIONS), name="decision"),
        UniqueConstraint("plan_id", "tenant_id", name="uq_plan_votes_tenant"),
        in_plan("plan_votes"),
    )
    # Cast by the chief executive of a member municipality, for that municipality, and never changed.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PLAN_READ),
        write=NEVER,
        insert=Held("tenant_id", perm.TENANT_PLAN_VOTE) & Held("region_id", perm.REGION_PLAN_READ),
        delete=Held("region_id", perm.REGION_PLAN_WRITE),
        scopes={"region": "region_id", "tenant": "tenant_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    voter_name: Mapped[str] = mapped_column(String(120))
    decision: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str] = mapped_column(Text, default="")
    acr: Mapped[str] = mapped_column(String(64))
    voted_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="votes")
