"""What needs a person's attention: one item, and the one interface through which areas contribute them.

The attention area sits below the areas that contribute (needs, procurements, matching, contracts,
plans): each of them writes an ``AttentionSource`` in its own ``attention.py``, and the app factory
lists them in one place (``platform/app.py``). A source answers for every role the person holds, in
a constant number of queries, through the tenancy guard like any other read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.roles import Role, ScopeKind

INFO, WARNING, DANGER = "info", "warning", "danger"
SEVERITIES = (DANGER, WARNING, INFO)  # the most urgent first


@dataclass(frozen=True)
class AttentionItem:
    """One thing to do (or to know), for one role in one scope, linking to where it is done.

    ``kind`` names what it is ("needs.drafts"); ``key`` is stable across requests for the same
    thing ("needs.drafts:tenant:5"). ``title`` and ``detail`` are already translated; ``scope_name`` names
    the municipality or region it concerns.
    """

    kind: str
    key: str
    role: str
    severity: str
    title: str
    endpoint: str
    values: tuple[tuple[str, int], ...] = ()
    detail: str = ""
    count: int = 1
    due: date | None = None
    scope_name: str = ""
    role_label: str = ""  # a role the people's roles do not name (a procurement team's), already translated

    @property
    def url_values(self) -> dict:
        return dict(self.values)


class AttentionSource(Protocol):
    """An area's contribution: what needs the principal's attention today, in every role they hold."""

    def __call__(self, session: Session, principal: Principal, today: date) -> list[AttentionItem]: ...


def role_scopes(principal: Principal, role: Role) -> frozenset[int]:
    """The scopes in which the principal holds ``role``: tenants, regions, or (for partners) the partner's region."""
    ids = set()
    for grant in principal.grants:
        if grant.role != role:
            continue
        kind = role.scope_kind
        if kind == ScopeKind.TENANT:
            ids.add(grant.tenant_id)
        elif kind in (ScopeKind.REGION, ScopeKind.PARTNER):
            ids.add(grant.region_id)
    return frozenset(i for i in ids if i is not None)


def order_key(item: AttentionItem) -> tuple:
    """Danger first, then warning, then info; within each, the nearest due date, then the title."""
    return (SEVERITIES.index(item.severity), item.due or date.max, item.title, item.key)


def severity_by_days(days_left: int, warning_days: int) -> str:
    """Overdue is danger, due within ``warning_days`` a warning, later only information (never success)."""
    if days_left < 0:
        return DANGER
    return WARNING if days_left <= warning_days else INFO
