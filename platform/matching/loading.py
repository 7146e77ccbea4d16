"""From stored needs to the engine's ``NeedFeatures``: what the matching job reads."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samverka.platform.matching.engine import NeedFeatures
from samverka.platform.needs.lifecycle import REPORTED, SUBMITTED, UNDER_CONSIDERATION
from samverka.platform.needs.models import Need, NeedSubmission

# Needs still looking for partners; initiatives are matched too, to warn of duplicate work.
MATCHABLE = (SUBMITTED, UNDER_CONSIDERATION, REPORTED)
_ENGINE_KINDS = {
    "new_solution": "new",
    "replacement": "replacement",
    "major_upgrade": "upgrade",
    "initiative": "initiative",
}


def features(need: Need, region_id: int) -> NeedFeatures:
    return NeedFeatures(
        need_id=need.id,
        tenant_id=need.tenant_id,
        region_id=region_id,
        kind=_ENGINE_KINDS[need.kind],
        category=need.category,
        cpv_codes=tuple(need.cpv_codes),
        title=need.title,
        description=need.description,
        desired_start=need.desired_start,
        contract_end=need.contract_end,
        extension_until=need.contract_extendable_to,
        current_solution=need.current_solution,
        current_supplier=need.current_supplier,
    )


def region_needs(session: Session, region_id: int) -> tuple[list[NeedFeatures], dict[int, str]]:
    """The region's matchable needs and their version tokens. Call in the system scope (a job)."""
    stmt = (
        select(Need)
        .join(NeedSubmission)
        .where(NeedSubmission.region_id == region_id, Need.status.in_(MATCHABLE))
        .options(selectinload(Need.cpv_code_rows))
        .order_by(Need.id)
    )
    needs = session.scalars(stmt).all()
    return [features(n, region_id) for n in needs], {n.id: str(n.version) for n in needs}


def regions_of_need(session: Session, need_id: int) -> list[int]:
    stmt = select(NeedSubmission.region_id).where(NeedSubmission.need_id == need_id)
    return sorted(session.scalars(stmt))
