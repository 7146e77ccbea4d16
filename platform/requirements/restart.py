"""What a restart carries over from the cancelled procurement (seed 000: "återuppta upphandlingen"): its team
and the requirements it drew, to revise there. The sections and the risk assessment start anew: a restart is
made because the requirements must change, and the team's work answers the revised ones.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.running import copy_rows
from samverka.platform.requirements.models import ProcurementRequirement
from samverka.tenants.models.team import TeamMember


def copy_team_and_requirements(
    session: Session, principal: Principal, cancelled: JointProcurement, restarted: JointProcurement
) -> None:
    copy_rows(session, TeamMember, cancelled, restarted, assigned_by_id=principal.user_id)
    copy_rows(session, ProcurementRequirement, cancelled, restarted)
