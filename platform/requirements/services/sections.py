"""The requirement sections: each team role writes its own, everyone on the team and the region's staff read."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.requirements.models import SECTION_STATUSES, RequirementSection
from samverka.platform.requirements.services.team import access_team_procurement
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on
from samverka.tenants.roles import TeamRole

MAX_TEXT = 20_000


def sections_of(session: Session, procurement: JointProcurement) -> dict[TeamRole, RequirementSection | None]:
    """Every role's section in the order of the routine; None for one not started."""
    stmt = select(RequirementSection).where(RequirementSection.procurement_id == procurement.id)
    found = {row.role: row for row in session.scalars(stmt)}
    return {role: found.get(role.value) for role in TeamRole}


def section_status(section: RequirementSection | None) -> str:
    return section.status if section is not None else "not_started"


def save_section(
    session: Session, principal: Principal, procurement_id: int, role: str, *, text: str, status: str
) -> RequirementSection:
    """Write the section of ``role``: only someone holding that role on this procurement may (else 403)."""
    procurement = access_team_procurement(session, principal, procurement_id)
    team_role = TeamRole(role)
    require_on(principal, procurement, perm.section_permission(team_role))
    _check(text, status)
    stmt = select(RequirementSection).where(
        RequirementSection.procurement_id == procurement.id, RequirementSection.role == team_role.value
    )
    section = session.scalar(stmt) or RequirementSection(
        procurement_id=procurement.id, region_id=procurement.region_id, role=team_role.value
    )
    section.text, section.status = text.strip(), status
    section.updated_by_id, section.updated_at = principal.user_id, utcnow()
    session.add(section)
    region_id = procurement.region_id if principal.holds(perm.REGION_READ, procurement.region_id) else None
    record(session, principal, "section.save", section, region_id=region_id, summary={"role": role, "status": status})
    return section


def _check(text: str, status: str) -> None:
    if status not in SECTION_STATUSES:
        raise Refused.field("status", _l("Choose not started, in progress or done."))
    if len(text) > MAX_TEXT:
        raise Refused.field("text", _l("Write at most 20,000 characters."))
    if status == "done" and not text.strip():
        raise Refused.field("text", _l("Write the section before marking it done."))
