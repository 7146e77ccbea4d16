"""Recording a procurement's award criteria, mandatory requirements, tenders and their evaluation.

Only the purchaser records (``region:tenders:write``); the region's staff and members read. Rows are
reached through ``access_*`` (another region's tender is a 404). Criteria and requirements are set as
a whole list, and are fixed once a tender has been scored or answered against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from samverka.platform.audit.services import record
from samverka.platform.core.catalogue import EEA_COUNTRIES
from samverka.platform.core.errors import Conflict, Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.tenders.evaluation import Evaluation, evaluate
from samverka.platform.tenders.gates import weights_problem
from samverka.platform.tenders.models import (
    AwardCriterion,
    MandatoryRequirement,
    Tender,
    TenderAnswer,
    TenderScore,
)
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access, require_on

# Tenders are recorded while the procurement is in competition or evaluation. Until the procurement has
# those stages (they come with the stages of this issue), it takes tenders in any status.
TENDER_STAGES = ("competition", "evaluation")
NOT_IN_COMPETITION = _l("Tenders are recorded only while the procurement is in competition or evaluation.")
CRITERIA_FIXED = _l("The award criteria are fixed: tenders have been scored against them.")
REQUIREMENTS_FIXED = _l("The mandatory requirements are fixed: tenders have been evaluated against them.")
SUPPLIER_TWICE = _l("A tender from this supplier is already recorded.")
NOT_EVALUATED_HERE = _l("Answer only this procurement's requirements and criteria.")
TRANSFER_UNDESCRIBED = _l(
    "A sub-processor is outside the EEA: describe the transfer of personal data and its basis, e.g. the EU's "
    "standard contractual clauses."
)


def require_in_competition(procurement: JointProcurement) -> None:
    if procurement.status not in TENDER_STAGES:
        raise Conflict("not_in_competition", NOT_IN_COMPETITION)


def access_tender(
    session: Session, principal: Principal, tender_id: int, permission: Permission = perm.REGION_TENDERS_READ
) -> Tender:
    return access(session, principal, Tender, tender_id, permission)


def criteria_of(session: Session, procurement: JointProcurement) -> list[AwardCriterion]:
    stmt = select(AwardCriterion).where(AwardCriterion.procurement_id == procurement.id)
    return list(session.scalars(stmt.order_by(AwardCriterion.position)))


def requirements_of(session: Session, procurement: JointProcurement) -> list[MandatoryRequirement]:
    stmt = select(MandatoryRequirement).where(MandatoryRequirement.procurement_id == procurement.id)
    return list(session.scalars(stmt.order_by(MandatoryRequirement.position)))


def tenders_of(session: Session, procurement: JointProcurement) -> list[Tender]:
    """The tenders with their answers and scores: three queries, whatever their number."""
    stmt = (
        select(Tender)
        .where(Tender.procurement_id == procurement.id)
        .options(selectinload(Tender.answers), selectinload(Tender.scores))
    )
    return list(session.scalars(stmt.order_by(Tender.supplier_name, Tender.id)))


def evaluation_of(session: Session, principal: Principal, procurement: JointProcurement) -> Evaluation:
    require_on(principal, procurement, perm.REGION_TENDERS_READ)
    return evaluate(
        tenders_of(session, procurement), requirements_of(session, procurement), criteria_of(session, procurement)
    )


def set_award_criteria(
    session: Session, principal: Principal, procurement: JointProcurement, criteria: list[dict]
) -> list[AwardCriterion]:
    """Replace the criteria by ``criteria`` ({name, weight}); the weights must add up to 100 %."""
    require_on(principal, procurement, perm.REGION_TENDERS_WRITE)
    problem = weights_problem([c["weight"] for c in criteria])
    if problem is not None:
        raise Refused.field("criteria", problem)
    _fixed_once_used(session, procurement, TenderScore, CRITERIA_FIXED, "criteria")
    session.execute(delete(AwardCriterion).where(AwardCriterion.procurement_id == procurement.id))
    rows = [
        AwardCriterion(procurement_id=procurement.id, region_id=procurement.region_id, position=i, **c)
        for i, c in enumerate(criteria)
    ]
    session.add_all(rows)
    session.flush()
    record(
        session,
        principal,
        "award_criteria.set",
        procurement,
        region_id=procurement.region_id,
        summary={"criteria": criteria},
    )
    return rows


def set_requirements(
    session: Session, principal: Principal, procurement: JointProcurement, requirements: list[dict]
) -> list[MandatoryRequirement]:
    """Replace the mandatory requirements by ``requirements`` ({text, library_ref}), each kept as written now."""
    require_on(principal, procurement, perm.REGION_TENDERS_WRITE)
    _fixed_once_used(session, procurement, TenderAnswer, REQUIREMENTS_FIXED, "requirements")
    session.execute(delete(MandatoryRequirement).where(MandatoryRequirement.procurement_id == procurement.id))
    rows = [
        MandatoryRequirement(procurement_id=procurement.id, region_id=procurement.region_id, position=i, **r)
        for i, r in enumerate(requirements)
    ]
    session.add_all(rows)
    session.flush()
    summary = {"requirements": [r["text"] for r in requirements]}
    record(
        session, principal, "mandatory_requirements.set", procurement, region_id=procurement.region_id, summary=summary
    )
    return rows


def _fixed_once_used(session: Session, procurement: JointProcurement, model, message, field: str) -> None:
    used = session.scalar(
        select(model.id)
        .join(Tender, Tender.id == model.tender_id)
        .where(Tender.procurement_id == procurement.id)
        .limit(1)
    )
    if used is not None:
        raise Refused.field(field, message)


def record_tender(
    session: Session,
    principal: Principal,
    procurement: JointProcurement,
    *,
    supplier_name: str,
    supplier_country: str,
    supplier_orgnr: str,
    received_on: date,
    sub_processors: Sequence[dict] = (),
    third_country_transfers: str = "",
) -> Tender:
    """A tender received (the organisation number is checked by the schema); one per supplier.

    ``sub_processors`` ({name, country, service}) and ``third_country_transfers`` are what the data processing
    agreement will name; a sub-processor outside the EEA needs the transfer described.
    """
    require_on(principal, procurement, perm.REGION_TENDERS_WRITE)
    require_in_competition(procurement)
    if not third_country_transfers and any(row["country"] not in EEA_COUNTRIES for row in sub_processors):
        raise Refused.field("third_country_transfers", TRANSFER_UNDESCRIBED)
    tender = Tender(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        supplier_name=supplier_name,
        supplier_country=supplier_country,
        supplier_orgnr=supplier_orgnr,
        received_on=received_on,
        sub_processors=[dict(row) for row in sub_processors],
        third_country_transfers=third_country_transfers,
        created_by_id=principal.user_id,
    )
    session.add(tender)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Refused.field("supplier_orgnr", SUPPLIER_TWICE) from exc
    summary = {
        "procurement_id": procurement.id,
        "supplier": supplier_name,
        "orgnr": supplier_orgnr,
        "sub_processors": [[row["name"], row["country"]] for row in sub_processors],
    }
    record(session, principal, "tender.record", tender, region_id=tender.region_id, summary=summary)
    return tender
