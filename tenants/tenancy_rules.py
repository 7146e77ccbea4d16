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
        where=lambda p: true() if p.is_operator else or_(
            _in(RegionMembership.region_id, p.admin_region_ids), _in(RegionMembership.tenant_id, p.tenant_ids)
        ),
        allows=lambda p, m: p.is_operator,
    ),
    PartnerOrganisation: TenancyRule(
        where=lambda p: true() if p.is_operator else or_(
            _in(PartnerOrganisation.region_id, p.region_ids), _in(PartnerOrganisation.id, p.partner_ids)
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
        where=lambda p: or_(AuditEvent.actor_user_id == (p.user_id or -1), _in(AuditEvent.tenant_id, p.tenant_ids),
                            _in(AuditEvent.region_id, p.admin_region_ids)),
        allows=lambda p, e: True,
    ),
    User: TenancyRule(
        where=lambda p: or_(
            User.id == (p.user_id or -1),
            User.id.in_(select(RoleAssignment.user_id).where(_scope_where(RoleAssignment, p))),
        ),
        allows=lambda p, u: u.id == p.user_id,
    ),
}
