"""A plan's items as rows, each with its participants and the shares of them the reader may read.

The plan page and the API show every item with its split: items times members. Read as one row per
item (the participants and shares aggregated into arrays by the database) in one statement built once,
rather than the items as objects and their shares in a second statement, that is one round trip and a
dozen rows instead of hundreds. The tenancy guard filters the items, and the participants and shares
(outer-joined) where they join: a share the reader may not read is NULL beside its participant.
"""

from __future__ import annotations

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from samverka.platform.core.portable import listed
from samverka.platform.plans.models import PlanItem, PlanItemParticipant, PlanItemShare

ITEM_COLUMNS = (
    PlanItem.id,
    PlanItem.plan_id,
    PlanItem.procurement_id,
    PlanItem.need_id,
    PlanItem.title,
    PlanItem.category,
    PlanItem.priority,
    PlanItem.start_quarter,
    PlanItem.responsible,
    PlanItem.one_off_cost_minor,
    PlanItem.annual_cost_minor,
    PlanItem.budget_source,
    PlanItem.outside_plan,
)


def _by_participant(column):
    """``column`` of each participant's row, in the participants' order (tenant id): the arrays line up."""
    return listed(column, PlanItemParticipant.tenant_id)


# A share is only ever made for a participant (``shares.split_shares``). An item without participants
# has arrays of one NULL (its one row of the outer join).
_SHARE_OF_PARTICIPANT = (PlanItemShare.item_id == PlanItemParticipant.item_id) & (
    PlanItemShare.tenant_id == PlanItemParticipant.tenant_id
)
_ITEMS = (
    select(
        *ITEM_COLUMNS,
        _by_participant(PlanItemParticipant.tenant_id).label("participant_ids"),
        _by_participant(PlanItemShare.tenant_id).label("shared_ids"),
        _by_participant(PlanItemShare.one_off_minor).label("one_off_shares"),
        _by_participant(PlanItemShare.annual_minor).label("annual_shares"),
    )
    .outerjoin(PlanItemParticipant, PlanItemParticipant.item_id == PlanItem.id)
    .outerjoin(PlanItemShare, _SHARE_OF_PARTICIPANT)
    .where(PlanItem.plan_id.in_(bindparam("plan_ids", expanding=True)))
    .group_by(PlanItem.id)
    .order_by(PlanItem.priority, PlanItem.start_quarter, PlanItem.id)
)


def item_rows(session: Session, plan_ids: list[int]) -> list[Row]:
    """The plans' items in the plans' order (priority, start quarter, id), each with its participants' arrays."""
    return list(session.execute(_ITEMS, {"plan_ids": plan_ids}))


def participants(item: Row):
    """(tenant id, share or None) of each participant of an item row; a share is (one-off, annual)."""
    for tenant_id, shared_id, one_off, annual in zip(
        item.participant_ids, item.shared_ids, item.one_off_shares, item.annual_shares
    ):
        if tenant_id is not None:
            yield tenant_id, (None if shared_id is None else (one_off, annual))
