"""Planned dates per stage: from the desired start of the procurement's needs back by the category's lead time.

The participants want the solution in operation by the earliest desired start among its needs (a
quarter: its first day). The lead time of the category (seed 003: 24 months for business systems,
18 for hardware and consultants, 12 otherwise) before that is when preparation should start; the
stages in between are spread by ``PLANNED_SHARE``. Without any desired start there is no plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.catalogue import lead_time
from samverka.platform.core.time import months_before
from samverka.platform.needs.models import Need
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.stages import CANCELLED, PLANNED_SHARE, reached

# A stage is due soon (a warning) this many days before its planned date.
DUE_SOON_DAYS = 30


def quarter_start(quarter: str) -> date:
    year, q = quarter.split("-Q")
    return date(int(year), 3 * (int(q) - 1) + 1, 1)


def earliest_desired_start(session: Session, procurement: JointProcurement) -> date | None:
    """The region's staff who run the procurement read every need submitted to the region."""
    quarters = session.scalars(
        select(Need.desired_start)
        .join(ProcurementNeed, ProcurementNeed.need_id == Need.id)
        .where(ProcurementNeed.procurement_id == procurement.id, Need.desired_start.is_not(None))
    ).all()
    return min((quarter_start(q) for q in quarters), default=None)


def planned_dates(in_operation: date, months: int) -> dict[str, str]:
    start = months_before(in_operation, months)
    days = (in_operation - start).days
    return {stage: (start + timedelta(days=round(days * share))).isoformat() for stage, share in PLANNED_SHARE.items()}


def plan(session: Session, procurement: JointProcurement) -> None:
    """Store the plan (or none, when no need says when it should start)."""
    desired = earliest_desired_start(session, procurement)
    months = lead_time(procurement.category)
    procurement.planned_dates = planned_dates(desired, months) if desired else {}


@dataclass(frozen=True)
class PlannedStage:
    stage: str
    planned: date
    reached: bool
    severity: str | None  # "danger": late; "warning": due within DUE_SOON_DAYS; None: on time or done


def schedule(procurement: JointProcurement, today: date) -> list[PlannedStage]:
    """Each planned stage with whether it is late: its date passed and the procurement has not reached it."""
    rows = []
    for stage, planned in procurement.planned_dates.items():
        day = date.fromisoformat(planned)
        done = reached(procurement.status, stage)
        rows.append(PlannedStage(stage, day, done, None if done else _severity(procurement, day, today)))
    return rows


def _severity(procurement: JointProcurement, day: date, today: date) -> str | None:
    if procurement.status == CANCELLED:
        return None
    if day < today:
        return "danger"
    return "warning" if (day - today).days <= DUE_SOON_DAYS else None


def late_stages(procurement: JointProcurement, today: date) -> list[PlannedStage]:
    return [row for row in schedule(procurement, today) if row.severity == "danger"]
