"""What needs attention on a procurement's team: each member's own section, until it is done.

The user representatives of a participating municipality, the shared IT service's architect, the archive
network's archivist and the data protection officer each see the section they owe, on every procurement
still before competition. One branch: the person's team roles with their sections' status.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import INFO, WARNING, AttentionItem, Branch, Query
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.titles import localized_title
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.stages import COMPETITION, DRAFT, PREPARATION, REQUIREMENTS
from samverka.platform.requirements.labels import ROLE_LABELS
from samverka.platform.requirements.models import RequirementSection
from samverka.tenants.models import Region
from samverka.tenants.models.team import TeamMember

BEFORE_COMPETITION = (DRAFT, PREPARATION, REQUIREMENTS)
# A section still open this close to the planned competition holds the procurement back: a warning.
SOON = timedelta(days=30)


def _sections_owed() -> Query:
    section = RequirementSection
    statement = (
        select(TeamMember.procurement_id, TeamMember.role, JointProcurement.title, JointProcurement.planned_dates)
        .add_columns(Region.name)
        .join(JointProcurement, JointProcurement.id == TeamMember.procurement_id)
        .join(Region, Region.id == TeamMember.region_id)
        .outerjoin(section, and_(section.procurement_id == TeamMember.procurement_id, section.role == TeamMember.role))
        .where(
            TeamMember.user_id == bindparam("user_id"),
            JointProcurement.status.in_(BEFORE_COMPETITION),
            section.status.is_(None) | (section.status != "done"),
        )
    )
    return Query(statement, (TeamMember.procurement_id, TeamMember.role))


_SECTIONS_OWED = _sections_owed()


def requirements_attention(session: Session, principal: Principal, today: date) -> list[Branch]:
    if principal.user_id is None:
        return []
    params = {"user_id": principal.user_id}
    return [Branch(_SECTIONS_OWED, params, lambda rows: [_item(today, *row) for row in rows])]


def _item(today: date, procurement_id: int, role: str, title: str, planned: dict | None, region: str):
    competition = (planned or {}).get(COMPETITION)
    due = date.fromisoformat(competition) if competition else None
    return AttentionItem(
        kind="requirements.section",
        key=f"requirements.section:{procurement_id}:{role}",
        role=role,
        role_label=str(ROLE_LABELS[role]),
        severity=WARNING if due is not None and due - today <= SOON else INFO,
        title=_("Write your section (%(role)s) for %(title)s", role=ROLE_LABELS[role], title=localized_title(title)),
        detail=_("The procurement enters competition once the team's sections are done."),
        endpoint="requirements.team_page",
        values=(("procurement_id", procurement_id),),
        due=due,
        scope_name=region,
    )
