"""A procurement's mandatory requirements, drawn from the region's library by its classification.

A security requirement at level L of an aspect is drawn when the procurement's level of that aspect is
L or higher; accessibility, exit and crisis requirements always. What is drawn is a copy of the version
used: a later change in the library does not change a procurement's requirements.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.requirements.models import LibraryRequirement, ProcurementRequirement
from samverka.platform.requirements.services.classification import Classification, classify
from samverka.platform.requirements.services.library import TEXT_FIELDS, current_library
from samverka.platform.requirements.services.team import access_team_procurement
from samverka.tenants import permissions as perm


def applies(requirement: LibraryRequirement, classification: Classification) -> bool:
    if requirement.kind != "security":
        return True
    return classification.level(requirement.aspect) >= requirement.level


def required_from_library(session: Session, procurement: JointProcurement) -> list[LibraryRequirement]:
    """What the procurement must hold given its classification today."""
    classification = classify(session, procurement)
    return [row for row in current_library(session, procurement.region_id) if applies(row, classification)]


def drawn_requirements(session: Session, procurement: JointProcurement) -> list[ProcurementRequirement]:
    stmt = (
        select(ProcurementRequirement)
        .where(ProcurementRequirement.procurement_id == procurement.id)
        .order_by(ProcurementRequirement.kind.desc(), ProcurementRequirement.aspect, ProcurementRequirement.level)
    )
    return list(session.scalars(stmt))


def draw(session: Session, principal: Principal, procurement_id: int) -> list[ProcurementRequirement]:
    """Add what the classification asks for and the procurement does not hold yet; what it holds stays."""
    procurement = access_team_procurement(session, principal, procurement_id, perm.REGION_PROCUREMENTS_TEAM)
    held = {row.key for row in drawn_requirements(session, procurement)}
    added = []
    for source in required_from_library(session, procurement):
        if source.key in held:
            continue
        copy = ProcurementRequirement(
            procurement_id=procurement.id,
            region_id=procurement.region_id,
            library_requirement_id=source.id,
            key=source.key,
            version=source.version,
            kind=source.kind,
            aspect=source.aspect,
            level=source.level,
            drawn_by_id=principal.user_id,
            **{name: getattr(source, name) for name in TEXT_FIELDS},
        )
        session.add(copy)
        added.append(copy)
    summary = {"keys": sorted(row.key for row in added)}
    record(session, principal, "requirements.draw", procurement, region_id=procurement.region_id, summary=summary)
    return added
