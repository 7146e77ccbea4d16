"""A signed-in user's principal, built once and kept in the web worker between requests.

Building it takes three queries on the system role's connection (a transaction of its own) plus the
resolution of every role's permissions: on every request, that was most of a signed-in ``/healthz``.
Each worker keeps what it built, per application, keyed by user and step-up level and tagged with a
generation kept in Redis. Every commit that changes who holds what increments the generation (see
``_note_flush``): role assignments, region memberships, procurement team roles, a user (deactivated,
deleted), or the deletion of a tenant, region, partner or procurement whose rows cascade away in the
database. So each worker rebuilds on the user's next request: a removed role or a deactivated account
is refused from then on. A change made outside the application (psql) is picked up within ``MAX_AGE``.

Without Redis (the demo) nothing is kept: no other process could be told of a change.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass

from flask import current_app, has_app_context
from redis.exceptions import RedisError
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from samverka.jobs.queue import redis_connection
from samverka.platform.core.tenancy.guard import acting_as, bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import RegionMembership, RoleAssignment, TeamMember, User
from samverka.tenants.services.principals import load_principal

log = logging.getLogger(__name__)
GENERATION_KEY = "samverka:principals:generation"
MAX_AGE = 60.0  # seconds: the longest a change made behind the application's back goes unseen
MAX_ENTRIES = 10_000  # per worker: beyond it the oldest entry goes (a principal is a few hundred bytes)
UNREAD = object()
_CHANGED = "samverka.principals.changed"
_EXTENSION = "samverka.principals"
# What decides a principal; and the tables whose rows, deleted, take such rows with them (ON DELETE CASCADE,
# which the ORM does not see). The procurements' table by name: that area builds on this one, not the reverse.
_DECIDING = frozenset(model.__tablename__ for model in (RoleAssignment, RegionMembership, TeamMember, User))
_CASCADING = frozenset({"tenants", "regions", "partner_organisations", "joint_procurements"})
_WATCHED = _DECIDING | _CASCADING
_NOT_DECIDING = frozenset({"last_login_at"})


@dataclass(frozen=True)
class SignedIn:
    """What a request needs of its signed-in user."""

    principal: Principal
    name: str
    locale: str | None


@dataclass(frozen=True)
class _Entry:
    generation: bytes | None
    built_at: float
    user: SignedIn


def signed_in(session: Session, user_id: int, *, stepped_up: bool = False, generation=UNREAD) -> SignedIn | None:
    """The active user ``user_id`` and their principal, bound to ``session``; None if gone or inactive.

    ``generation``: the value of ``GENERATION_KEY`` if the caller read it in this request already (the session
    store reads it along with the session record, in the same round trip); else it is read here.
    """
    redis = redis_connection(current_app)
    if redis is None:
        return _build(session, user_id, stepped_up)
    try:
        generation = _current_generation(redis, generation)
    except RedisError:
        # Redis away: pages still serve, each building its principal; and nothing kept from before is trusted
        # after, since a change committed meanwhile could not be announced.
        current_app.extensions.pop(_EXTENSION, None)
        return _build(session, user_id, stepped_up)
    cache: dict = current_app.extensions.setdefault(_EXTENSION, {})
    key = (user_id, stepped_up)
    entry = cache.get(key)
    now = time.monotonic()
    if entry is not None and entry.generation == generation and now - entry.built_at < MAX_AGE:
        bind_principal(session, entry.user.principal)
        return entry.user
    cache.pop(key, None)
    user = _build(session, user_id, stepped_up)
    if user is not None:
        if len(cache) >= MAX_ENTRIES:
            cache.pop(next(iter(cache)))
        # Tagged with the generation read before building: a change committed meanwhile makes it stale at once.
        cache[key] = _Entry(generation, now, user)
    return user


def _current_generation(redis, generation):
    if generation is UNREAD:
        generation = redis.get(GENERATION_KEY)
    if generation is None:  # Redis new or emptied: nothing kept before can be told apart from now
        redis.set(GENERATION_KEY, _new_generation(), nx=True)
        generation = redis.get(GENERATION_KEY)
    return generation


def _build(session: Session, user_id: int, stepped_up: bool) -> SignedIn | None:
    principal = load_principal(session, user_id, stepped_up=stepped_up)
    if principal is None:
        return None
    with acting_as(session, Principal.system("principal look-up")):
        user = session.get(User, user_id)
    return SignedIn(principal, user.name, user.locale)


def forget_all() -> None:
    """Every worker rebuilds every principal at its next request."""
    redis = redis_connection(current_app) if has_app_context() else None
    if redis is None:
        return
    try:
        redis.set(GENERATION_KEY, _new_generation())
    except RedisError:
        # This worker forgets at once; the others keep theirs at most MAX_AGE, or until they too miss Redis.
        current_app.extensions.pop(_EXTENSION, None)
        log.error("Redis unreachable: a change of roles could not be announced to the other workers")


def _new_generation() -> str:
    # Random, not a counter: after Redis lost its data a counter would come back to values entries were kept under.
    return secrets.token_hex(8)


@event.listens_for(Session, "after_flush")
def _note_flush(session, flush_context):
    changed = any(_table(obj) in _DECIDING for obj in (*session.new, *session.deleted))
    changed = changed or any(_table(obj) in _DECIDING and _decides(obj) for obj in session.dirty)
    if changed or any(_table(obj) in _CASCADING for obj in session.deleted):
        session.info[_CHANGED] = True


def _table(obj) -> str | None:
    return getattr(obj, "__tablename__", None)


def _decides(obj) -> bool:
    """Whether a changed row changes a principal: not a user's sign-in time, written at every sign-in,
    which would otherwise make every worker rebuild every principal each time anyone signs in."""
    if not isinstance(obj, User):
        return True
    state = inspect(obj)
    keys = (prop.key for prop in state.mapper.column_attrs if prop.key not in _NOT_DECIDING)
    return any(state.attrs[key].history.has_changes() for key in keys)


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state):
    """``session.execute(delete(RoleAssignment)...)`` and other bulk statements, which no flush sees."""
    writes = state.is_insert or state.is_update or state.is_delete
    if writes and getattr(state.statement.table, "name", None) in _WATCHED:
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session):
    # Kept through rollbacks on purpose: forgetting once too often costs a rebuild, once too few a stale scope.
    if session.info.pop(_CHANGED, False):
        forget_all()
