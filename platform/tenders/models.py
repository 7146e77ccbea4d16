"""Award criteria, mandatory requirements, tenders, their evaluation and the draft award recommendation.

Every row belongs to a joint procurement and carries its region (tied by composite foreign keys), so
the one tenancy rule reads the row's own ``region_id``. A mandatory requirement is kept as a snapshot
of its text: what the tenders answered stays readable whatever later happens to the requirement library
(``library_ref`` names the library's requirement it was taken from, when it was).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import in_procurement
from samverka.tenants import permissions as perm

SUPPLIER_COUNTRIES = ("NO", "SE")
# The region's staff and members read the evaluation; the purchaser records it.
RULE = TenancyRule(
    read=Held("region_id", perm.REGION_TENDERS_READ),
    write=Held("region_id", perm.REGION_TENDERS_WRITE),
    scopes={"region": "region_id"},
)


def in_tender(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tender_id", "region_id"], ["tenders.id", "tenders.region_id"], ondelete="CASCADE", name=f"fk_{table}_tender"
    )


class AwardCriterion(db.Model):
    __tablename__ = "award_criteria"
    __table_args__ = (
        CheckConstraint("weight BETWEEN 1 AND 100", name="weight"),
        UniqueConstraint("id", "region_id", name="uq_award_criteria_id_region"),
        in_procurement("award_criteria"),
    )
    __tenancy__ = RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int]  # per cent; a procurement's weights add up to 100


class MandatoryRequirement(db.Model):
    __tablename__ = "mandatory_requirements"
    __table_args__ = (
        UniqueConstraint("id", "region_id", name="uq_mandatory_requirements_id_region"),
        in_procurement("mandatory_requirements"),
    )
    __tenancy__ = RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    library_ref: Mapped[str | None] = mapped_column(String(64))


class Tender(db.Model):
    """A tender received from one supplier, recorded by the purchaser."""

    __tablename__ = "tenders"
    __table_args__ = (
        CheckConstraint(one_of("supplier_country", SUPPLIER_COUNTRIES), name="supplier_country"),
        UniqueConstraint("id", "region_id", name="uq_tenders_id_region"),
        UniqueConstraint("procurement_id", "supplier_country", "supplier_orgnr", name="uq_tenders_supplier"),
        in_procurement("tenders"),
    )
    __tenancy__ = RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    supplier_name: Mapped[str] = mapped_column(String(200))
    supplier_country: Mapped[str] = mapped_column(String(2))
    supplier_orgnr: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date]
    # What the data processing agreement takes from the tender: the supplier's sub-processors
    # ([{"name", "country", "service"}]) and, in its words, any transfer of personal data outside the EEA.
    sub_processors: Mapped[list[dict]] = mapped_column(JSON, default=list)
    third_country_transfers: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    answers: Mapped[list[TenderAnswer]] = relationship(cascade="all, delete-orphan", order_by="TenderAnswer.id")
    scores: Mapped[list[TenderScore]] = relationship(cascade="all, delete-orphan", order_by="TenderScore.id")


class TenderAnswer(db.Model):
    """Whether a tender meets one mandatory requirement, and the evaluator's comment."""

    __tablename__ = "tender_answers"
    __table_args__ = (
        UniqueConstraint("tender_id", "requirement_id", name="uq_tender_answers_requirement"),
        in_tender("tender_answers"),
        ForeignKeyConstraint(
            ["requirement_id", "region_id"],
            ["mandatory_requirements.id", "mandatory_requirements.region_id"],
            ondelete="CASCADE",
            name="fk_tender_answers_requirement",
        ),
    )
    __tenancy__ = RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    requirement_id: Mapped[int] = mapped_column(index=True)
    met: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")


class TenderScore(db.Model):
    """A tender's score (0 to 10) on one award criterion."""

    __tablename__ = "tender_scores"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 10", name="score"),
        UniqueConstraint("tender_id", "criterion_id", name="uq_tender_scores_criterion"),
        in_tender("tender_scores"),
        ForeignKeyConstraint(
            ["criterion_id", "region_id"],
            ["award_criteria.id", "award_criteria.region_id"],
            ondelete="CASCADE",
            name="fk_tender_scores_criterion",
        ),
    )
    __tenancy__ = RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(index=True)
    score: Mapped[int]


class AwardRecommendation(db.Model):
    """The draft award recommendation the evaluation yields, in the three languages, for the approval to come."""

    __tablename__ = "award_recommendations"
    __table_args__ = (
        CheckConstraint("points BETWEEN 0 AND 1000", name="points"),
        in_procurement("award_recommendations"),
        in_tender("award_recommendations"),
    )
    __tenancy__ = RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    tender_id: Mapped[int] = mapped_column(index=True)
    points: Mapped[int]  # the weighted score in hundredths: 0 to 1000 for 0.00 to 10.00
    text_nb: Mapped[str] = mapped_column(Text)
    text_sv: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
