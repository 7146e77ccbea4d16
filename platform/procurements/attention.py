"""What needs attention in joint procurements: open invitations to join (the IT coordinator's),
unanswered ones near their deadline (the coordinator's), procurements waiting on municipalities
(the purchaser's) and the pipeline by status (the partner's). One branch per role held; the purchaser's
running procurements follow with their gate checks."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import (
    DANGER,
    INFO,
    TODAY,
    WARNING,
    AttentionItem,
    Branch,
    Contribution,
    Query,
    role_scopes,
    scope_ids,
    scope_params,
    severity_by_days,
)
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.titles import localized_title
from samverka.platform.procurements import planning
from samverka.platform.procurements.gates import gates
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed
from samverka.platform.procurements.stage_page import grouped
from samverka.platform.procurements.stages import CANCELLED, STAGE_LABELS, ahead
from samverka.tenants.models import Region, Tenant
from samverka.tenants.roles import Role

# An unanswered invitation is a warning this many days before its deadline (the reminder's window and more).
NEAR_DEADLINE_DAYS = 7


def procurements_attention(session: Session, principal: Principal, today: date) -> list[Contribution]:
    purchasing = bool(role_scopes(principal, Role.PURCHASER))
    return (
        _open_invitations(principal, today)
        + _unanswered(principal, today)
        + _waiting(principal, today)
        + ([lambda: _running(session, principal, today)] if purchasing else [])
        + _pipeline(principal)
    )


def _open_invitations(principal: Principal, today: date) -> list[Branch]:
    tenant_ids = role_scopes(principal, Role.IT_COORDINATOR)
    if not tenant_ids:
        return []
    params = scope_params(Role.IT_COORDINATOR, tenant_ids)
    return [Branch(_OPEN_INVITATIONS, params, lambda rows: [_invitation_item(row, today) for row in rows])]


def _invitations() -> Query:
    need_in = exists().where(
        ProcurementNeed.procurement_id == JoinInvitation.procurement_id,
        ProcurementNeed.tenant_id == JoinInvitation.tenant_id,
    )
    statement = (
        select(JoinInvitation.id, JoinInvitation.deadline, JointProcurement.title, Tenant.name, need_in)
        .join(JointProcurement, JointProcurement.id == JoinInvitation.procurement_id)
        .join(Tenant, Tenant.id == JoinInvitation.tenant_id)
        .where(
            JoinInvitation.tenant_id.in_(scope_ids(Role.IT_COORDINATOR)),
            JoinInvitation.status == "pending",
            JoinInvitation.deadline >= TODAY,
        )
    )
    return Query(statement, (JoinInvitation.deadline, JoinInvitation.id))


_OPEN_INVITATIONS = _invitations()


def _invitation_item(row, today: date) -> AttentionItem:
    invitation_id, deadline, title, tenant_name, need_in = row
    if need_in:
        detail = _("Your municipality's need is already in. Answer by %(date)s.", date=format_date(deadline, "long"))
    else:
        detail = _("Answer by %(date)s: join with a need, or decline.", date=format_date(deadline, "long"))
    return AttentionItem(
        kind="procurements.join_invitation",
        key=f"procurements.join_invitation:{invitation_id}",
        role=Role.IT_COORDINATOR,
        severity=severity_by_days((deadline - today).days, NEAR_DEADLINE_DAYS),
        title=_("Invitation to join %(title)s", title=localized_title(title)),
        detail=detail,
        endpoint="procurements.join_invitation",
        values=(("join_invitation_id", invitation_id),),
        due=deadline,
        scope_name=tenant_name,
    )


def _pending(role: Role):
    """The pending invitations in the regions where the principal holds ``role``."""
    return (
        select(JoinInvitation.procurement_id, JoinInvitation.deadline, JointProcurement.title, Region.name, Tenant.name)
        .join(JointProcurement, JointProcurement.id == JoinInvitation.procurement_id)
        .join(Region, Region.id == JoinInvitation.region_id)
        .join(Tenant, Tenant.id == JoinInvitation.tenant_id)
        .where(
            JoinInvitation.region_id.in_(scope_ids(role)),
            JoinInvitation.status == "pending",
            JoinInvitation.deadline >= TODAY,
        )
    )


_PENDING_ORDER = (JoinInvitation.deadline, Tenant.name)
# The coordinator's: those that close within the week (``near_deadline``); the purchaser's: all.
_CLOSING = Query(
    _pending(Role.COORDINATOR).where(JoinInvitation.deadline <= bindparam("near_deadline")), _PENDING_ORDER
)
_PENDING = Query(_pending(Role.PURCHASER), _PENDING_ORDER)


def _by_procurement(rows: list) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        found[row[0]].append(row)
    return found


def _unanswered(principal: Principal, today: date) -> list[Branch]:
    """Per procurement, who has not answered an invitation that closes within the week."""
    region_ids = role_scopes(principal, Role.COORDINATOR)
    if not region_ids:
        return []
    near = today + timedelta(days=NEAR_DEADLINE_DAYS)
    params = {**scope_params(Role.COORDINATOR, region_ids), "near_deadline": near}
    return [Branch(_CLOSING, params, lambda rows: _each_procurement(_unanswered_item, rows, today))]


def _each_procurement(item, rows: list, today: date) -> list[AttentionItem]:
    return [item(procurement_id, rows, today) for procurement_id, rows in _by_procurement(rows).items()]


def _unanswered_item(procurement_id: int, rows: list, today: date) -> AttentionItem:
    deadline, title, region_name = rows[0][1], rows[0][2], rows[0][3]
    names = ", ".join(row[4] for row in rows)
    return AttentionItem(
        kind="procurements.unanswered",
        key=f"procurements.unanswered:{procurement_id}",
        role=Role.COORDINATOR,
        severity=severity_by_days((deadline - today).days, NEAR_DEADLINE_DAYS),
        title=ngettext(
            "%(num)s municipality has not answered the invitation to join %(title)s",
            "%(num)s municipalities have not answered the invitation to join %(title)s",
            len(rows),
            title=localized_title(title),
        ),
        detail=_("Waiting for %(names)s; the deadline is %(date)s.", names=names, date=format_date(deadline, "long")),
        count=len(rows),
        endpoint="procurements.procurement",
        values=(("procurement_id", procurement_id),),
        due=deadline,
        scope_name=region_name,
    )


def _waiting(principal: Principal, today: date) -> list[Branch]:
    """The purchaser's: procurements whose invitations still wait on an answer."""
    region_ids = role_scopes(principal, Role.PURCHASER)
    if not region_ids:
        return []
    params = scope_params(Role.PURCHASER, region_ids)
    return [Branch(_PENDING, params, lambda rows: _each_procurement(_waiting_item, rows, today))]


def _waiting_item(procurement_id: int, rows: list, today: date) -> AttentionItem:
    deadline, title, region_name = rows[0][1], rows[0][2], rows[0][3]
    return AttentionItem(
        kind="procurements.waiting",
        key=f"procurements.waiting:{procurement_id}",
        role=Role.PURCHASER,
        severity=severity_by_days((deadline - today).days, NEAR_DEADLINE_DAYS),
        title=_("%(title)s is waiting on the municipalities", title=localized_title(title)),
        detail=ngettext(
            "%(num)s answer to an invitation to join is outstanding: %(names)s.",
            "%(num)s answers to invitations to join are outstanding: %(names)s.",
            len(rows),
            names=", ".join(row[4] for row in rows),
        ),
        count=len(rows),
        endpoint="procurements.procurement",
        values=(("procurement_id", procurement_id),),
        due=deadline,
        scope_name=region_name,
    )


def _pipeline(principal: Principal) -> list[Branch]:
    """The partner's overview: the region's joint procurements, counted by status."""
    region_ids = role_scopes(principal, Role.PARTNER_READER)
    if not region_ids:
        return []
    return [Branch(_PIPELINE, scope_params(Role.PARTNER_READER, region_ids), _pipeline_items)]


_PIPELINE = Query(
    select(Region.id, Region.name, JointProcurement.status, func.count(JointProcurement.id))
    .join(JointProcurement, JointProcurement.region_id == Region.id)
    .where(Region.id.in_(scope_ids(Role.PARTNER_READER)))
    .group_by(Region.id, Region.name, JointProcurement.status),
    (Region.name, JointProcurement.status),
)


def _pipeline_items(rows: list) -> list[AttentionItem]:
    return [
        AttentionItem(
            kind="procurements.pipeline",
            key=f"procurements.pipeline:{status}:region:{region_id}",
            role=Role.PARTNER_READER,
            severity=INFO,
            title=_pipeline_title(status, count),
            count=count,
            endpoint="procurements.procurements",
            values=(("region_id", region_id),),
            scope_name=name,
        )
        for region_id, name, status, count in rows
    ]


def _pipeline_title(status: str, count: int) -> str:
    if status == "draft":
        return ngettext("%(num)s joint procurement being prepared", "%(num)s joint procurements being prepared", count)
    return ngettext(
        "%(num)s joint procurement at the stage %(stage)s",
        "%(num)s joint procurements at the stage %(stage)s",
        count,
        stage=STAGE_LABELS[status],
    )


def _running(session: Session, principal: Principal, today: date) -> list[AttentionItem]:
    """The purchaser's: procurements with late stages, and those whose gate to the next stage holds.

    One query for the procurements, and one per gate check for all of them (``Gates.missing_for_many``).
    """
    region_ids = role_scopes(principal, Role.PURCHASER)
    rows = session.execute(
        select(JointProcurement, Region.name)
        .join(Region, Region.id == JointProcurement.region_id)
        .where(
            JointProcurement.region_id.in_(sorted(region_ids)),
            JointProcurement.status.not_in((CANCELLED, "in_operation")),
        )
        .order_by(JointProcurement.id)
    ).all()
    targets = [(p, ahead(p.status)) for p, _name in rows if ahead(p.status)]
    missing = gates().missing_for_many(session, targets)
    items = []
    for procurement, region_name in rows:
        late = planning.late_stages(procurement, today)
        if late:
            items.append(_late_item(procurement, late, region_name))
        if missing.get(procurement.id):
            items.append(_gate_item(procurement, missing[procurement.id], region_name, today))
    return items


def _late_item(procurement: JointProcurement, late: list, region_name: str) -> AttentionItem:
    first = late[0]
    return AttentionItem(
        kind="procurements.late",
        key=f"procurements.late:{procurement.id}",
        role=Role.PURCHASER,
        severity=DANGER,
        title=_("%(title)s is behind its plan", title=localized_title(procurement.title)),
        detail=_(
            "%(stage)s was planned by %(date)s and has not been reached.",
            stage=STAGE_LABELS[first.stage],
            date=format_date(first.planned, "long"),
        ),
        count=len(late),
        endpoint="procurements.procurement",
        values=(("procurement_id", procurement.id),),
        due=first.planned,
        scope_name=region_name,
    )


def _gate_item(procurement: JointProcurement, missing: list, region_name: str, today: date) -> AttentionItem:
    next_stage = ahead(procurement.status)
    planned = procurement.planned_dates.get(next_stage)
    due = date.fromisoformat(planned) if planned else None
    soon = due is not None and (due - today).days <= planning.DUE_SOON_DAYS
    return AttentionItem(
        kind="procurements.gate",
        key=f"procurements.gate:{procurement.id}",
        role=Role.PURCHASER,
        severity=WARNING if soon else INFO,
        title=_(
            "%(title)s waits before %(stage)s",
            title=localized_title(procurement.title),
            stage=STAGE_LABELS[next_stage],
        ),
        detail=" ".join(f"{role}: {' '.join(texts)}" for role, texts in grouped(missing)),
        count=len(missing),
        endpoint="procurements.procurement",
        values=(("procurement_id", procurement.id),),
        due=due,
        scope_name=region_name,
    )
