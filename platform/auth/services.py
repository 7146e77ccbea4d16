"""What a verified e-ID login means here: an existing account, an invitation accepted, or no access."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import NotFound
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.tenants.models import User
from samverka.tenants.services.invitations import accept_invitation


@dataclass(frozen=True)
class LoginOutcome:
    user_id: int | None
    problem: str | None = None


def resolve_login(session: Session, eid_hash: str, invitation_token: str | None) -> LoginOutcome:
    """Find (or, through an invitation, create) the account for this e-ID identity.

    Without an account and without a valid invitation nothing is written.
    """
    with acting_as(session, Principal.system("e-ID login")) as system:
        user = session.scalars(select(User).where(User.eid_hash == eid_hash)).one_or_none()
        if invitation_token:
            try:
                user = accept_invitation(session, system, invitation_token, eid_hash, user)
            except NotFound as unusable:
                session.rollback()
                return LoginOutcome(None, unusable.reason)
        if user is None or not user.active:
            return LoginOutcome(None, "no_access")
        user.last_login_at = utcnow()
        record(session, Principal(user_id=user.id), "login", user)
        session.commit()
        return LoginOutcome(user.id)


def same_person(session: Session, user_id: int, eid_hash: str) -> bool:
    """Whether the e-ID identity ``eid_hash`` is the account ``user_id`` (a step-up must be the same person)."""
    with acting_as(session, Principal.system("step-up check")):
        return session.scalar(select(User.eid_hash).where(User.id == user_id)) == eid_hash
