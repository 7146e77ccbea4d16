"""Measured benefits and the reminders sent for them, each following its benefit line's need.

``BenefitMeasurement`` is one measured value of a line for one period: an amount (money, hours, a count)
or a score on the five-step scale, never both; recording a period again corrects it. ``BenefitReminder``
is the claim of one reminder mail (due or overdue) for one line and period: its unique key makes a second
run of the job find it and send nothing. Both carry the need's scope like the lines.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.needs.models.benefit import BenefitLine
from samverka.platform.needs.models.need import NEED_READ, NEED_SCOPES, NeedScope, follows_need
from samverka.tenants import permissions as perm

REMINDER_KINDS = ("due", "overdue")


class BenefitMeasurement(NeedScope, db.Model):
    """What a line realised in one period, who measured it and why it is what it is."""

    __tablename__ = "benefit_measurements"
    __table_args__ = (
        UniqueConstraint("line_id", "period_start", name="uq_benefit_measurements_period"),
        CheckConstraint("(amount IS NULL) <> (score IS NULL)", name="one_value"),
        CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="score"),
        CheckConstraint("period_end >= period_start", name="period"),
        follows_need("benefit_measurements", parent="benefit_lines", column="line_id"),
    )
    # The need's municipality measures; whoever reads the need (its region's staff too) reads the measurements.
    __tenancy__ = TenancyRule(read=NEED_READ, write=Held("tenant_id", perm.TENANT_BENEFITS_MEASURE), scopes=NEED_SCOPES)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(index=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    # Who measured: a name, not necessarily the user who recorded it.
    measured_by: Mapped[str] = mapped_column(String(120))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    line: Mapped[BenefitLine] = relationship()


class BenefitReminder(NeedScope, db.Model):
    """One reminder mail claimed for a line's period; only the reminder job (the system) writes it."""

    __tablename__ = "benefit_reminders"
    __table_args__ = (
        UniqueConstraint("line_id", "period_start", "kind", name="uq_benefit_reminders_sent"),
        CheckConstraint(one_of("kind", REMINDER_KINDS), name="kind"),
        follows_need("benefit_reminders", parent="benefit_lines", column="line_id"),
    )
    __tenancy__ = TenancyRule(read=NEED_READ, write=NEVER, scopes=NEED_SCOPES)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(index=True)
    period_start: Mapped[date]
    kind: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    line: Mapped[BenefitLine] = relationship()
