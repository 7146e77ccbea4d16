"""Tenancy rules as data: what a table shows to a principal, and what it lets them write.

A model declares its rule beside its columns (``__tenancy__ = TenancyRule(...)``). One rule is
read three ways, so the application and the database can never say different things:

* as a SQLAlchemy filter, added by the guard to every ORM read of that model;
* as a Python check of a row about to be written (the guard's flush check);
* as the SQL of the PostgreSQL row-level-security policies, generated when a migration is
  written and frozen in it (``samverka db policy-sql``; a test compares them with the database).

Every condition is a flat comparison of the row's own columns with the principal's scope:
``Held("tenant_id", "tenant:needs:read")`` is "the row's tenant is one where the principal holds
that permission". No rule reaches through another table, so an index serves each one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import and_, false, or_, true
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from samverka.platform.core.tenancy.arrays import IdArray
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.tenancy.settings import setting_name


class Condition:
    """A condition on one row; combine with ``|`` and ``&``."""

    def __or__(self, other: Condition) -> Condition:
        return AnyOf((self, other))

    def __and__(self, other: Condition) -> Condition:
        return AllOf((self, other))


@dataclass(frozen=True)
class Held(Condition):
    """The scope id in ``column`` is one where the principal holds ``permission`` (or holds it everywhere)."""

    column: str
    permission: str


@dataclass(frozen=True)
class HeldInAny(Condition):
    """One of the scope ids in the array ``column`` is one where the principal holds ``permission``."""

    column: str
    permission: str


@dataclass(frozen=True)
class Empty(Condition):
    """The array ``column`` holds no ids (a need not yet shared with any region)."""

    column: str


@dataclass(frozen=True)
class HeldEverywhere(Condition):
    """The principal holds ``permission`` in every scope: a platform-wide permission."""

    permission: str


@dataclass(frozen=True)
class CurrentUser(Condition):
    """``column`` is the acting user's id."""

    column: str


@dataclass(frozen=True)
class OtherUser(Condition):
    """``column`` names a user other than the acting one, who is a user (no one grants a role to themselves)."""

    column: str


@dataclass(frozen=True)
class WorksIn(Condition):
    """``column`` is empty, or a scope of ``kind`` in which the principal holds some permission."""

    column: str
    kind: str


@dataclass(frozen=True)
class ColumnIs(Condition):
    """``column`` has one of ``values`` (``None`` for NULL); ``negate`` for "has none of them"."""

    column: str
    values: tuple
    negate: bool = False


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Constant(Condition):
    value: bool


ALWAYS = Constant(True)
NEVER = Constant(False)


def is_null(column: str) -> ColumnIs:
    return ColumnIs(column, (None,))


def not_null(column: str) -> ColumnIs:
    return ColumnIs(column, (None,), negate=True)


@dataclass(frozen=True)
class TenancyRule:
    """Who reads a table's rows and who writes them.

    ``write`` governs insert, update and delete unless ``insert``, ``update`` or ``delete`` say
    otherwise (``delete=NEVER`` for a history that is only ever added to). ``scopes`` names the
    column that holds each kind of scope (``{"tenant": "tenant_id"}``): ``access`` checks a
    permission of that kind against it.
    """

    read: Condition
    write: Condition
    insert: Condition | None = None
    update: Condition | None = None
    delete: Condition | None = None
    scopes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def for_command(self, command: str) -> Condition:
        chosen = {"insert": self.insert, "update": self.update, "delete": self.delete}.get(command)
        return chosen if chosen is not None else self.write


def permission_kind(permission: str) -> str:
    """``tenant``, ``region``, ``partner`` or ``platform``: the kind of scope a permission is held in."""
    return permission.split(":", 1)[0]


# --- As a SQLAlchemy filter ---------------------------------------------------------------------
# The principal's ids are not written into the filter: it names them (``samverka_held_<permission>``, the
# setting's name), and the guard passes every name's value with each statement it filters
# (``scope_parameters``). So a filter holds no bound value of its own: SQLAlchemy matches a statement's
# parameters to its cache key by the parameter objects, and the copies the ORM makes of one filter's value for
# each place an entity appears are compared as SQL expressions, one by one (61 comparisons in one request of
# the coordinator's attention list; 6 with the values given by name, which are taken by their names).


class ScopeParameter(BindParameter):
    """A parameter of the guard's filter, whose value is always given by name when the statement runs: it is left
    out of the values SQLAlchemy takes from a statement to match with its cached compilation (its cache key still
    names it). Without a value given it is missing, and the statement fails."""

    inherit_cache = True

    def _gen_cache_key(self, anon_map, bindparams):
        return super()._gen_cache_key(anon_map, None)


def _name(prefix: str, key: str) -> str:
    return f"samverka_{prefix}_{setting_name(key)}"


def _held_name(permission: str) -> str:
    return _name("held", permission)


def _held_array_name(permission: str) -> str:
    """The same ids as one array value (an overlap with an array column), not a list expanded into ``IN``."""
    return _name("held_array", permission)


def _kind_name(kind: str) -> str:
    return _name("works_in", kind)


USER_ID = "samverka_user_id"


def _held_filter(model, c: Held, p: Principal):
    column = getattr(model, c.column)
    if c.permission in p.everywhere:
        return column.is_not(None)
    return column.in_(ScopeParameter(_held_name(c.permission), expanding=True)) if p.ids(c.permission) else false()


def _held_in_any_filter(model, c: HeldInAny, p: Principal):
    column = getattr(model, c.column)
    if c.permission in p.everywhere:
        return column.nonempty()
    ids = ScopeParameter(_held_array_name(c.permission), type_=IdArray())
    return column.overlaps(ids) if p.ids(c.permission) else false()


def _column_is_filter(model, c: ColumnIs, p: Principal):
    column = getattr(model, c.column)
    values = [v for v in c.values if v is not None]
    parts = [column.is_(None)] if None in c.values else []
    parts += [column.in_(values)] if values else []
    clause = or_(*parts)
    return ~clause if c.negate else clause


def _kind_ids(p: Principal, kind: str) -> frozenset[int]:
    return frozenset(i for permission, ids in p.held.items() if permission_kind(permission) == kind for i in ids)


def _works_everywhere(p: Principal, kind: str) -> bool:
    return any(permission_kind(permission) == kind for permission in p.everywhere)


def _works_in_filter(model, c: WorksIn, p: Principal):
    column = getattr(model, c.column)
    if _works_everywhere(p, c.kind):
        return true()
    if not _kind_ids(p, c.kind):
        return column.is_(None)
    return or_(column.is_(None), column.in_(ScopeParameter(_kind_name(c.kind), expanding=True)))


def _works_in_allows(row, c: WorksIn, p: Principal) -> bool:
    value = getattr(row, c.column)
    return value is None or _works_everywhere(p, c.kind) or value in _kind_ids(p, c.kind)


_FILTERS: dict[type, Callable] = {
    Held: _held_filter,
    HeldInAny: _held_in_any_filter,
    Empty: lambda model, c, p: ~getattr(model, c.column).nonempty(),
    HeldEverywhere: lambda model, c, p: true() if c.permission in p.everywhere else false(),
    CurrentUser: lambda model, c, p: getattr(model, c.column) == ScopeParameter(USER_ID) if p.user_id else false(),
    OtherUser: lambda model, c, p: getattr(model, c.column) != ScopeParameter(USER_ID) if p.user_id else false(),
    WorksIn: _works_in_filter,
    ColumnIs: _column_is_filter,
    AnyOf: lambda model, c, p: or_(*(as_filter(part, model, p) for part in c.parts)),
    AllOf: lambda model, c, p: and_(*(as_filter(part, model, p) for part in c.parts)),
    Constant: lambda model, c, p: true() if c.value else false(),
}


def scope_parameters(conditions: Iterable[Condition], principal: Principal) -> dict[str, object]:
    """The value of every name the filters of ``conditions`` use, for ``principal`` (an empty list for a permission
    not held): a filter built for one principal and carried to a later statement (a lazy load's) reads the
    principal of that statement, never fails for a name it lacks."""
    found: dict[str, object] = {USER_ID: principal.user_id}
    for condition in conditions:
        for part in _parts(condition):
            if isinstance(part, Held):
                found[_held_name(part.permission)] = sorted(principal.ids(part.permission))
            elif isinstance(part, HeldInAny):
                found[_held_array_name(part.permission)] = sorted(principal.ids(part.permission))
            elif isinstance(part, WorksIn):
                found[_kind_name(part.kind)] = sorted(_kind_ids(principal, part.kind))
    return found


def _parts(condition: Condition) -> Iterator[Condition]:
    if isinstance(condition, AnyOf | AllOf):
        for part in condition.parts:
            yield from _parts(part)
    else:
        yield condition


def as_filter(condition: Condition, model, principal: Principal) -> ColumnElement[bool]:
    """The condition as a WHERE clause on ``model`` for ``principal``, to be run with ``scope_parameters``."""
    return _FILTERS[type(condition)](model, condition, principal)


# --- As a check of one row in Python -----------------------------------------------------------


def _held_allows(row, c: Held, p: Principal) -> bool:
    value = getattr(row, c.column)
    return value is not None and p.holds(c.permission, value)


def _held_in_any_allows(row, c: HeldInAny, p: Principal) -> bool:
    values = getattr(row, c.column) or ()
    return bool(values) and p.holds_in_any(c.permission, values)


_CHECKS: dict[type, Callable] = {
    Held: _held_allows,
    HeldInAny: _held_in_any_allows,
    Empty: lambda row, c, p: not getattr(row, c.column),
    HeldEverywhere: lambda row, c, p: c.permission in p.everywhere,
    CurrentUser: lambda row, c, p: p.user_id is not None and getattr(row, c.column) == p.user_id,
    OtherUser: lambda row, c, p: p.user_id is not None and getattr(row, c.column) != p.user_id,
    WorksIn: _works_in_allows,
    ColumnIs: lambda row, c, p: (getattr(row, c.column) in c.values) != c.negate,
    AnyOf: lambda row, c, p: any(allows(part, row, p) for part in c.parts),
    AllOf: lambda row, c, p: all(allows(part, row, p) for part in c.parts),
    Constant: lambda row, c, p: c.value,
}


def allows(condition: Condition, row, principal: Principal) -> bool:
    """Whether ``row``, as it stands in memory, meets the condition for ``principal``."""
    return _CHECKS[type(condition)](row, condition, principal)


# --- As PostgreSQL SQL, for the row-level-security policies -------------------------------------
# Each function of the scope is wrapped in a scalar sub-select, so PostgreSQL evaluates it once
# per statement (an InitPlan), not once per row.


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _column_is_sql(c: ColumnIs) -> str:
    values = [v for v in c.values if v is not None]
    parts = [f"{c.column} IS NULL"] if None in c.values else []
    parts += [f"{c.column} IN ({', '.join(_literal(v) for v in values)})"] if values else []
    clause = " OR ".join(parts)
    return f"NOT ({clause})" if c.negate else f"({clause})"


def _everywhere_sql(permission: str) -> str:
    return f"(SELECT samverka_everywhere({_literal(permission)}))"


def _held_sql(permission: str) -> str:
    return f"(SELECT samverka_held({_literal(permission)}))::int[]"


_SQL: dict[type, Callable] = {
    Held: lambda c: (
        f"(({_everywhere_sql(c.permission)} AND {c.column} IS NOT NULL)"
        f" OR {c.column} = ANY ({_held_sql(c.permission)}))"
    ),
    HeldInAny: lambda c: (
        f"({c.column} && {_held_sql(c.permission)}"
        f" OR ({_everywhere_sql(c.permission)} AND cardinality({c.column}) > 0))"
    ),
    Empty: lambda c: f"(cardinality({c.column}) = 0)",
    HeldEverywhere: lambda c: _everywhere_sql(c.permission),
    CurrentUser: lambda c: f"{c.column} = (SELECT samverka_user_id())",
    OtherUser: lambda c: f"{c.column} <> (SELECT samverka_user_id())",
    WorksIn: lambda c: (
        f"({c.column} IS NULL OR (SELECT samverka_everywhere_any({_literal(c.kind)}))"
        f" OR {c.column} = ANY ((SELECT samverka_held_any({_literal(c.kind)}))::int[]))"
    ),
    ColumnIs: _column_is_sql,
    AnyOf: lambda c: "(" + " OR ".join(as_sql(part) for part in c.parts) + ")",
    AllOf: lambda c: "(" + " AND ".join(as_sql(part) for part in c.parts) + ")",
    Constant: lambda c: "true" if c.value else "false",
}


def as_sql(condition: Condition) -> str:
    """The condition as the SQL of a PostgreSQL policy expression on the rule's own table."""
    return _SQL[type(condition)](condition)


def columns_of(condition: Condition) -> set[str]:
    """Every column a condition compares: a test proves each one exists on the table."""
    if isinstance(condition, AnyOf | AllOf):
        return set().union(*(columns_of(part) for part in condition.parts))
    column = getattr(condition, "column", None)
    return {column} if column else set()


def permissions_of(condition: Condition) -> set[str]:
    """Every permission a condition refers to: each must exist in the permission table."""
    if isinstance(condition, AnyOf | AllOf):
        return set().union(*(permissions_of(part) for part in condition.parts))
    permission = getattr(condition, "permission", None)
    return {permission} if permission else set()
