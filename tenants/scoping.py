"""The tenancy guard: every ORM read and write of tenant or region rows passes here.

A session is bound to a principal (``bind_principal``). From then on:

* every ORM ``SELECT`` — including ``session.get`` and lazy loads — of a model in
  ``tenancy_rules.RULES`` gets that rule's filter, so a forgotten ``where`` cannot
  leak another tenant's rows;
* every flush refuses to insert, change or delete a row outside the principal's scope;
* on PostgreSQL, each transaction carries the principal's scope in transaction-local
  settings (``set_config(..., true)``) read by the row-level-security policies, so
  a pooled connection never keeps a previous request's scope.

An unbound session sees no tenant rows at all, like an unset setting under RLS.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, text
from sqlalchemy.orm import Session, scoped_session, with_loader_criteria

from samverka.tenants.principal import Principal
from samverka.tenants.tenancy_rules import RULES

_KEY = "samverka.principal"
_SET_SCOPE = text(
    "SELECT set_config('samverka.user_id', :user_id, true),"
    " set_config('samverka.tenant_ids', :tenant_ids, true),"
    " set_config('samverka.directory_tenant_ids', :directory_tenant_ids, true),"
    " set_config('samverka.region_ids', :region_ids, true),"
    " set_config('samverka.admin_region_ids', :admin_region_ids, true),"
    " set_config('samverka.partner_ids', :partner_ids, true),"
    " set_config('samverka.operator', :operator, true),"
    " set_config('samverka.system', :system, true)"
)


class ScopeViolation(Exception):
    """A write outside the principal's scope; views turn it into a 404."""


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
    """Temporarily act as another principal (e.g. the system during login), then restore."""
    previous = principal_of(session)
    bind_principal(session, principal)
    try:
        yield principal
    finally:
        bind_principal(session, previous)


def _ids(values) -> str:
    return ",".join(str(v) for v in sorted(values))


def scope_settings(p: Principal) -> dict[str, str]:
    return {
        "user_id": str(p.user_id or ""),
        "tenant_ids": _ids(p.tenant_ids),
        "directory_tenant_ids": _ids(p.directory_tenant_ids),
        "region_ids": _ids(p.region_ids),
        "admin_region_ids": _ids(p.admin_region_ids),
        "partner_ids": _ids(p.partner_ids),
        "operator": "on" if p.is_operator else "",
        "system": "on" if p.is_system else "",
    }


def _apply_settings(session: Session, connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(_SET_SCOPE, scope_settings(principal_of(session)))


@event.listens_for(Session, "after_begin")
def _after_begin(session, transaction, connection):
    _apply_settings(session, connection)


@event.listens_for(Session, "do_orm_execute")
def _filter_reads(state):
    if not state.is_select:
        return
    principal = principal_of(state.session)
    if principal.is_system:
        return
    criteria = [
        with_loader_criteria(model, rule.where(principal), include_aliases=True) for model, rule in RULES.items()
    ]
    state.statement = state.statement.options(*criteria)


@event.listens_for(Session, "before_flush")
def _guard_writes(session, flush_context, instances):
    principal = principal_of(session)
    if principal.is_system:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        rule = RULES.get(type(obj))
        if rule is not None and not rule.allows(principal, obj):
            raise ScopeViolation(f"{type(obj).__name__} is outside the principal's scope")
