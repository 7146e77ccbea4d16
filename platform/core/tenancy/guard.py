"""The tenancy guard: every ORM read and write of a scoped table passes here.

A session is bound to a principal (``bind_principal``). From then on:

* every ORM ``SELECT`` (``session.get`` and lazy loads included) gets, for each scoped model
  the statement actually touches, its rule's read filter, so a forgotten ``where`` cannot
  leak another tenant's rows;
* every flush refuses to insert, change or delete a row its rule does not let the principal write;
* on PostgreSQL each transaction carries the principal's scope in transaction-local settings
  (``set_config(..., true)``) that the row-level-security policies read, so a pooled
  connection never keeps a previous request's scope.

An unbound session sees no scoped rows at all, like an unset setting under RLS.
"""

from __future__ import annotations

from contextlib import contextmanager
from weakref import WeakKeyDictionary

from sqlalchemy import event, inspect
from sqlalchemy.orm import MANYTOONE, Mapper, Session, scoped_session, with_loader_criteria
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.sql.util import find_tables

from samverka.platform.core.errors import NotFound
from samverka.platform.core.extensions import PRINCIPAL_KEY, db
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.tenancy.rules import TenancyRule, allows, as_filter, scope_parameters
from samverka.platform.core.tenancy.settings import SET_SCOPE, scope_settings

_KEY = PRINCIPAL_KEY


class ScopeViolation(NotFound):
    """A write outside the principal's scope: as far as the caller knows, the row does not exist."""


def rule_of(model) -> TenancyRule | None:
    """The rule a model declares (``__tenancy__``); None for a table that holds no scoped data."""
    return getattr(model, "__tenancy__", None)


_MODELS_BY_TABLE: dict = {}


def _scoped_models_by_table() -> dict:
    """Every mapped table with a rule, to its model; built anew once more models are mapped and configured."""
    if not _MODELS_BY_TABLE:
        for mapper in db.Model.registry.mappers:
            if rule_of(mapper.class_) is not None:
                _MODELS_BY_TABLE[mapper.local_table] = mapper.class_
    return _MODELS_BY_TABLE


@event.listens_for(Mapper, "after_configured")
def _mappers_changed():
    _MODELS_BY_TABLE.clear()
    _MODELS_OF_STATEMENT.clear()


def scoped_models() -> list[type]:
    return sorted(_scoped_models_by_table().values(), key=lambda model: model.__tablename__)


def _real(session: Session | scoped_session) -> Session:
    return session() if isinstance(session, scoped_session) else session


def principal_of(session: Session | scoped_session) -> Principal:
    return _real(session).info.get(_KEY) or Principal.anonymous()


def bind_principal(session: Session | scoped_session, principal: Principal) -> None:
    """Make ``principal`` the scope of this session, now and for every later transaction."""
    session = _real(session)
    session.info[_KEY] = principal
    if session.in_transaction():
        _apply_settings(session, session.connection())


@contextmanager
def acting_as(session: Session, principal: Principal):
    """Temporarily act as another principal (e.g. the system during login), then restore.

    What is pending is flushed first, as the principal who made it: a change never slips out under
    the system's name. On PostgreSQL the system's statements run on the system role's connection,
    a transaction of its own that the session commits or rolls back with the web role's one; it
    does not see what the web role's transaction has not committed, and it must not write what that
    transaction has locked (the audit chain's head, once an event is recorded): it would wait forever.
    """
    previous = principal_of(session)
    _real(session).flush()
    bind_principal(session, principal)
    try:
        yield principal
        _real(session).flush()
    finally:
        bind_principal(session, previous)


def _apply_settings(session: Session, connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(SET_SCOPE, scope_settings(principal_of(session)))


@event.listens_for(Session, "after_begin")
def _after_begin(session, transaction, connection):
    _apply_settings(session, connection)


# Statements of one shape (one cache key) read the same tables: walking a statement's every clause costs
# more than its cache key, which SQLAlchemy's own statement cache computes the same way. Bounded: the shapes
# an application runs are few, but a statement with, say, a varying number of joins makes new ones.
_MODELS_OF_STATEMENT: dict = {}
_MAX_SHAPES = 5000


def _models_in(statement) -> tuple[type, ...]:
    """The scoped models whose tables the statement reads: only those get a filter."""
    key = statement._generate_cache_key()
    if key is None:  # a statement SQLAlchemy does not cache either: walk it every time
        return _walk(statement)
    found = _MODELS_OF_STATEMENT.get(key.key)
    if found is None:
        if len(_MODELS_OF_STATEMENT) >= _MAX_SHAPES:
            _MODELS_OF_STATEMENT.clear()
        found = _MODELS_OF_STATEMENT[key.key] = _walk(statement)
    return found


def _walk(statement) -> tuple[type, ...]:
    by_table = _scoped_models_by_table()
    tables = find_tables(statement, include_aliases=True, include_joins=True, include_selects=True)
    return tuple(dict.fromkeys(by_table[t] for t in tables if t in by_table))


@event.listens_for(Session, "do_orm_execute")
def _filter_reads(state):
    if not state.is_select:
        return
    principal = principal_of(state.session)
    if principal.is_system:
        return
    filtered = _filtered(principal, state.statement)
    if filtered is not _UNFILTERED:
        state.statement = filtered
        # The scope's values last: a statement's own parameter cannot stand in for one of them.
        state.parameters = {**(state.parameters or {}), **_parameters(principal)}


# A statement its module builds once (a list's fixed statement) is filtered once per principal: the filtered
# copy is kept, and with it the cache key SQLAlchemy computed for it, which otherwise it computed anew at each
# execution (a walk of the whole statement). Kept by the principal (each person's own filters), and only
# while the statement itself lives: a statement built for one request is forgotten with it.
_FILTERED = "filtered"
_UNFILTERED = object()  # a statement of no scoped table (kept as a marker: the statement itself would keep it alive)


def _filtered(principal: Principal, statement):
    kept = principal.memo.get(_FILTERED)
    if kept is None:
        kept = principal.memo[_FILTERED] = WeakKeyDictionary()
    found = kept.get(statement)
    if found is None:
        criteria = [_read_criteria(principal, model) for model in _models_in(statement)]
        found = kept[statement] = statement.options(*criteria) if criteria else _UNFILTERED
    return found


def _parameters(principal: Principal) -> dict:
    """The values the read filters name (``rules.scope_parameters``), for every scoped model: once per principal."""
    found = principal.memo.get("parameters")
    if found is None:
        rules = [rule_of(model).read for model in _scoped_models_by_table().values()]
        found = principal.memo["parameters"] = scope_parameters(rules, principal)
    return found


def _read_criteria(principal: Principal, model) -> object:
    """The loader option that filters ``model`` for ``principal``: built once per principal and model."""
    key = ("read", model)
    option = principal.memo.get(key)
    if option is None:
        where = as_filter(rule_of(model).read, model, principal)
        # Not carried to the lazy loads of the rows it reads: each of those is a statement of its own, filtered here
        # for the principal the session has then (its filter's shape, and the values named, are that principal's).
        option = principal.memo[key] = with_loader_criteria(
            model, where, include_aliases=True, propagate_to_loaders=False
        )
    return option


def _command(session: Session, obj) -> str:
    if obj in session.new:
        return "insert"
    return "delete" if obj in session.deleted else "update"


def _inherit_scope(obj) -> None:
    """A new row added to its parent (``need.cpv_code_rows.append(...)``) gets the parent's values of the
    columns that tie it to the parent now, as the flush would: its scope is checked before the flush."""
    state = inspect(obj)
    for relation in state.mapper.relationships:
        if relation.direction is not MANYTOONE:
            continue
        parent = state.attrs[relation.key].loaded_value
        if parent is None or parent is NO_VALUE:
            continue
        if inspect(parent).pending:
            _inherit_scope(parent)  # a new plan's new lines: the plan takes the need's scope first
        for local, remote in relation.local_remote_pairs:
            key = state.mapper.get_property_by_column(local).key
            if getattr(obj, key) is None:
                setattr(obj, key, getattr(parent, inspect(parent).mapper.get_property_by_column(remote).key))


def _unchanged(session: Session, obj) -> bool:
    """A parent whose collection changed (``region.memberships.append``) is no UPDATE of its own row."""
    return obj in session.dirty and not session.is_modified(obj, include_collections=False)


@event.listens_for(Session, "before_flush")
def _guard_writes(session, flush_context, instances):
    principal = principal_of(session)
    if principal.is_system:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        rule = rule_of(type(obj))
        if rule is None or _unchanged(session, obj):
            continue
        if obj in session.new:
            _inherit_scope(obj)
        if not allows(rule.for_command(_command(session, obj)), obj, principal):
            raise ScopeViolation(f"{type(obj).__name__} is outside the principal's scope")
