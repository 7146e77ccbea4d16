"""What each tenant- or region-owned table shows to a principal.

Each rule exists twice on purpose: as a SQLAlchemy filter the scoping layer adds
to every ORM query, and as the PostgreSQL row-level-security policy in the
migrations. They must say the same thing; ``tests/tenants/test_rls.py`` checks
that raw SQL and ORM reads agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from samverka.platform.audit.models import AuditEvent
from samverka.platform.contracts.models import (
    Contract,
    ContractCpvCode,
    ContractDocument,
    ContractImport,
    ContractParticipant,
    RegionLeadTime,
    Reprocurement,
)
from samverka.platform.matching.models import MatchProposal
from samverka.platform.needs.models import (
    BenefitLine,
    BenefitPlan,
    BenefitTemplate,
    Need,
    NeedCpvCode,
    NeedEvent,
    NeedSubmission,
)
from samverka.platform.plans.models import (
    ActionPlan,
    FixedShare,
    PlanItem,
    PlanItemParticipant,
    PlanItemShare,
    PlanSettings,
    PlanVote,
)
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed
from samverka.platform.thresholds.models import Threshold
from samverka.tenants.models import (
    Invitation,
    PartnerOrganisation,
    Region,
    RegionMembership,
    RoleAssignment,
    Tenant,
    User,
)
from samverka.tenants.principal import Principal


@dataclass(frozen=True)
class TenancyRule:
    """``where`` filters reads; ``allows`` checks a row about to be written."""

    where: Callable[[Principal], ColumnElement[bool]]
    allows: Callable[[Principal, object], bool]


def _in(column, ids) -> ColumnElement[bool]:
    return column.in_(sorted(ids)) if ids else false()


def _scope_where(model, p: Principal) -> ColumnElement[bool]:
    """Role assignments and invitations: the same visibility for both."""
    return or_(
        _in(model.tenant_id, p.directory_tenant_ids),
        _in(model.region_id, p.admin_region_ids),
        and_(true() if p.is_operator else false(), model.tenant_id.is_(None), model.partner_id.is_(None)),
    )


def _scope_allows(p: Principal, row) -> bool:
    if row.tenant_id is not None:
        return row.tenant_id in p.directory_tenant_ids
    if row.region_id is not None:
        return row.region_id in p.admin_region_ids or (p.is_operator and row.partner_id is None)
    return p.is_operator


def _need_visible(p: Principal) -> ColumnElement[bool]:
    """A tenant's own needs; once no longer a draft, also for the staff of the regions it was submitted to."""
    submitted = select(NeedSubmission.need_id).where(_in(NeedSubmission.region_id, p.admin_region_ids))
    return or_(_in(Need.tenant_id, p.tenant_ids), and_(Need.status != "draft", Need.id.in_(submitted)))


def _need_allows(p: Principal, need) -> bool:
    return need.tenant_id in p.tenant_ids or (
        need.status != "draft" and any(s.region_id in p.admin_region_ids for s in need.submissions)
    )


def _region_owned(model) -> TenancyRule:
    """The region's own rows: read by everyone working in or with the region, written by its staff."""
    return TenancyRule(
        where=lambda p: _in(model.region_id, p.region_ids), allows=lambda p, row: row.region_id in p.admin_region_ids
    )


def _owned_read(model, p: Principal) -> ColumnElement[bool]:
    """The contract register: a tenant's own rows; a region's rows for everyone working in or with it."""
    return or_(_in(model.tenant_id, p.tenant_ids), _in(model.region_id, p.region_ids))


def _owned_allows(p: Principal, row) -> bool:
    return row.tenant_id in p.tenant_ids or row.region_id in p.admin_region_ids


def _of_visible_need(column, p: Principal) -> ColumnElement[bool]:
    return column.in_(select(Need.id).where(_need_visible(p)))


RULES: dict[type, TenancyRule] = {
    Region: TenancyRule(
        where=lambda p: true() if p.is_operator else _in(Region.id, p.region_ids),
        allows=lambda p, r: p.is_operator or r.id in p.admin_region_ids,
    ),
    Tenant: TenancyRule(
        where=lambda p: true() if p.is_operator else _in(Tenant.id, p.directory_tenant_ids),
        allows=lambda p, t: p.is_operator or t.id in p.directory_tenant_ids,
    ),
    RegionMembership: TenancyRule(
        where=lambda p: (
            true()
            if p.is_operator
            else or_(_in(RegionMembership.region_id, p.admin_region_ids), _in(RegionMembership.tenant_id, p.tenant_ids))
        ),
        allows=lambda p, m: p.is_operator,
    ),
    PartnerOrganisation: TenancyRule(
        where=lambda p: (
            true()
            if p.is_operator
            else or_(_in(PartnerOrganisation.region_id, p.region_ids), _in(PartnerOrganisation.id, p.partner_ids))
        ),
        allows=lambda p, o: p.is_operator or o.region_id in p.admin_region_ids,
    ),
    RoleAssignment: TenancyRule(
        where=lambda p: or_(RoleAssignment.user_id == (p.user_id or -1), _scope_where(RoleAssignment, p)),
        allows=_scope_allows,
    ),
    Invitation: TenancyRule(where=lambda p: _scope_where(Invitation, p), allows=_scope_allows),
    # The audit log is append-only: anyone may add their own events, reads are scoped.
    AuditEvent: TenancyRule(
        where=lambda p: or_(
            AuditEvent.actor_user_id == (p.user_id or -1),
            _in(AuditEvent.tenant_id, p.tenant_ids),
            _in(AuditEvent.region_id, p.admin_region_ids),
        ),
        allows=lambda p, e: True,
    ),
    # Proposals name other tenants' needs: the region's own staff only.
    MatchProposal: TenancyRule(
        where=lambda p: _in(MatchProposal.region_id, p.admin_region_ids),
        allows=lambda p, m: m.region_id in p.admin_region_ids,
    ),
    # Joint procurements are the region's: its members, partners and staff read them, staff write them.
    JointProcurement: _region_owned(JointProcurement),
    # The needs a procurement holds; a tenant links its own need when it joins.
    ProcurementNeed: TenancyRule(
        where=lambda p: _in(ProcurementNeed.region_id, p.region_ids),
        allows=lambda p, n: (
            n.region_id in p.admin_region_ids or (n.tenant_id in p.tenant_ids and n.region_id in p.region_ids)
        ),
    ),
    # An invitation to join is between the region's staff and the one invited tenant.
    JoinInvitation: TenancyRule(
        where=lambda p: or_(
            _in(JoinInvitation.tenant_id, p.tenant_ids), _in(JoinInvitation.region_id, p.admin_region_ids)
        ),
        allows=lambda p, i: i.tenant_id in p.tenant_ids or i.region_id in p.admin_region_ids,
    ),
    # A need is its tenant's; a submitted one is also read, and its status moved, by the staff of the
    # regions it was submitted to. Its codes, history and plan follow it; only its tenant writes codes and plans.
    Need: TenancyRule(where=_need_visible, allows=_need_allows),
    NeedSubmission: TenancyRule(
        where=lambda p: or_(
            _in(NeedSubmission.tenant_id, p.tenant_ids), _in(NeedSubmission.region_id, p.admin_region_ids)
        ),
        allows=lambda p, s: s.tenant_id in p.tenant_ids,
    ),
    NeedCpvCode: TenancyRule(
        where=lambda p: _of_visible_need(NeedCpvCode.need_id, p), allows=lambda p, c: c.need.tenant_id in p.tenant_ids
    ),
    # The history is only ever added to (the policy lets it go only with a deleted draft).
    NeedEvent: TenancyRule(
        where=lambda p: _of_visible_need(NeedEvent.need_id, p), allows=lambda p, e: _need_allows(p, e.need)
    ),
    BenefitPlan: TenancyRule(
        where=lambda p: _of_visible_need(BenefitPlan.need_id, p),
        allows=lambda p, plan: plan.need.tenant_id in p.tenant_ids,
    ),
    BenefitLine: TenancyRule(
        where=lambda p: BenefitLine.plan_id.in_(select(BenefitPlan.id).where(_of_visible_need(BenefitPlan.need_id, p))),
        allows=lambda p, line: line.plan.need.tenant_id in p.tenant_ids,
    ),
    # The region's template: read by everyone working in or with the region, written by its staff.
    BenefitTemplate: _region_owned(BenefitTemplate),
    # Action plans are the region's: read by its members, partners and staff, written by its staff.
    **{model: _region_owned(model) for model in (PlanSettings, FixedShare, ActionPlan, PlanItem, PlanItemParticipant)},
    # A tenant's cost shares are its budget lines: its own, and the whole table for the region's staff.
    PlanItemShare: TenancyRule(
        where=lambda p: or_(
            _in(PlanItemShare.region_id, p.admin_region_ids), _in(PlanItemShare.tenant_id, p.tenant_ids)
        ),
        allows=lambda p, s: s.region_id in p.admin_region_ids,
    ),
    # A vote is cast by a user of the voting member tenant, and never changed.
    PlanVote: TenancyRule(
        where=lambda p: _in(PlanVote.region_id, p.region_ids),
        allows=lambda p, v: v.tenant_id in p.tenant_ids and v.region_id in p.region_ids,
    ),
    # The contract register: a tenant's contracts are its own (no region staff, no partner, no other tenant);
    # a region's joint contracts are read by its members, partners and staff and written by its staff.
    **{
        model: TenancyRule(where=lambda p, m=model: _owned_read(m, p), allows=_owned_allows)
        for model in (Contract, ContractCpvCode, ContractDocument, Reprocurement)
    },
    # An uploaded register file is read only by the side that may write the register.
    ContractImport: TenancyRule(
        where=lambda p: or_(
            _in(ContractImport.tenant_id, p.tenant_ids), _in(ContractImport.region_id, p.admin_region_ids)
        ),
        allows=_owned_allows,
    ),
    **{model: _region_owned(model) for model in (ContractParticipant, RegionLeadTime)},
    # Thresholds are global reference data: everyone reads them, the operator (or the system) writes them.
    Threshold: TenancyRule(where=lambda p: true(), allows=lambda p, t: p.is_operator),
    User: TenancyRule(
        where=lambda p: or_(
            User.id == (p.user_id or -1),
            User.id.in_(select(RoleAssignment.user_id).where(_scope_where(RoleAssignment, p))),
        ),
        allows=lambda p, u: u.id == p.user_id,
    ),
}
