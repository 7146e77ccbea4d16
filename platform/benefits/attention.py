"""What needs attention in benefit follow-up: the IT coordinator's measurements due or overdue, one item per
plan. Two queries, whatever the number of plans (``services.due``): after the attention statement, as the
benefit periods are reckoned here."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from samverka.platform.attention.items import DANGER, WARNING, AttentionItem, Contribution, role_scopes
from samverka.platform.benefits import periods as p
from samverka.platform.benefits.services.due import missing_measurements
from samverka.platform.benefits.services.follow_up import OVERDUE
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.titles import localized_title
from samverka.tenants.roles import Role


def benefits_attention(session: Session, principal: Principal, today: date) -> list[Contribution]:
    tenant_ids = role_scopes(principal, Role.IT_COORDINATOR)
    return [lambda: _measurements_due(session, tenant_ids, today)] if tenant_ids else []


def _measurements_due(session: Session, tenant_ids: frozenset[int], today: date) -> list[AttentionItem]:
    missing = missing_measurements(session, lambda _country: today, tenant_ids)
    items = []
    for plan_id, owed in groupby(missing, key=lambda item: item.plan_id):
        owed = list(owed)
        overdue = sum(item.state == OVERDUE for item in owed)
        first = owed[0]
        items.append(
            AttentionItem(
                kind="benefits.measurements_due",
                key=f"benefits.measurements_due:{plan_id}",
                role=Role.IT_COORDINATOR,
                severity=DANGER if overdue else WARNING,
                title=_("Record the benefits of %(title)s", title=localized_title(first.need_title)),
                detail=ngettext(
                    "%(num)s measurement is due, %(overdue)s of them overdue.",
                    "%(num)s measurements are due, %(overdue)s of them overdue.",
                    len(owed),
                    overdue=overdue,
                ),
                count=len(owed),
                due=min(p.due_on(item.period) for item in owed),
                endpoint="benefits.plan_follow_up",
                values=(("benefit_plan_id", plan_id),),
                scope_name=first.tenant_name,
            )
        )
    return items
