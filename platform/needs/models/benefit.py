"""Benefit-realisation plans (gevinstrealiseringsplan / nyttorealiseringsplan) on the region's template.

The template is the region's: its coordinator decides which benefit types exist and
which fields of a benefit line must be filled in. A plan is the tenant's, one per
need, and must satisfy the template of every region the need is submitted to.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.needs.models.need import NEED_READ, NEED_SCOPES, Need, NeedScope, follows_need
from samverka.tenants import permissions as perm

# Only the need's own municipality writes its plan; whoever reads the need reads the plan.
PLAN_RULE = TenancyRule(read=NEED_READ, write=Held("tenant_id", perm.TENANT_NEEDS_WRITE), scopes=NEED_SCOPES)

BENEFIT_TYPES = ("cost_saved", "cost_avoided", "time_saved", "quality", "risk_reduced")
# Fields of a benefit line a template may require; a description and a type are always required.
OPTIONAL_LINE_FIELDS = (
    "indicator",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "owner",
    "measurement",
)
DEFAULT_REQUIRED_FIELDS = ("indicator", "unit", "target_value", "target_date", "owner")
# Benefit follow-up (the benefits area): how often a line is measured, in what, and whether it was dropped.
FOLLOW_UP_PERIODS = ("quarterly", "half_yearly", "yearly")
VALUE_KINDS = ("money", "hours", "count", "scale")


class BenefitTemplate(db.Model):
    """A region's common template for benefit plans."""

    __tablename__ = "benefit_templates"
    # Read by everyone working in or with the region (members fill their plans in on it); its coordinator writes it.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_READ),
        write=Held("region_id", perm.REGION_TEMPLATES_WRITE),
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), unique=True)
    benefit_types: Mapped[list[str]] = mapped_column(JSON)
    required_fields: Mapped[list[str]] = mapped_column(JSON)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    region: Mapped[Region] = relationship()  # noqa: F821

    @classmethod
    def default(cls, region_id: int) -> BenefitTemplate:
        """What a region uses until its coordinator saves its own (not stored)."""
        return cls(
            region_id=region_id, benefit_types=list(BENEFIT_TYPES), required_fields=list(DEFAULT_REQUIRED_FIELDS)
        )


class BenefitPlan(NeedScope, db.Model):
    """The benefit-realisation plan of one need."""

    __tablename__ = "benefit_plans"
    __table_args__ = (
        follows_need("benefit_plans"),
        UniqueConstraint("id", "tenant_id", "shared_region_ids", name="uq_benefit_plans_scope"),
    )
    __tenancy__ = PLAN_RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    need: Mapped[Need] = relationship(back_populates="benefit_plan")
    lines: Mapped[list[BenefitLine]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="BenefitLine.id"
    )


class BenefitLine(NeedScope, db.Model):
    """One planned benefit: what improves, measured how, from which baseline to which target."""

    __tablename__ = "benefit_lines"
    __table_args__ = (
        CheckConstraint(one_of("benefit_type", BENEFIT_TYPES), name="benefit_type"),
        CheckConstraint("target_date IS NULL OR baseline_date IS NULL OR target_date >= baseline_date", name="dates"),
        CheckConstraint(one_of("follow_up_period", FOLLOW_UP_PERIODS), name="follow_up_period"),
        CheckConstraint(f"value_kind IS NULL OR {one_of('value_kind', VALUE_KINDS)}", name="value_kind"),
        CheckConstraint(
            "follow_up_status IS NULL OR (follow_up_status = 'dropped' AND dropped_reason IS NOT NULL"
            " AND dropped_at IS NOT NULL)",
            name="dropped",
        ),
        follows_need("benefit_lines", parent="benefit_plans", column="plan_id"),
        # Lets a measurement carry its line's scope, kept equal by a cascading composite foreign key.
        UniqueConstraint("id", "tenant_id", "shared_region_ids", name="uq_benefit_lines_scope"),
    )
    __tenancy__ = PLAN_RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(index=True)
    description: Mapped[str] = mapped_column(String(500))
    benefit_type: Mapped[str] = mapped_column(String(32))
    indicator: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(50))
    baseline_value: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    baseline_date: Mapped[date | None]
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    target_date: Mapped[date | None]
    owner: Mapped[str | None] = mapped_column(String(120))
    measurement: Mapped[str | None] = mapped_column(String(500))
    follow_up_period: Mapped[str] = mapped_column(String(16), default="yearly", server_default="yearly")
    # None: derived from the benefit type (``benefits.periods.value_kind``).
    value_kind: Mapped[str | None] = mapped_column(String(16))
    # Only a drop is stored; on track, behind and realised are computed from the measurements.
    follow_up_status: Mapped[str | None] = mapped_column(String(16))
    dropped_reason: Mapped[str | None] = mapped_column(String(500))
    dropped_at: Mapped[datetime | None]

    plan: Mapped[BenefitPlan] = relationship(back_populates="lines")
