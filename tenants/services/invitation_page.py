"""The one "Invitations" page: invitations to roles, and what other areas invite a municipality to.

Invitations to roles are the directory's own; a joint procurement's invitations to join belong to an
area above this one, which contributes its section (``INVITATION_SECTIONS.provide``). Each section is
shown only to those who may read it, so a person sees one page with what concerns them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from samverka.platform.core.contributions import Contributions
from samverka.platform.core.pagination import Page, page_request
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants import permissions as perm
from samverka.tenants.services.pages import InvitationRow, list_invitations


@dataclass(frozen=True)
class InvitationSection:
    """A section of the page: its template (under the area's templates) and what that template reads."""

    template: str
    context: dict = field(default_factory=dict)


# ``provide(f)`` with ``f(session, principal, args) -> InvitationSection | None`` (None: not for this person).
INVITATION_SECTIONS: Contributions[InvitationSection] = Contributions("sections of the invitations page")


@dataclass(frozen=True)
class InvitationsPage:
    sections: list[InvitationSection]  # contributed, shown before the roles
    role_invitations: Page[InvitationRow] | None  # None: the person may not see invitations to roles


def sees_role_invitations(principal: Principal) -> bool:
    """Invitations to roles are listed to those who see people's roles (see the invitations' tenancy rule)."""
    return any(
        principal.holds_somewhere(permission)
        for permission in (perm.TENANT_USERS_READ, perm.REGION_USERS_READ, perm.PLATFORM_INVITE_COORDINATOR)
    )


def invitations_page(session: Session, principal: Principal, args: Mapping[str, str]) -> InvitationsPage:
    roles = list_invitations(session, page_request(args)) if sees_role_invitations(principal) else None
    return InvitationsPage(INVITATION_SECTIONS.collect(session, principal, args), roles)
