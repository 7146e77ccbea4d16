"""The one access path: from an id to a row, through the tenancy guard and the permission model.

Every area's ``access_<object>(session, principal, id, permission)`` is this function for its
model. A row that is missing, another tenant's, or not readable by the principal is the same
``NotFound`` (404); a readable row on which the principal does not hold ``permission`` is
``Forbidden`` (403); one held only at the step-up e-ID level, before that sign-in, is
``StepUpRequired``. ``permission`` may name alternatives (a tuple): a need is read by its
municipality's users with ``tenant:needs:read`` and by the staff of the regions it was
submitted to with ``region:needs:read``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from sqlalchemy.orm import Session

from samverka.platform.core.errors import Forbidden, NotFound, StepUpRequired
from samverka.platform.core.request import current_principal
from samverka.platform.core.tenancy.guard import rule_of
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.tenancy.rules import permission_kind
from samverka.tenants.permissions import STEP_UP

T = TypeVar("T")
Permission = str | tuple[str, ...]


def alternatives(permission: Permission) -> tuple[str, ...]:
    return (permission,) if isinstance(permission, str) else tuple(permission)


def _holds_one(principal: Principal, obj, permission: str) -> bool:
    kind = permission_kind(permission)
    if kind == "platform":
        return principal.holds(permission, None)
    column = rule_of(type(obj)).scopes.get(kind)
    if column is None:
        return False
    value = getattr(obj, column)
    if isinstance(value, list | tuple | set | frozenset):
        return principal.holds_in_any(permission, value)
    return principal.holds(permission, value)


def holds_on(principal: Principal, obj, permission: Permission) -> bool:
    """Whether the principal holds (one of) ``permission`` in the scope the object belongs to."""
    return any(_holds_one(principal, obj, one) for one in alternatives(permission))


def require_step_up(principal: Principal, permission: str) -> None:
    """A permission that asks for the step-up e-ID level is held only after that sign-in."""
    if permission in STEP_UP and not (principal.stepped_up or principal.is_system):
        raise StepUpRequired(permission)


def steps_up_for(permission: str) -> Callable:
    """A form page whose action asks for the step-up level: go through e-ID before the form is read.

    The service still checks (it holds the rule); this spares a person who may act from filling
    the form in, being sent through e-ID, and filling it in again. Someone who holds the permission
    nowhere is not sent: the service tells them no.
    """
    if permission not in STEP_UP:
        raise ValueError(f"{permission} does not ask for the step-up level")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def stepped_up_first(*args, **kwargs):
            principal = current_principal()
            if principal.holds_somewhere(permission):
                require_step_up(principal, permission)
            return view(*args, **kwargs)

        return stepped_up_first

    return decorate


def require_on(principal: Principal, obj, permission: Permission) -> None:
    """Forbidden unless the principal holds (one of) ``permission`` in the object's scope."""
    held = next((one for one in alternatives(permission) if _holds_one(principal, obj, one)), None)
    if held is None:
        raise Forbidden(alternatives(permission)[0])
    require_step_up(principal, held)


def require_in(principal: Principal, permission: str, scope_id: int | None) -> None:
    """Forbidden unless ``permission`` is held in the scope ``scope_id`` (for a row about to be made)."""
    if not principal.holds(permission, scope_id):
        raise Forbidden(permission)
    require_step_up(principal, permission)


def access(session: Session, principal: Principal, model: type[T], object_id: int, permission: Permission) -> T:
    """The ``model`` row ``object_id`` if the principal may read it and holds ``permission`` on it."""
    found = session.get(model, object_id)
    if found is None:
        raise NotFound()
    require_on(principal, found, permission)
    return found


def require(principal: Principal, permission: str) -> None:
    """For actions on no particular row (the operator's platform-wide ones)."""
    if not principal.holds_somewhere(permission):
        raise Forbidden(permission)
    require_step_up(principal, permission)
