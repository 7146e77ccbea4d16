"""What needs attention in the award: one branch per role, whatever the number of procurements.

A chief executive: the awards awaiting their municipality's approval (danger once one has waited
``AWARD_ESCALATION_DAYS``). A region's coordinator: recommendations to quality-check, and contracts to
sign once the standstill period is over (one branch for both). A purchaser: a recommendation the coordinator
returned.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import (
    DANGER,
    TODAY,
    WARNING,
    AttentionItem,
    Branch,
    Query,
    role_scopes,
    scope_ids,
    scope_params,
)
from samverka.platform.awards.models import AwardApproval, AwardDecision, AwardQualityCheck
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.tenants.models import Region
from samverka.tenants.roles import Role

ENDPOINT = "awards.award"


def awards_attention(session: Session, principal: Principal, today: date) -> list[Branch]:
    chief = role_scopes(principal, Role.CHIEF_EXECUTIVE)
    coordinated = role_scopes(principal, Role.COORDINATOR)
    purchasing = role_scopes(principal, Role.PURCHASER)
    branches = []
    if chief:
        params = scope_params(Role.CHIEF_EXECUTIVE, chief)
        branches.append(Branch(_APPROVALS_AWAITED, params, lambda rows: _approvals(rows, today)))
    if coordinated:
        params = scope_params(Role.COORDINATOR, coordinated)
        branches.append(Branch(_COORDINATORS_STEPS, params, lambda rows: [_coordinators_step(*r) for r in rows]))
    if purchasing:
        branches.append(Branch(_RETURNED, scope_params(Role.PURCHASER, purchasing), _returned_items))
    return branches


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


_APPROVALS_AWAITED = Query(
    (
        select(AwardApproval.procurement_id, AwardApproval.tenant_id, AwardApproval.tenant_name)
        .add_columns(AwardApproval.requested_at, JointProcurement.title)
        .join(JointProcurement, JointProcurement.id == AwardApproval.procurement_id)
        .where(
            AwardApproval.tenant_id.in_(scope_ids(Role.CHIEF_EXECUTIVE)),
            AwardApproval.decision.is_(None),
            JointProcurement.status == "approval",
        )
    ),
    (AwardApproval.requested_at, AwardApproval.id),
)


def _approvals(rows: list, today: date) -> list[AttentionItem]:
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


# Recommendations to quality-check and contracts to sign (the standstill over): one branch for both.
_COORDINATORS_STEPS = Query(
    (
        select(JointProcurement.id, JointProcurement.title, JointProcurement.status, Region.name)
        .add_columns(AwardDecision.standstill_ends_on)
        .join(Region, Region.id == JointProcurement.region_id)
        .outerjoin(AwardDecision, AwardDecision.procurement_id == JointProcurement.id)
        .where(
            JointProcurement.region_id.in_(scope_ids(Role.COORDINATOR)),
            or_(
                JointProcurement.status == "quality_check",
                and_(JointProcurement.status == "standstill", AwardDecision.standstill_ends_on < TODAY),
            ),
        )
    ),
    (JointProcurement.id,),
)


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


_RETURNED = Query(
    (
        select(AwardQualityCheck.procurement_id, AwardQualityCheck.outcome, AwardQualityCheck.comment)
        .add_columns(JointProcurement.title, Region.name)
        .join(JointProcurement, JointProcurement.id == AwardQualityCheck.procurement_id)
        .join(Region, Region.id == JointProcurement.region_id)
        .where(JointProcurement.region_id.in_(scope_ids(Role.PURCHASER)), JointProcurement.status == "evaluation")
    ),
    (AwardQualityCheck.procurement_id, AwardQualityCheck.id),
)


def _returned_items(rows: list) -> list[AttentionItem]:
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
