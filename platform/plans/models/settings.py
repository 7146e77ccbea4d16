"""A region's cost-sharing key and approval rule (one row per region; none means equal shares, all members)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm

COST_METHODS = ("equal", "population", "mix", "fixed")
APPROVAL_RULES = ("all", "majority")
WHOLE = 10_000  # basis points: 100.00 %

# The region's settings: read with its plans, changed by its coordinator.
SETTINGS_RULE = TenancyRule(
    read=Held("region_id", perm.REGION_PLAN_READ),
    write=Held("region_id", perm.REGION_SETTINGS_WRITE),
    scopes={"region": "region_id"},
)


class PlanSettings(db.Model):
    """How the region splits a plan item's cost, and how many chief executives must approve the plan.

    ``equal_percent`` is the equal part of the 'mix' key: 30 means 30 % equal shares and
    70 % by population.
    """

    __tablename__ = "plan_settings"
    __table_args__ = (
        CheckConstraint(one_of("cost_method", COST_METHODS), name="cost_method"),
        CheckConstraint(one_of("approval_rule", APPROVAL_RULES), name="approval_rule"),
        CheckConstraint("equal_percent BETWEEN 0 AND 100", name="equal_percent"),
    )
    __tenancy__ = SETTINGS_RULE

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True)
    cost_method: Mapped[str] = mapped_column(String(16), default="equal")
    equal_percent: Mapped[int] = mapped_column(default=30)
    approval_rule: Mapped[str] = mapped_column(String(16), default="all")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FixedShare(db.Model):
    """A member tenant's fixed share of every item's cost, in basis points (10000 = 100 %)."""

    __tablename__ = "plan_fixed_shares"
    __table_args__ = (CheckConstraint(f"basis_points BETWEEN 0 AND {WHOLE}", name="basis_points"),)
    __tenancy__ = SETTINGS_RULE

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, index=True)
    basis_points: Mapped[int]
