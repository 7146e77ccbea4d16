"""A need (behov / behovsmelding): what a municipality wants to procure, or an initiative it reports.

A need belongs to its tenant. It becomes readable by a region's coordinator and
purchaser only once it is submitted to that region (``NeedSubmission``); no other
tenant ever reads it. Its CPV codes, history and benefit plan follow it.
"""

from __future__ import annotations

from datetime import date, datetime

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.catalogue import CATEGORIES, CURRENCY_CODES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.arrays import IdArray
from samverka.platform.core.tenancy.rules import NEVER, ColumnIs, Empty, Held, HeldInAny, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.needs import personal_data
from samverka.platform.needs.lifecycle import DRAFT, STATUSES
from samverka.tenants import permissions as perm

KINDS = ("new_solution", "replacement", "major_upgrade", "initiative")
INITIATIVE = "initiative"
# Seed 003, section 10.4.4.1: four areas, each classified at one of four consequence levels.
SECURITY_AREAS = ("confidentiality", "integrity", "availability", "traceability")
CONSEQUENCE_LEVELS = ("negligible", "moderate", "significant", "severe")

# A need and everything that follows it (codes, history, benefit plan) is read by its municipality's
# users and, once shared, by the staff of the regions it was submitted to: ``shared_region_ids`` is
# empty for a draft and names those regions from submission on, on the need and on every child row.
NEED_READ = Held("tenant_id", perm.TENANT_NEEDS_READ) | HeldInAny("shared_region_ids", perm.REGION_NEEDS_READ)
NEED_SCOPES = {"tenant": "tenant_id", "region": "shared_region_ids"}


def _level(area: str) -> CheckConstraint:
    return CheckConstraint(f"{area} IS NULL OR {one_of(area, CONSEQUENCE_LEVELS)}", name=area)


class NeedFacts:
    """What a need's own columns (and whether its plan has a line) say about it: for the ORM object and for
    a list's rows (``services.rows``), which read the same columns as plain values."""

    @property
    def is_initiative(self) -> bool:
        return self.kind == INITIATIVE

    @property
    def dpa_required(self) -> bool:
        """Processing personal data for the municipality needs a data processing agreement."""
        return self.processes_personal_data

    @property
    def missing_personal_data(self) -> list[str]:
        """The personal-data answers a need must give before it is submitted and still lacks."""
        if self.is_initiative:
            return []  # reported for information only: no agreement is made from it
        answers = {name: getattr(self, name) for name in personal_data.ANSWERS}
        return personal_data.missing_answers(self.processes_personal_data, answers)

    @property
    def missing_benefit_plan(self) -> bool:
        """A need for a procurement without a benefit line; initiatives are reported without one."""
        return not self.is_initiative and not self.has_benefit_line


class Need(NeedFacts, db.Model):
    """A need reported by a municipality's IT coordinator; costs in minor units (øre/öre) of ``currency``."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="kind"),
        CheckConstraint(one_of("category", CATEGORIES), name="category"),
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint(one_of("currency", CURRENCY_CODES), name="currency"),
        CheckConstraint("one_off_cost_minor >= 0 AND annual_cost_minor >= 0", name="costs"),
        CheckConstraint("contract_extendable_to IS NULL OR contract_extendable_to >= contract_end", name="extension"),
        *(_level(area) for area in SECURITY_AREAS),
        # Lets a submission name the need's tenant and have the database prove it.
        UniqueConstraint("id", "tenant_id", name="uq_needs_id_tenant"),
        # Lets every child row carry the need's scope, kept equal by a cascading composite foreign key.
        UniqueConstraint("id", "tenant_id", "shared_region_ids", name="uq_needs_scope"),
    )
    # The municipality writes its need; the staff of a region it was shared with move its status,
    # never back to a draft.
    __tenancy__ = TenancyRule(
        read=NEED_READ,
        write=Held("tenant_id", perm.TENANT_NEEDS_WRITE)
        | (HeldInAny("shared_region_ids", perm.REGION_NEEDS_MANAGE) & ColumnIs("status", (DRAFT,), negate=True)),
        delete=Held("tenant_id", perm.TENANT_NEEDS_WRITE) & Empty("shared_region_ids"),
        scopes=NEED_SCOPES,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    shared_region_ids: Mapped[list[int]] = mapped_column(IdArray, default=list)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), default=DRAFT)
    version: Mapped[int] = mapped_column(default=1)
    current_solution: Mapped[str | None] = mapped_column(String(200))
    current_supplier: Mapped[str | None] = mapped_column(String(200))
    contract_end: Mapped[date | None]
    contract_extendable_to: Mapped[date | None]
    desired_start: Mapped[str | None] = mapped_column(String(7))  # a quarter: 2027-Q1
    one_off_cost_minor: Mapped[int | None] = mapped_column(BigInteger)
    annual_cost_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    processes_personal_data: Mapped[bool] = mapped_column(default=False)
    # When it does: why, which kinds of personal data and whose (codes of ``needs.personal_data``).
    personal_data_purpose: Mapped[str] = mapped_column(Text, default="")
    personal_data_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    data_subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidentiality: Mapped[str | None] = mapped_column(String(16))
    integrity: Mapped[str | None] = mapped_column(String(16))
    availability: Mapped[str | None] = mapped_column(String(16))
    traceability: Mapped[str | None] = mapped_column(String(16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    tenant: Mapped[Tenant] = relationship()  # noqa: F821
    cpv_code_rows: Mapped[list[NeedCpvCode]] = relationship(
        back_populates="need", cascade="all, delete-orphan", order_by="NeedCpvCode.code"
    )
    submissions: Mapped[list[NeedSubmission]] = relationship(
        back_populates="need", cascade="all, delete-orphan", order_by="NeedSubmission.submitted_at"
    )
    events: Mapped[list[NeedEvent]] = relationship(
        back_populates="need", cascade="all, delete-orphan", order_by="NeedEvent.id"
    )
    benefit_plan: Mapped[BenefitPlan | None] = relationship(  # noqa: F821
        back_populates="need", cascade="all, delete-orphan"
    )

    @property
    def cpv_codes(self) -> list[str]:
        """The eight-digit codes, without check digits."""
        return [row.code for row in self.cpv_code_rows]

    @property
    def has_benefit_line(self) -> bool:
        plan = self.benefit_plan
        return plan is not None and bool(plan.lines)

    @property
    def submitted_region_ids(self) -> list[int]:
        return [s.region_id for s in self.submissions]


def follows_need(table: str, parent: str = "needs", column: str = "need_id") -> ForeignKeyConstraint:
    """A child row carries its parent's scope; the database keeps the copy equal (and deletes with it)."""
    return ForeignKeyConstraint(
        [column, "tenant_id", "shared_region_ids"],
        [f"{parent}.id", f"{parent}.tenant_id", f"{parent}.shared_region_ids"],
        ondelete="CASCADE",
        onupdate="CASCADE",
        name=f"fk_{table}_scope",
    )


class NeedScope:
    """The need's scope columns, copied onto each row that follows it."""

    tenant_id: Mapped[int] = mapped_column(index=True)
    shared_region_ids: Mapped[list[int]] = mapped_column(IdArray, default=list)


class NeedCpvCode(NeedScope, db.Model):
    """One CPV code of a need, stored as the eight digits without the check digit."""

    __tablename__ = "need_cpv_codes"
    __table_args__ = (CheckConstraint("length(code) = 8", name="code"), follows_need("need_cpv_codes"))
    __tenancy__ = TenancyRule(read=NEED_READ, write=Held("tenant_id", perm.TENANT_NEEDS_WRITE), scopes=NEED_SCOPES)

    need_id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)

    need: Mapped[Need] = relationship(back_populates="cpv_code_rows")


class NeedSubmission(db.Model):
    """A need shared with one of its tenant's regions, whose coordinator and purchaser may then read it.

    ``tenant_id`` repeats the need's tenant (the composite foreign key proves it), so
    that the row-level-security policy needs no join back to ``needs``, whose own
    policy reads this table.
    """

    __tablename__ = "need_submissions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["need_id", "tenant_id"],
            ["needs.id", "needs.tenant_id"],
            ondelete="CASCADE",
            name="fk_need_submissions_need_tenant",
        ),
    )
    __tenancy__ = TenancyRule(
        read=Held("tenant_id", perm.TENANT_NEEDS_READ) | Held("region_id", perm.REGION_NEEDS_READ),
        write=Held("tenant_id", perm.TENANT_NEEDS_WRITE),
        scopes={"tenant": "tenant_id", "region": "region_id"},
    )

    need_id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True, index=True)
    tenant_id: Mapped[int] = mapped_column(index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    need: Mapped[Need] = relationship(back_populates="submissions")
    region: Mapped[Region] = relationship()  # noqa: F821


class NeedEvent(NeedScope, db.Model):
    """One step in a need's history: who moved it from which status to which, when, and why.

    The actor's name is kept as it was, because the people reading the history (the
    tenant, the region's staff) cannot always read each other's user records.
    """

    __tablename__ = "need_events"
    __table_args__ = (follows_need("need_events"),)
    # The history is only ever added to; it goes only with a draft its municipality deletes.
    __tenancy__ = TenancyRule(
        read=NEED_READ,
        write=NEVER,
        insert=Held("tenant_id", perm.TENANT_NEEDS_WRITE) | HeldInAny("shared_region_ids", perm.REGION_NEEDS_MANAGE),
        delete=Held("tenant_id", perm.TENANT_NEEDS_WRITE) & Empty("shared_region_ids"),
        scopes=NEED_SCOPES,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(index=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    version: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)

    need: Mapped[Need] = relationship(back_populates="events")
