"""The inviter's word on an invitation accepted without a named person: confirm (the role takes effect) or reject.

Whoever may grant the invitation's role in its scope decides, the inviter above all; the page
and the API show them who accepted (the account's name and e-mail address) before they do.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import NotFound, Refused
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.tenants.models import Invitation, PartnerOrganisation, Region, Tenant
from samverka.tenants.models.invitation import ACCEPTED, AWAITING, REJECTED
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import find_invitation, grant, may_grant_scope

NOT_AWAITING = _l("This invitation is not waiting for a confirmation.")


def access_invitation(session: Session, principal: Principal, invitation_id: int) -> Invitation:
    """An invitation the principal may grant; any other is not found (404), like the scopes it names."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound()
    scope_id = invitation.partner_id or invitation.tenant_id or invitation.region_id
    may_grant_scope(session, principal, Role(invitation.role), scope_id)
    return invitation


def decide(
    session: Session, principal: Principal, invitation_id: int, *, confirm: bool, comment: str = ""
) -> Invitation:
    invitation = access_invitation(session, principal, invitation_id)
    if invitation.status != AWAITING:
        raise Refused({"status": [NOT_AWAITING]})
    invitation.status = ACCEPTED if confirm else REJECTED
    invitation.decided_at, invitation.decided_by_id = utcnow(), principal.user_id
    if confirm:
        grant(session, invitation)
    session.flush()
    record(
        session,
        principal,
        "invitation.confirm" if confirm else "invitation.reject",
        invitation,
        tenant_id=invitation.tenant_id,
        region_id=invitation.region_id,
        summary={"role": invitation.role, "user_id": invitation.accepted_by_id, "comment": comment},
    )
    return invitation


@dataclass(frozen=True)
class Acceptance:
    """What the person who just accepted sees: who is signed in, which role where, and whether it holds yet."""

    signed_in_as: str
    role: str
    scope_name: str
    granted: bool


def my_acceptance(session: Session, principal: Principal, token: str) -> Acceptance:
    """The invitation behind ``token`` as its acceptor sees it; anyone else gets 404."""
    with acting_as(session, Principal.system("invitation acceptance page")):
        invitation = find_invitation(session, token)
        if invitation is None or principal.user_id is None or invitation.accepted_by_id != principal.user_id:
            raise NotFound()
        scope = session.get(PartnerOrganisation, invitation.partner_id) if invitation.partner_id else None
        scope = scope or (session.get(Tenant, invitation.tenant_id) if invitation.tenant_id else None)
        scope = scope or session.get(Region, invitation.region_id)
        return Acceptance(invitation.accepted_by_name, invitation.role, scope.name, invitation.status == ACCEPTED)
