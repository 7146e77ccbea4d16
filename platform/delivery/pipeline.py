"""The region's pipeline as its partners read it: every procurement by stage, with dates, participants and
whether the contract and the data processing agreement are signed; never the needs or the tenders.

A page of procurements is read in the database (ordered by stage along the main line, then by id), and
what each row shows of them in three more queries for the whole page, not one per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from samverka.platform.contracts.models import Contract
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed, StageChange
from samverka.platform.procurements.stages import CONTRACT_SIGNED, STAGES, reached
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import access_region

SIGNED, NOT_SIGNED, NOT_REQUIRED = "signed", "not_signed", "not_required"


@dataclass(frozen=True)
class PipelineStage:
    stage: str
    reached_at: datetime | None
    planned: date | None


@dataclass(frozen=True)
class PipelineRow:
    id: int
    title: str
    category: str
    status: str
    participants: list[str]
    contract_status: str
    dpa_status: str
    stages: list[PipelineStage]


def pipeline(
    session: Session, principal: Principal, region_id: int, page: PageRequest = FIRST_PAGE
) -> tuple[Region, Page[PipelineRow]]:
    region = access_region(session, principal, region_id, perm.REGION_PROCUREMENTS_READ)
    position = case({stage: index for index, stage in enumerate(STAGES)}, value=JointProcurement.status, else_=99)
    stmt = select(JointProcurement).where(JointProcurement.region_id == region.id)
    found = paginate(session, stmt, (Order(position), Order(JointProcurement.id)), page)
    ids = [p.id for p in found]
    reached_at, names, personal = _reached(session, ids), _participants(session, ids), _personal(session, ids)
    rows = [_row(p, reached_at.get(p.id, {}), names.get(p.id, []), personal.get(p.id)) for p in found]
    return region, Page(rows, found.next_after)


def _row(procurement: JointProcurement, reached_at: dict, names: list[str], personal: bool | None) -> PipelineRow:
    planned = {stage: date.fromisoformat(day) for stage, day in (procurement.planned_dates or {}).items()}
    shown = [s for s in STAGES if s in planned or s in reached_at]
    return PipelineRow(
        id=procurement.id,
        title=procurement.title,
        category=procurement.category,
        status=procurement.status,
        participants=names,
        contract_status=SIGNED if reached(procurement.status, CONTRACT_SIGNED) else NOT_SIGNED,
        dpa_status=_dpa_status(procurement.status, personal),
        stages=[PipelineStage(s, reached_at.get(s), planned.get(s)) for s in shown],
    )


def _dpa_status(status: str, personal: bool | None) -> str:
    if personal is False:
        return NOT_REQUIRED
    return SIGNED if reached(status, "dpa_signed") else NOT_SIGNED


def _reached(session: Session, ids: list[int]) -> dict[int, dict[str, datetime]]:
    """When each stage was last reached, per procurement (one query)."""
    stmt = (
        select(StageChange.procurement_id, StageChange.to_stage, func.max(StageChange.changed_at))
        .where(StageChange.procurement_id.in_(ids))
        .group_by(StageChange.procurement_id, StageChange.to_stage)
    )
    found: dict[int, dict[str, datetime]] = {}
    for procurement_id, stage, at in session.execute(stmt):
        found.setdefault(procurement_id, {})[stage] = at
    return found


def _participants(session: Session, ids: list[int]) -> dict[int, list[str]]:
    """The participating municipalities' names, per procurement (two queries).

    Which municipalities take part is read as the principal (the procurement's rows); their names as the
    system, since a partner reads no municipality's own row, and a municipality's name is no secret.
    """
    pairs = session.execute(
        select(ProcurementNeed.procurement_id, ProcurementNeed.tenant_id)
        .where(ProcurementNeed.procurement_id.in_(ids))
        .distinct()
    ).all()
    tenant_ids = sorted({tenant_id for _pid, tenant_id in pairs})
    with acting_as(session, Principal.system("the participants' names in the region's pipeline")):
        names = dict(session.execute(select(Tenant.id, Tenant.name).where(Tenant.id.in_(tenant_ids))).all())
    found: dict[int, list[str]] = {}
    for procurement_id, tenant_id in pairs:
        found.setdefault(procurement_id, []).append(names[tenant_id])
    return {procurement_id: sorted(listed) for procurement_id, listed in found.items()}


def _personal(session: Session, ids: list[int]) -> dict[int, bool]:
    """Whether each procurement's contract processes personal data (no entry: no contract yet)."""
    stmt = select(Contract.procurement_id, Contract.processes_personal_data).where(Contract.procurement_id.in_(ids))
    return dict(session.execute(stmt).all())
