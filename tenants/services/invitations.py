"""Provisioning by invitation: a single-use, expiring link that grants one role in one scope.

The link's token is derived from the invitation's id, a random salt and the server
key, and only its SHA-256 is stored. The mail job can therefore rebuild the link
from the invitation id alone, and a stolen database yields no usable link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.core.errors import Forbidden, NotFound, Refused
from samverka.platform.core.identity import identity_digits, identity_hash
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
from samverka.tenants.models import Invitation, RoleAssignment, User
from samverka.tenants.models.invitation import ACCEPTED, AWAITING, OPEN
from samverka.tenants.roles import Role, ScopeKind
from samverka.tenants.services.directory import access_partner, access_region, access_tenant

MAIL_JOB = job("samverka.tenants.tasks.send_invitation_email")
INVITER_MAIL_JOB = job("samverka.tenants.tasks.send_invitation_outcome_email")
NOT_AN_IDENTITY_NUMBER = _l(
    "Enter a valid Norwegian national identity number (11 digits) or Swedish personal identity number,"
    " or leave it empty."
)


def _token(invitation: Invitation) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"invitation:{invitation.id}:{invitation.salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(invitation: Invitation) -> str:
    return f"{current_app.config['PUBLIC_URL']}/invitations/{_token(invitation)}"


def may_grant_scope(session: Session, principal: Principal, role: Role, scope_id: int) -> dict:
    """The scope columns of an invitation to ``role`` in ``scope_id``, if the inviter may grant it there.

    A scope where the inviter may not grant the role is answered like one it cannot see (404): an
    invitation form is a way to probe ids, and the answer must not tell which exist.
    """
    try:
        return _granting_scope(session, principal, role, scope_id)
    except Forbidden:
        raise NotFound() from None


def _granting_scope(session: Session, principal: Principal, role: Role, scope_id: int) -> dict:
    kind = role.scope_kind
    if kind is ScopeKind.TENANT:
        tenant = access_tenant(session, principal, scope_id, perm.TENANT_ROLES_MANAGE)
        return {"tenant_id": tenant.id}
    if kind is ScopeKind.PARTNER:
        partner = access_partner(session, principal, scope_id, perm.REGION_INVITE)
        return {"partner_id": partner.id, "region_id": partner.region_id}
    needed = perm.PLATFORM_INVITE_COORDINATOR if role is Role.COORDINATOR else perm.REGION_INVITE
    region = access_region(session, principal, scope_id, needed)
    return {"region_id": region.id}


def _invitee_hash(typed: str | None) -> str | None:
    """The keyed hash of the invitee's identity number; the number itself is never stored."""
    if not typed:
        return None
    digits = identity_digits(typed)
    if digits is None:
        raise Refused.field("invitee_identity_number", NOT_AN_IDENTITY_NUMBER)
    return identity_hash(digits, current_app.config["IDENTITY_HASH_KEY"])


def create_invitation(
    session: Session,
    principal: Principal,
    *,
    email: str,
    name: str,
    role: Role,
    scope_id: int,
    invitee_identity_number: str | None = None,
) -> Invitation:
    """Invite a person to hold ``role`` in the scope ``scope_id`` (a tenant, region or partner id).

    With the invitee's national identity number only that person's e-ID can accept; without it,
    the role takes effect once the inviter confirms who accepted.
    """
    if role is Role.OPERATOR:
        raise NotFound()
    scope = may_grant_scope(session, principal, role, scope_id)
    invitee_eid_hash = _invitee_hash(invitee_identity_number)
    days = current_app.config["INVITATION_DAYS"]
    invitation = Invitation(
        email=email,
        name=name,
        role=role.value,
        salt=secrets.token_hex(16),
        token_hash="pending-" + secrets.token_hex(24),
        invited_by_id=principal.user_id,
        invitee_eid_hash=invitee_eid_hash,
        expires_at=utcnow() + timedelta(days=days),
        **scope,
    )
    session.add(invitation)
    session.flush()
    invitation.token_hash = token_hash(_token(invitation))
    record(
        session,
        principal,
        "invitation.create",
        invitation,
        tenant_id=scope.get("tenant_id"),
        region_id=scope.get("region_id"),
        summary={"role": role.value, "expires_at": str(invitation.expires_at), "bound": invitation.is_bound},
    )
    enqueue_after_commit(session, MAIL_JOB, invitation.id)
    return invitation


def invite_coordinator(session: Session, principal: Principal, *, email: str, name: str, region_id: int) -> Invitation:
    """The operator invites a region's coordinator (the operator's own page; 403 for anyone else)."""
    access_region(session, principal, region_id, perm.PLATFORM_INVITE_COORDINATOR)
    return create_invitation(session, principal, email=email, name=name, role=Role.COORDINATOR, scope_id=region_id)


NEWEST_FIRST = (
    Order(Invitation.created_at, descending=True),
    Order(Invitation.id, descending=True),
)


def list_invitations(
    session: Session, page: PageRequest = FIRST_PAGE, tenant_id: int | None = None
) -> Page[Invitation]:
    """Invitations into the scopes the session's principal administers, newest first (the tenancy guard filters)."""
    stmt = select(Invitation)
    if tenant_id is not None:
        stmt = stmt.where(Invitation.tenant_id == tenant_id)
    return paginate(session, stmt, NEWEST_FIRST, page)


def find_invitation(session: Session, token: str) -> Invitation | None:
    """Look an invitation up by its link's token; call only in the system scope."""
    return session.scalars(select(Invitation).where(Invitation.token_hash == token_hash(token))).one_or_none()


def check_usable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise NotFound("invitation_unknown")
    if invitation.is_used or invitation.status != OPEN:
        raise NotFound("invitation_used")
    if invitation.is_expired(utcnow()):
        raise NotFound("invitation_expired")
    return invitation


def accept_invitation(session: Session, system: Principal, token: str, eid_hash: str, user: User | None) -> User:
    """Bind this e-ID identity to the invited account, exactly once.

    An invitation naming a person is accepted only by that person's e-ID, and grants the role at
    once; another person is refused (``invitation_other_person``) and nothing is written. An
    invitation naming nobody waits for the inviter to confirm who accepted. The inviter is mailed.
    """
    invitation = check_usable(find_invitation(session, token))
    if invitation.is_bound and not hmac.compare_digest(invitation.invitee_eid_hash, eid_hash):
        raise NotFound("invitation_other_person")
    status = ACCEPTED if invitation.is_bound else AWAITING
    claimed = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.status == OPEN)
        .values(accepted_at=utcnow(), status=status)
    )
    if claimed.rowcount != 1:
        raise NotFound("invitation_used")
    session.refresh(invitation)
    if user is None:
        user = User(name=invitation.name, email=invitation.email, eid_hash=eid_hash)
        session.add(user)
        session.flush()
    invitation.accepted_by_id, invitation.accepted_by_name, invitation.accepted_by_email = (
        user.id,
        user.name,
        user.email,
    )
    if status == ACCEPTED:
        grant(session, invitation)
    record(
        session,
        Principal(user_id=user.id),
        "invitation.accept" if status == ACCEPTED else "invitation.accept_pending",
        invitation,
        tenant_id=invitation.tenant_id,
        region_id=invitation.region_id,
        summary={"role": invitation.role, "status": status},
    )
    enqueue_after_commit(session, INVITER_MAIL_JOB, invitation.id)
    return user


def grant(session: Session, invitation: Invitation) -> None:
    """Give the person who accepted the invitation its role (once: a role already held is kept)."""
    held = session.scalars(
        select(RoleAssignment).where(
            RoleAssignment.user_id == invitation.accepted_by_id,
            RoleAssignment.role == invitation.role,
            RoleAssignment.tenant_id.is_not_distinct_from(invitation.tenant_id),
            RoleAssignment.region_id.is_not_distinct_from(invitation.region_id),
            RoleAssignment.partner_id.is_not_distinct_from(invitation.partner_id),
        )
    ).first()
    if held is None:
        session.add(
            RoleAssignment(
                user_id=invitation.accepted_by_id,
                user_name=invitation.accepted_by_name,
                user_email=invitation.accepted_by_email,
                role=invitation.role,
                tenant_id=invitation.tenant_id,
                region_id=invitation.region_id,
                partner_id=invitation.partner_id,
                granted_by_id=invitation.invited_by_id,
            )
        )
