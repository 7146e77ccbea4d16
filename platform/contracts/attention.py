"""What needs attention in the contract register: the IT coordinator's re-procurements that must start
soon or are overdue, from the rows the lead-time job plans (``services/schedule.py``). One branch."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from samverka.platform.attention.items import (
    TODAY,
    AttentionItem,
    Branch,
    Query,
    role_scopes,
    scope_ids,
    scope_params,
    severity_by_days,
)
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.titles import localized_title
from samverka.platform.needs.lifecycle import DRAFT
from samverka.platform.needs.models import Need
from samverka.tenants.models import Tenant
from samverka.tenants.roles import Role

# A re-procurement starting within about six months is a warning; an overdue one is danger.
WARNING_DAYS = 183


def _reprocurements() -> Query:
    last_end = func.coalesce(Contract.extendable_to, Contract.ends_on)
    statement = (
        select(
            Reprocurement.id, Reprocurement.starts_on, Reprocurement.need_id, Contract.id, Contract.title, Tenant.name
        )
        .join(Contract, Contract.id == Reprocurement.contract_id)
        .join(Tenant, Tenant.id == Reprocurement.tenant_id)
        .outerjoin(Need, Need.id == Reprocurement.need_id)
        .where(
            Reprocurement.tenant_id.in_(scope_ids(Role.IT_COORDINATOR)),
            # the contract's current period only (an extension plans a new one), while it still runs
            Reprocurement.period_end == last_end,
            last_end >= TODAY,
            # started once its need left the draft: submitted to the region, or joined
            or_(Reprocurement.need_id.is_(None), Need.status == DRAFT),
        )
    )
    return Query(statement, (Reprocurement.starts_on, Reprocurement.id))


_REPROCUREMENTS = _reprocurements()


def contracts_attention(session: Session, principal: Principal, today: date) -> list[Branch]:
    tenant_ids = role_scopes(principal, Role.IT_COORDINATOR)
    if not tenant_ids:
        return []
    params = scope_params(Role.IT_COORDINATOR, tenant_ids)
    return [Branch(_REPROCUREMENTS, params, lambda rows: [_item(row, today) for row in rows])]


def _item(row, today: date) -> AttentionItem:
    reprocurement_id, starts_on, need_id, contract_id, title, tenant_name = row
    days = (starts_on - today).days
    if days < 0:
        when = ngettext("%(num)s day overdue.", "%(num)s days overdue.", -days)
    else:
        when = ngettext("%(num)s day left.", "%(num)s days left.", days)
    if need_id is not None:
        link = ("needs.need", (("need_id", need_id),))
        next_step = _("Its re-procurement need is a draft: review and submit it.")
    else:
        link = ("contracts.contract", (("contract_id", contract_id),))
        next_step = _("Start the re-procurement.")
    return AttentionItem(
        kind="contracts.reprocurement",
        key=f"contracts.reprocurement:{reprocurement_id}",
        role=Role.IT_COORDINATOR,
        severity=severity_by_days(days, WARNING_DAYS),
        title=_(
            "Re-procurement of %(title)s must start by %(date)s",
            title=localized_title(title),
            date=format_date(starts_on, "long"),
        ),
        detail=f"{when} {next_step}",
        endpoint=link[0],
        values=link[1],
        due=starts_on,
        scope_name=tenant_name,
    )
