"""A joint procurement's requirements: the team's sections, the region's library, what a procurement drew
from it, and the risk assessment.

Every row carries its procurement's region (tied by the composite key ``in_procurement``) and, but for the
library, its procurement: the rules compare those columns with the principal's scope, no join. The
region's procurement staff read everything of their region's procurements; a team member reads what
belongs to the one procurement their team role is held in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import NEVER, AnyOf, ColumnIs, Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import in_procurement
from samverka.tenants import permissions as perm
from samverka.tenants.roles import TEAM_ROLE_NAMES, TeamRole

SECTION_STATUSES = ("not_started", "in_progress", "done")
KINDS = ("security", "accessibility", "exit", "crisis")
ASPECTS = ("confidentiality", "integrity", "availability", "traceability")
LANGUAGES = ("nb", "sv", "en")
LEVEL_RANGE = "BETWEEN 1 AND 4"

PROCUREMENT_SCOPES = {"region": "region_id", "procurement": "procurement_id"}
TEAM_READ = Held("region_id", perm.REGION_PROCUREMENTS_TEAM) | Held("procurement_id", perm.PROCUREMENT_READ)
# Each role writes the one section it owns, and only in the procurement it is held in.
OWN_SECTION = AnyOf(
    tuple(ColumnIs("role", (role.value,)) & Held("procurement_id", perm.section_permission(role)) for role in TeamRole)
)


class RequirementSection(db.Model):
    """The part of the requirements one team role writes (a user representative's needs, the architecture...)."""

    __tablename__ = "requirement_sections"
    __table_args__ = (
        CheckConstraint(one_of("role", TEAM_ROLE_NAMES), name="role"),
        CheckConstraint(one_of("status", SECTION_STATUSES), name="status"),
        UniqueConstraint("procurement_id", "role", name="uq_requirement_sections_role"),
        in_procurement("requirement_sections"),
    )
    __tenancy__ = TenancyRule(read=TEAM_READ, write=OWN_SECTION, delete=NEVER, scopes=PROCUREMENT_SCOPES)

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TextsInLanguages:
    """A requirement's title and text in bokmål, Swedish and English."""

    title_nb: Mapped[str] = mapped_column(String(200))
    title_sv: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    text_nb: Mapped[str] = mapped_column(Text)
    text_sv: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)

    def title(self, language: str) -> str:
        return getattr(self, f"title_{language if language in LANGUAGES else 'en'}")

    def text(self, language: str) -> str:
        return getattr(self, f"text_{language if language in LANGUAGES else 'en'}")


def _requirement_checks() -> tuple:
    return (
        CheckConstraint(one_of("kind", KINDS), name="kind"),
        # A security requirement applies from a level of one aspect upwards; the other kinds to every procurement.
        CheckConstraint(
            f"(kind = 'security' AND aspect IN {tuple(ASPECTS)!r} AND level {LEVEL_RANGE})"
            " OR (kind <> 'security' AND aspect IS NULL AND level IS NULL)",
            name="security_level",
        ),
    )


class LibraryRequirement(TextsInLanguages, db.Model):
    """One version of a requirement template in the region's library; a change adds the next version.

    The current version of ``key`` is its highest; a withdrawn template's last version says ``withdrawn``.
    """

    __tablename__ = "library_requirements"
    __table_args__ = (
        *_requirement_checks(),
        CheckConstraint("version >= 1", name="version"),
        UniqueConstraint("region_id", "key", "version", name="uq_library_requirements_version"),
    )
    # The region's members, partners and staff read it; the coordinator adds versions, never changes one.
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_PROCUREMENTS_READ) | Held("region_id", perm.REGION_PROCUREMENTS_TEAM),
        write=Held("region_id", perm.REGION_REQUIREMENTS_LIBRARY),
        update=NEVER,
        delete=NEVER,
        scopes={"region": "region_id"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    kind: Mapped[str] = mapped_column(String(16))
    aspect: Mapped[str | None] = mapped_column(String(16))
    level: Mapped[int | None]
    withdrawn: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProcurementRequirement(TextsInLanguages, db.Model):
    """A library requirement as a procurement drew it: a copy of the version used, kept as it was."""

    __tablename__ = "procurement_requirements"
    __table_args__ = (
        *_requirement_checks(),
        UniqueConstraint("procurement_id", "key", name="uq_procurement_requirements_key"),
        in_procurement("procurement_requirements"),
    )
    __tenancy__ = TenancyRule(
        read=TEAM_READ,
        write=Held("region_id", perm.REGION_PROCUREMENTS_TEAM),
        update=NEVER,
        scopes=PROCUREMENT_SCOPES,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    library_requirement_id: Mapped[int | None] = mapped_column(
        ForeignKey("library_requirements.id", ondelete="SET NULL")
    )
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    aspect: Mapped[str | None] = mapped_column(String(16))
    level: Mapped[int | None]
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    drawn_at: Mapped[datetime] = mapped_column(default=utcnow)


RISK_WRITE = Held("procurement_id", perm.PROCUREMENT_RISKS_WRITE)


class RiskAssessment(db.Model):
    """The procurement's risk assessment: its status, and whether a data protection impact assessment is due."""

    __tablename__ = "risk_assessments"
    __table_args__ = (
        CheckConstraint(one_of("status", SECTION_STATUSES), name="status"),
        UniqueConstraint("procurement_id", name="uq_risk_assessments_procurement"),
        in_procurement("risk_assessments"),
    )
    __tenancy__ = TenancyRule(read=TEAM_READ, write=RISK_WRITE, delete=NEVER, scopes=PROCUREMENT_SCOPES)

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    dpia_required: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Risk(db.Model):
    """One risk: likelihood and consequence from 1 (low) to 4 (very high), and the measure against it."""

    __tablename__ = "procurement_risks"
    __table_args__ = (
        CheckConstraint(f"likelihood {LEVEL_RANGE} AND consequence {LEVEL_RANGE}", name="scores"),
        in_procurement("procurement_risks"),
    )
    __tenancy__ = TenancyRule(read=TEAM_READ, write=RISK_WRITE, scopes=PROCUREMENT_SCOPES)

    id: Mapped[int] = mapped_column(primary_key=True)
    procurement_id: Mapped[int] = mapped_column(index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int]
    consequence: Mapped[int]
    measure: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def score(self) -> int:
        return self.likelihood * self.consequence
