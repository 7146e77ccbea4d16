"""What the action-plan drafter reads from the contract register.

Re-procurement needs come from the lead-time job (``tasks.plan_reprocurements``)
for TENANT contracts; a region's own contracts produce a draft joint procurement
instead, which the drafter already picks up as one. Reads go through whatever
principal the session is bound to.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.contracts.models import Reprocurement
from samverka.platform.needs.lifecycle import SUBMITTED, UNDER_CONSIDERATION
from samverka.platform.needs.models import Need, NeedSubmission

OPEN = (SUBMITTED, UNDER_CONSIDERATION)


def due_reprocurement_need_ids(session: Session, region_id: int, year: int) -> list[int]:
    """Open re-procurement needs submitted to the region that must start by 31 December of ``year``.

    Ordered by the date the re-procurement must start, earliest first.
    """
    stmt = (
        select(Reprocurement.need_id)
        .join(Need, Need.id == Reprocurement.need_id)
        .join(NeedSubmission, NeedSubmission.need_id == Need.id)
        .where(
            NeedSubmission.region_id == region_id, Need.status.in_(OPEN), Reprocurement.starts_on <= date(year, 12, 31)
        )
        .order_by(Reprocurement.starts_on, Reprocurement.need_id)
    )
    return list(dict.fromkeys(session.scalars(stmt)))


def reprocurement_for_need(session: Session, need_id: int) -> Reprocurement | None:
    """The re-procurement a need was created for, if it came from the contract register."""
    return session.scalar(select(Reprocurement).where(Reprocurement.need_id == need_id))
