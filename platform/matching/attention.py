"""What needs attention in the matching: the region coordinator's open proposals. One branch."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import INFO, AttentionItem, Branch, Query, role_scopes, scope_ids, scope_params
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import OPEN, MatchProposal
from samverka.tenants.models import Region
from samverka.tenants.roles import Role

_OPEN_PROPOSALS = Query(
    select(Region.id, Region.name, func.count(MatchProposal.id))
    .join(MatchProposal, MatchProposal.region_id == Region.id)
    .where(Region.id.in_(scope_ids(Role.COORDINATOR)), MatchProposal.status == OPEN)
    .group_by(Region.id, Region.name),
    (Region.name,),
)


def matching_attention(session: Session, principal: Principal, today: date) -> list[Branch]:
    region_ids = role_scopes(principal, Role.COORDINATOR)
    if not region_ids:
        return []
    return [Branch(_OPEN_PROPOSALS, scope_params(Role.COORDINATOR, region_ids), _items)]


def _items(rows: list) -> list[AttentionItem]:
    return [
        AttentionItem(
            kind="matching.open_proposals",
            key=f"matching.open_proposals:region:{region_id}",
            role=Role.COORDINATOR,
            severity=INFO,
            title=ngettext("%(num)s open matching proposal", "%(num)s open matching proposals", count),
            detail=_("Accept each as a joint procurement, or dismiss it with a reason."),
            count=count,
            endpoint="matching.proposals",
            values=(("region_id", region_id),),
            scope_name=name,
        )
        for region_id, name, count in rows
    ]
