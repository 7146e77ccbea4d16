"""Demo: the benefit follow-up of the delivered learning platform, a year and more in.

Each participant's IT coordinator sets the teacher-hours line to be measured every quarter (the other lines
stay yearly), then records what was measured, through the services as a person would:

* Tinn (Tor Rjukan) has reported every period that has ended: on track;
* Flesberg (Lars Berg) reported its first two quarters and then stopped: behind, and "not reported" on the
  region's roll-up;
* Notodden (Nina Lie) has reported nothing yet: the landing page says the measurements are overdue, and the
  README walks Nina through recording two.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.devtools.demo.delivered_run import delivered_procurement_id
from samverka.devtools.demo.procurement_run import Person
from samverka.platform.benefits import periods as p
from samverka.platform.benefits.services import follow_up
from samverka.platform.benefits.services.recording import Value, record_measurement, set_line_follow_up
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.time import local_today
from samverka.platform.needs.models import BenefitLine, BenefitPlan, Need
from samverka.platform.procurements.models import ProcurementNeed
from samverka.tenants.models import Tenant


@dataclass(frozen=True)
class Reporting:
    tenant: str
    person: str
    quarters: int | None  # how many of the ended quarters were reported (None: every one)
    hours: tuple[int, ...]  # teacher hours saved, quarter by quarter
    licence_nok: int  # licence cost saved in the first (part) year
    score: int  # the first survey's score, 1 to 5


REPORTING = (
    Reporting("Tinn", "Tor Rjukan", None, (35, 60, 70, 45, 55, 60), 15_000, 3),
    Reporting("Flesberg", "Lars Berg", 2, (10, 20), 5_000, 2),
)
MEASURED_BY = {"time_saved": "Oppvekstsjefen", "cost_saved": "Økonomisjefen", "quality": "Oppvekstsjefen"}


def run_benefits(session: Session, person: Person) -> None:
    """Quarterly teacher hours for every participant, then Tinn's and Flesberg's reports."""
    procurement_id = delivered_procurement_id(session)
    lines = _lines(session, procurement_id)
    for tenant_name, tenant_lines in lines.items():
        coordinator = person(_coordinator_of(tenant_name))
        bind_principal(session, coordinator)
        hours = next(line for line in tenant_lines if line.benefit_type == "time_saved")
        set_line_follow_up(session, coordinator, hours.id, p.QUARTERLY, None)
    for reporting in REPORTING:
        _report(session, person(reporting.person), lines[reporting.tenant], reporting)


def _coordinator_of(tenant_name: str) -> str:
    return {"Notodden": "Nina Lie", "Tinn": "Tor Rjukan", "Flesberg": "Lars Berg"}[tenant_name]


def _lines(session: Session, procurement_id: int) -> dict[str, list[BenefitLine]]:
    """Each participant's benefit lines of the procurement, by municipality name."""
    rows = session.execute(
        select(Tenant.name, BenefitLine)
        .join(Need, Need.tenant_id == Tenant.id)
        .join(ProcurementNeed, ProcurementNeed.need_id == Need.id)
        .join(BenefitPlan, BenefitPlan.need_id == Need.id)
        .join(BenefitLine, BenefitLine.plan_id == BenefitPlan.id)
        .where(ProcurementNeed.procurement_id == procurement_id)
        .order_by(BenefitLine.id)
    ).all()
    found: dict[str, list[BenefitLine]] = {}
    for name, line in rows:
        found.setdefault(name, []).append(line)
    return found


def _report(session: Session, principal, lines: list[BenefitLine], reporting: Reporting) -> None:
    bind_principal(session, principal)
    today = local_today("NO")
    start = follow_up.follow_up_start(follow_up.delivered_for(session, lines[0].plan.need_id), "NO")
    for line in lines:
        ended = [period for period in p.periods(line.follow_up_period, start, today) if period.end < today]
        for index, period in enumerate(ended[: reporting.quarters]):
            value = _value(line, reporting, index)
            if value is None:
                continue
            record_measurement(
                session,
                principal,
                line.id,
                period.start,
                value,
                comment="Målt etter planen",
                measured_by=MEASURED_BY[line.benefit_type],
            )


def _value(line: BenefitLine, reporting: Reporting, index: int) -> Value | None:
    """The amount or score measured in the line's ``index``-th period (None: nothing measured then)."""
    if line.benefit_type == "time_saved":
        return Value(amount=Decimal(reporting.hours[index])) if index < len(reporting.hours) else None
    if index > 0:
        return None  # money and quality are yearly: the first year is what has been measured
    if line.benefit_type == "cost_saved":
        return Value(amount=Decimal(reporting.licence_nok))
    return Value(score=reporting.score)
