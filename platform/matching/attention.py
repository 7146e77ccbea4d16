"""What needs attention in the matching: the region coordinator's open proposals. One query."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import INFO, AttentionItem, role_scopes
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import OPEN, MatchProposal
from samverka.tenants.models import Region
from samverka.tenants.roles import Role


def matching_attention(session: Session, principal: Principal, today: date) -> list[AttentionItem]:
    region_ids = role_scopes(principal, Role.COORDINATOR)
    if not region_ids:
        return []
    rows = session.execute(
        select(Region.id, Region.name, func.count(MatchProposal.id))
        .join(MatchProposal, MatchProposal.region_id == Region.id)
        .where(Region.id.in_(sorted(region_ids)), MatchProposal.status == OPEN)
        .group_by(Region.id, Region.name)
        .order_by(Region.name)
    )
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
