"""Reading the facts of published procurements: a fixed number of queries for any number of them.

Read as the system (the reader is anyone, signed in or not), but only for procurements the caller has
already found published, and only as columns: no entity read here stays in the viewer's session, and
nothing that ``facts.py`` does not hold is selected (no person, no need text, no tender content).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.awards.models import AwardDecision, AwardQualityCheck, ContractSigning
from samverka.platform.contracts.models import Contract
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.delivery.models import DeliveredDocument, Delivery
from samverka.platform.needs.models import Need, NeedCpvCode
from samverka.platform.plans import sharing
from samverka.platform.plans.services.shares import cost_key
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed, StageChange
from samverka.platform.procurements.value import estimated_value
from samverka.platform.publication.facts import (
    AwardFacts,
    Buyer,
    ContractFacts,
    DeliveredPaper,
    DeliveryFacts,
    Organisation,
    ProcurementFacts,
)
from samverka.platform.tenders.models import AwardRecommendation, Tender
from samverka.tenants.models import Region, Tenant

READER = "open contracting data of published procurements"


def load_facts(session: Session, published: Sequence[tuple[int, datetime]]) -> list[ProcurementFacts]:
    """The facts of each (procurement id, published at), in the order given."""
    if not published:
        return []
    ids = [procurement_id for procurement_id, _ in published]
    with acting_as(session, Principal.system(READER)):
        heads = {row.id: row for row in session.execute(_heads(ids))}
        buyers, budgets = _buyers(session, ids), _budgets(session, ids)
        keys = {region_id: cost_key(session, region_id) for region_id in {h.region_id for h in heads.values()}}
        loaded = {
            "cpv": _cpv(session, ids),
            "stages": _stages(session, ids),
            "awards": _awards(session, ids),
            "contracts": _contracts(session, ids),
            "deliveries": _deliveries(session, ids),
        }
    return [
        _facts(heads[pid], at, buyers.get(pid, []), budgets.get(pid, 0), keys[heads[pid].region_id], loaded)
        for pid, at in published
    ]


def _facts(head, published_at, buyers, budget_minor, key, loaded) -> ProcurementFacts:
    contract = loaded["contracts"].get(head.id)
    weights = sharing.weights(key.method, key.equal_percent, {b[0]: b[2] for b in buyers}, dict(key.fixed))
    budget_split = sharing.split(budget_minor, weights)
    contract_split = sharing.split(contract.value_minor, weights) if contract and contract.value_minor else {}
    return ProcurementFacts(
        id=head.id,
        region_id=head.region_id,
        region_name=head.region_name,
        currency=head.currency,
        title=head.title,
        description=head.description,
        created_at=head.created_at,
        published_at=published_at,
        budget_minor=budget_minor,
        buyers=tuple(
            Buyer(tenant_id, organisation, budget_split.get(tenant_id, 0), contract_split.get(tenant_id))
            for tenant_id, organisation, _population in buyers
        ),
        cpv_codes=tuple(loaded["cpv"].get(head.id, ())),
        stage_entered=loaded["stages"].get(head.id, {}),
        award=loaded["awards"].get(head.id),
        contract=contract,
        delivery=loaded["deliveries"].get(head.id),
    )


def _heads(ids):
    return (
        select(
            JointProcurement.id,
            JointProcurement.region_id,
            JointProcurement.title,
            JointProcurement.description,
            JointProcurement.created_at,
            Region.name.label("region_name"),
            Region.currency,
        )
        .join(Region, Region.id == JointProcurement.region_id)
        .where(JointProcurement.id.in_(ids))
    )


def _buyers(session: Session, ids) -> dict[int, list]:
    stmt = (
        select(ProcurementNeed.procurement_id, Tenant.id, Tenant.name, Tenant.country, Tenant.organisation_number)
        .add_columns(Tenant.population)
        .join(Tenant, Tenant.id == ProcurementNeed.tenant_id)
        .where(ProcurementNeed.procurement_id.in_(ids))
        .distinct()
        .order_by(ProcurementNeed.procurement_id, Tenant.name, Tenant.id)
    )
    found: dict[int, list] = defaultdict(list)
    for pid, tenant_id, name, country, number, population in session.execute(stmt):
        found[pid].append((tenant_id, Organisation(name, country, number), population))
    return found


def _budgets(session: Session, ids) -> dict[int, int]:
    """The estimated value of each procurement's needs, in its region's currency (as ``procurements.value``)."""
    stmt = (
        select(ProcurementNeed.procurement_id, func.sum(Need.one_off_cost_minor), func.sum(Need.annual_cost_minor))
        .join(Need, Need.id == ProcurementNeed.need_id)
        .join(JointProcurement, JointProcurement.id == ProcurementNeed.procurement_id)
        .join(Region, Region.id == JointProcurement.region_id)
        .where(ProcurementNeed.procurement_id.in_(ids), Need.currency == Region.currency)
        .group_by(ProcurementNeed.procurement_id)
    )
    # A sum of bigints is a numeric in PostgreSQL: back to whole minor units.
    return {pid: estimated_value(int(one_off or 0), int(annual or 0)) for pid, one_off, annual in session.execute(stmt)}


def _cpv(session: Session, ids) -> dict[int, list[str]]:
    stmt = (
        select(ProcurementNeed.procurement_id, NeedCpvCode.code)
        .join(NeedCpvCode, NeedCpvCode.need_id == ProcurementNeed.need_id)
        .where(ProcurementNeed.procurement_id.in_(ids))
        .distinct()
        .order_by(ProcurementNeed.procurement_id, NeedCpvCode.code)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for pid, code in session.execute(stmt):
        found[pid].append(code)
    return found


def _stages(session: Session, ids) -> dict[int, dict[str, datetime]]:
    stmt = (
        select(StageChange.procurement_id, StageChange.to_stage, func.min(StageChange.changed_at))
        .where(StageChange.procurement_id.in_(ids))
        .group_by(StageChange.procurement_id, StageChange.to_stage)
    )
    found: dict[int, dict[str, datetime]] = defaultdict(dict)
    for pid, stage, at in session.execute(stmt):
        found[pid][stage] = at
    return found


def _awards(session: Session, ids) -> dict[int, AwardFacts]:
    """The decided award: the winner's name and number, and the value the participants approved."""
    approved = (
        select(AwardQualityCheck.estimated_value_minor)
        .where(
            AwardQualityCheck.procurement_id == AwardDecision.procurement_id, AwardQualityCheck.outcome == "approved"
        )
        .order_by(AwardQualityCheck.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        select(AwardDecision.procurement_id, AwardDecision.decided_at, Tender.supplier_name)
        .add_columns(Tender.supplier_country, Tender.supplier_orgnr, approved)
        .join(AwardRecommendation, AwardRecommendation.id == AwardDecision.recommendation_id)
        .join(Tender, Tender.id == AwardRecommendation.tender_id)
        .where(AwardDecision.procurement_id.in_(ids))
    )
    return {
        pid: AwardFacts(at, Organisation(name, country, _digits(number)), value)
        for pid, at, name, country, number, value in session.execute(stmt)
    }


def _contracts(session: Session, ids) -> dict[int, ContractFacts]:
    """The region's signed joint contract: its value over its whole term (the yearly value times its years)."""
    signed = (
        select(func.max(ContractSigning.signed_at))
        .where(ContractSigning.procurement_id == Contract.procurement_id)
        .scalar_subquery()
    )
    stmt = select(Contract.procurement_id, Contract.title, Contract.starts_on, Contract.ends_on).add_columns(
        Contract.annual_value_minor, signed
    )
    stmt = stmt.where(Contract.procurement_id.in_(ids), Contract.region_id.is_not(None)).order_by(Contract.id)
    found = {}
    for pid, title, starts_on, ends_on, annual, signed_at in session.execute(stmt):
        years = max(1, round((ends_on - starts_on).days / 365.25))
        found[pid] = ContractFacts(title, starts_on, ends_on, annual * years if annual else None, signed_at)
    return found


def _deliveries(session: Session, ids) -> dict[int, DeliveryFacts]:
    papers: dict[int, list[DeliveredPaper]] = defaultdict(list)
    stmt = (
        select(DeliveredDocument.procurement_id, DeliveredDocument.tenant_id, DeliveredDocument.kind)
        .add_columns(DeliveredDocument.media_type, DeliveredDocument.delivered_at)
        .where(DeliveredDocument.procurement_id.in_(ids), DeliveredDocument.tenant_id.is_not(None))
        .order_by(DeliveredDocument.procurement_id, DeliveredDocument.tenant_id, DeliveredDocument.kind)
    )
    for pid, tenant_id, kind, media_type, at in session.execute(stmt):
        papers[pid].append(DeliveredPaper(tenant_id, kind, media_type, at))
    deliveries = select(Delivery.procurement_id, Delivery.delivered_at).where(Delivery.procurement_id.in_(ids))
    return {pid: DeliveryFacts(at, tuple(papers.get(pid, ()))) for pid, at in session.execute(deliveries)}


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())
