"""What needs attention in the award: one query per role, whatever the number of procurements.

A chief executive: the awards awaiting their municipality's approval (danger once one has waited
``AWARD_ESCALATION_DAYS``). A region's coordinator: recommendations to quality-check, and contracts to
sign once the standstill period is over (one query for both). A purchaser: a recommendation the coordinator
returned.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import DANGER, WARNING, AttentionItem, role_scopes
from samverka.platform.awards.models import AwardApproval, AwardDecision, AwardQualityCheck
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.tenants.models import Region
from samverka.tenants.roles import Role

ENDPOINT = "awards.award"


def awards_attention(session: Session, principal: Principal, today: date) -> list[AttentionItem]:
    chief = role_scopes(principal, Role.CHIEF_EXECUTIVE)
    coordinated = role_scopes(principal, Role.COORDINATOR)
    purchasing = role_scopes(principal, Role.PURCHASER)
    items = []
    if chief:
        items += _approvals_awaited(session, chief, today)
    if coordinated:
        items += _coordinators_steps(session, coordinated, today)
    if purchasing:
        items += _returned(session, purchasing)
    return items


def _item(kind: str, procurement_id: int, role: Role, title: str, severity: str = WARNING, **more) -> AttentionItem:
    return AttentionItem(
        kind=f"awards.{kind}",
        key=f"awards.{kind}:{procurement_id}:{more.pop('key_suffix', '')}",
        role=role,
        severity=severity,
        title=title,
        endpoint=ENDPOINT,
        values=(("procurement_id", procurement_id),),
        **more,
    )


def _approvals_awaited(session: Session, tenant_ids: frozenset[int], today: date) -> list[AttentionItem]:
    rows = session.execute(
        select(AwardApproval.procurement_id, AwardApproval.tenant_id, AwardApproval.tenant_name)
        .add_columns(AwardApproval.requested_at, JointProcurement.title)
        .join(JointProcurement, JointProcurement.id == AwardApproval.procurement_id)
        .where(
            AwardApproval.tenant_id.in_(sorted(tenant_ids)),
            AwardApproval.decision.is_(None),
            JointProcurement.status == "approval",
        )
        .order_by(AwardApproval.requested_at, AwardApproval.id)
    )
    escalation = current_app.config["AWARD_ESCALATION_DAYS"]
    return [
        _item(
            "approve",
            procurement_id,
            Role.CHIEF_EXECUTIVE,
            _("Approve the award of %(title)s", title=title),
            DANGER if (today - requested_at.date()).days >= escalation else WARNING,
            key_suffix=tenant_id,
            detail=_("The award awaits the decision of %(municipality)s.", municipality=tenant_name),
            scope_name=tenant_name,
        )
        for procurement_id, tenant_id, tenant_name, requested_at, title in rows
    ]


def _coordinators_steps(session: Session, region_ids: frozenset[int], today: date) -> list[AttentionItem]:
    """Recommendations to quality-check and contracts to sign (the standstill over): one query for both."""
    rows = session.execute(
        select(JointProcurement.id, JointProcurement.title, JointProcurement.status, Region.name)
        .add_columns(AwardDecision.standstill_ends_on)
        .join(Region, Region.id == JointProcurement.region_id)
        .outerjoin(AwardDecision, AwardDecision.procurement_id == JointProcurement.id)
        .where(
            JointProcurement.region_id.in_(sorted(region_ids)),
            or_(
                JointProcurement.status == "quality_check",
                and_(JointProcurement.status == "standstill", AwardDecision.standstill_ends_on < today),
            ),
        )
        .order_by(JointProcurement.id)
    )
    return [_coordinators_step(*row) for row in rows]


def _coordinators_step(procurement_id: int, title: str, status: str, region: str, ends_on) -> AttentionItem:
    if status == "quality_check":
        text = _("Quality-check the award recommendation of %(title)s", title=title)
        return _item("quality_check", procurement_id, Role.COORDINATOR, text, scope_name=region)
    return _item(
        "sign_contract",
        procurement_id,
        Role.COORDINATOR,
        _("Sign the contract of %(title)s", title=title),
        detail=_("The standstill period ended on %(day)s.", day=ends_on.isoformat()),
        scope_name=region,
    )


def _returned(session: Session, region_ids: frozenset[int]) -> list[AttentionItem]:
    rows = session.execute(
        select(AwardQualityCheck.procurement_id, AwardQualityCheck.outcome, AwardQualityCheck.comment)
        .add_columns(JointProcurement.title, Region.name)
        .join(JointProcurement, JointProcurement.id == AwardQualityCheck.procurement_id)
        .join(Region, Region.id == JointProcurement.region_id)
        .where(JointProcurement.region_id.in_(sorted(region_ids)), JointProcurement.status == "evaluation")
        .order_by(AwardQualityCheck.procurement_id, AwardQualityCheck.id)
    )
    latest = {row.procurement_id: row for row in rows}  # the last check of each procurement counts
    return [
        _item(
            "returned",
            pid,
            Role.PURCHASER,
            _("Award recommendation returned: %(title)s", title=row.title),
            detail=row.comment,
            scope_name=row.name,
        )
        for pid, row in latest.items()
        if row.outcome == "returned"
    ]
