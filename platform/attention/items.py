"""What needs a person's attention: one item, and the one interface through which areas contribute them.

The attention area sits below the areas that contribute (needs, procurements, matching, contracts,
plans): each of them writes an ``AttentionSource`` in its own ``attention.py``, and the app factory
lists them in one place (``platform/app.py``). A source answers for every role the person holds with ``Branch``es: a
select per kind of item, which ``services`` runs together with every other source's as one statement
(through the tenancy guard like any other read), and how its rows become items. What needs more than one
select (a gate check, the benefit periods) is a plain function instead, run after that statement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import BindParameter, Date, Select, bindparam
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


@dataclass(frozen=True, eq=False)
class Query:
    """A kind of item's select of plain columns (no ORDER BY), and the order of its rows.

    Built once, at import: its values are bound parameters (``scope_ids``, ``TODAY``), given per request by
    the branch. Building a statement costs the worker more than PostgreSQL spends answering it.
    """

    statement: Select
    order: tuple


@dataclass(frozen=True)
class Branch:
    """A query with the values of its parameters, and how its rows become items.

    A parameter's name means one value in every branch (the coordinator's regions, today). ``items`` gets the
    rows in the query's order, as named tuples of its columns, dates as dates.
    """

    query: Query
    params: dict
    items: Callable[[list], list[AttentionItem]]


# A branch, or a function that makes its items with its own statements, after the branches' one.
Contribution = Branch | Callable[[], list[AttentionItem]]

TODAY = bindparam("today", type_=Date())  # the day ``collect`` is asked for: bound there, for every branch


def scope_ids(role: Role) -> BindParameter:
    """Where a query takes the scopes in which the principal holds ``role``: bound by ``scope_params``."""
    return bindparam(f"{role.value}_ids", expanding=True)


def scope_params(role: Role, ids: frozenset[int]) -> dict:
    return {f"{role.value}_ids": sorted(ids)}


class AttentionSource(Protocol):
    """An area's contribution: what needs the principal's attention today, in every role they hold."""

    def __call__(self, session: Session, principal: Principal, today: date) -> Sequence[Contribution]: ...


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
