"""Reaching a need, and which side a principal acts on it from; recording what happened to it.

``access_need`` is the only way to a need by id: the tenancy guard filters the
lookup, and a need the principal's role may not read is "not found" just like
another tenant's. A principal acts on a need from its tenant's side (the IT
coordinator) or from the side of a region it was submitted to (the coordinator).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.needs.lifecycle import DRAFT, EDITABLE, Side
from samverka.platform.needs.models import Need, NeedEvent
from samverka.tenants import permissions as perm
from samverka.tenants.models import User
from samverka.tenants.principal import Principal
from samverka.tenants.services.directory import NotFoundError, PermissionDenied


class RuleViolation(Exception):
    """Input the schemas cannot judge alone (a transition not allowed, a plan short of its template).

    ``errors`` maps a field to its messages; the API answers 422 with them and a form
    is shown again with them. Nothing has been changed when this is raised. The
    messages are lazy, translated when shown, because jobs call services too.
    """

    def __init__(self, errors: dict[str, list]):
        super().__init__(sorted(errors))
        self.errors = errors

    def messages(self) -> dict[str, list[str]]:
        """The messages in the language of the current request."""
        return {field: [str(message) for message in messages] for field, messages in self.errors.items()}


def _shared_with(principal: Principal, need: Need, permission: str) -> list[int]:
    """The regions the need was submitted to in which the principal holds ``permission``."""
    if need.status == DRAFT:
        return []
    return [rid for rid in need.submitted_region_ids if perm.has_permission(principal, permission, region_id=rid)]


def reading_sides(principal: Principal, need: Need) -> set[Side]:
    sides = set()
    if perm.has_permission(principal, perm.TENANT_NEEDS_READ, tenant_id=need.tenant_id):
        sides.add(Side.TENANT)
    if _shared_with(principal, need, perm.REGION_NEEDS_READ):
        sides.add(Side.REGION)
    return sides


def acting_sides(principal: Principal, need: Need) -> set[Side]:
    sides = set()
    if perm.has_permission(principal, perm.TENANT_NEEDS_WRITE, tenant_id=need.tenant_id):
        sides.add(Side.TENANT)
    if _shared_with(principal, need, perm.REGION_NEEDS_MANAGE):
        sides.add(Side.REGION)
    return sides


def acting_region_id(principal: Principal, need: Need) -> int | None:
    """The region a regional action on the need is taken in, for the audit log."""
    regions = _shared_with(principal, need, perm.REGION_NEEDS_MANAGE)
    return regions[0] if regions else None


def access_need(session: Session, principal: Principal, need_id: int) -> Need:
    need = session.get(Need, need_id)
    if need is None or not reading_sides(principal, need):
        raise NotFoundError()
    return need


def require_owner(principal: Principal, need: Need) -> None:
    """Only the need's own municipality changes its content and plan."""
    if Side.TENANT not in acting_sides(principal, need):
        raise PermissionDenied(perm.TENANT_NEEDS_WRITE)


def require_editable(need: Need) -> None:
    if need.status not in EDITABLE:
        raise RuleViolation({"status": [_l("This need has been decided on and can no longer be changed.")]})


def _actor_name(session: Session, principal: Principal) -> str:
    user = session.get(User, principal.user_id) if principal.user_id else None
    return user.name if user is not None else "Samverka"


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
    session.add(
        NeedEvent(
            need=need,
            actor_user_id=principal.user_id,
            actor_name=_actor_name(session, principal),
            action=action,
            from_status=from_status,
            to_status=need.status,
            version=need.version,
            comment=comment,
        )
    )
    record(
        session,
        principal,
        f"need.{action}",
        need,
        tenant_id=need.tenant_id,
        region_id=region_id,
        summary={"from": from_status, "to": need.status, "version": need.version, **(summary or {})},
    )
