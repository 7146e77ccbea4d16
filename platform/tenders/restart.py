"""What a restart carries over from the cancelled procurement's competition: the award criteria and the
mandatory requirements, to revise before the new competition. Tenders and their evaluation stay with the
cancelled one: they answered the old requirements.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.running import copy_rows
from samverka.platform.tenders.models import AwardCriterion, MandatoryRequirement


def copy_criteria_and_requirements(
    session: Session, principal: Principal, cancelled: JointProcurement, restarted: JointProcurement
) -> None:
    copy_rows(session, AwardCriterion, cancelled, restarted)
    copy_rows(session, MandatoryRequirement, cancelled, restarted)
