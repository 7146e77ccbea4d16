"""Reaching a need, which side a principal acts on it from, and recording what happened to it.

``access_need`` is the only way from an id to a need. A principal acts on a need from its
municipality's side (the IT coordinator: ``tenant:needs:write``) or from the side of a region
it was submitted to (the coordinator: ``region:needs:manage`` there).
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from samverka.platform.audit.services import Entry, record_many
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.lifecycle import EDITABLE, Side
from samverka.platform.needs.models import Need, NeedEvent
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access, holds_on, require_on
from samverka.tenants.models import User

# Reading a need: its municipality's users, or the staff of a region it was submitted to.
NEED_READ = (perm.TENANT_NEEDS_READ, perm.REGION_NEEDS_READ)


def access_need(session: Session, principal: Principal, need_id: int, permission: Permission = NEED_READ) -> Need:
    return access(session, principal, Need, need_id, permission)


def acting_sides(principal: Principal, need: Need) -> set[Side]:
    sides = set()
    if holds_on(principal, need, perm.TENANT_NEEDS_WRITE):
        sides.add(Side.TENANT)
    if holds_on(principal, need, perm.REGION_NEEDS_MANAGE):
        sides.add(Side.REGION)
    return sides


def acting_region_id(principal: Principal, need: Need) -> int | None:
    """The region a regional action on the need is taken in, for the audit log."""
    return next((rid for rid in need.shared_region_ids if principal.holds(perm.REGION_NEEDS_MANAGE, rid)), None)


def require_owner(principal: Principal, need: Need) -> None:
    """Only the need's own municipality changes its content and plan."""
    require_on(principal, need, perm.TENANT_NEEDS_WRITE)


def require_editable(need: Need) -> None:
    if need.status not in EDITABLE:
        raise Refused({"status": [_l("This need has been decided on and can no longer be changed.")]})


def actor_name(session: Session, principal: Principal) -> str:
    if not principal.user_id:
        return "Samverka"
    with acting_as(session, Principal.system("the name of the person acting, for the need's history")):
        return session.get(User, principal.user_id).name


def record_event(
    session: Session,
    principal: Principal,
    need: Need,
    action: str,
    *,
    from_status: str | None,
    comment: str | None = None,
    region_id: int | None = None,
    summary: dict | None = None,
) -> None:
    """One step of the need's visible history, and the same step in the audit log."""
    name = actor_name(session, principal)
    entry = history_event(session, need, principal, name, action, from_status, comment, summary)
    record_many(session, principal, [entry if region_id is None else replace(entry, region_id=region_id)])


def history_event(
    session: Session,
    need: Need,
    principal: Principal,
    actor_name: str,
    action: str,
    from_status: str | None,
    comment: str | None = None,
    summary: dict | None = None,
) -> Entry:
    """The step added to the need's history (to its status now), and its audit event, to be recorded."""
    session.add(
        NeedEvent(
            need=need,
            actor_user_id=principal.user_id,
            actor_name=actor_name,
            action=action,
            from_status=from_status,
            to_status=need.status,
            version=need.version,
            comment=comment,
        )
    )
    return Entry(
        f"need.{action}",
        need,
        tenant_id=need.tenant_id,
        summary={"from": from_status, "to": need.status, "version": need.version, **(summary or {})},
    )
