"""What a joint procurement's page shows, and to whom: the region's staff, a member municipality, a reader.

The staff see the answers, who each invitation is e-mailed to and whom they may still invite; a member
municipality sees its own invitation; a partner organisation reads the status only, and is never addressed
as a participant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.platform.procurements import services
from samverka.platform.procurements.models import JoinInvitation, JointProcurement
from samverka.platform.procurements.value import AggregatedValue, procurement_value
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on, require_on
from samverka.tenants.models import Tenant
from samverka.tenants.roles import Role
from samverka.tenants.services.directory import member_tenants
from samverka.tenants.services.recipients import Recipient, tenant_role_recipients

STAFF, MEMBER, READER = "staff", "member", "reader"


@dataclass(frozen=True)
class Member:
    """A member municipality as the invite form offers it."""

    tenant: Tenant
    invitation: JoinInvitation | None
    need_titles: list[str] = field(default_factory=list)  # its needs the procurement already holds

    @property
    def preselected(self) -> bool:
        """Chosen by default only if it is neither invited nor already in with a need of its own."""
        return self.invitation is None and not self.need_titles


@dataclass(frozen=True)
class InvitationRow:
    invitation: JoinInvitation
    tenant_name: str
    recipients: list[Recipient]


@dataclass(frozen=True)
class ProcurementPage:
    procurement: JointProcurement
    viewer: str  # STAFF, MEMBER or READER
    may_write: bool
    needs: list[Need]
    value: AggregatedValue
    invitations: list[InvitationRow] = field(default_factory=list)  # the staff's view of every answer
    members: list[Member] = field(default_factory=list)  # whom the invite form offers
    own_invitations: list[InvitationRow] = field(default_factory=list)  # a member municipality's own


def procurement_page(session: Session, principal: Principal, procurement_id: int) -> ProcurementPage:
    procurement = services.access_procurement(session, principal, procurement_id)
    viewer = _viewer(principal, procurement)
    needs = services.procurement_needs(session, procurement) if viewer != READER else []
    page = ProcurementPage(
        procurement=procurement,
        viewer=viewer,
        may_write=holds_on(principal, procurement, perm.REGION_PROCUREMENTS_WRITE),
        needs=needs,
        value=procurement_value(session, principal, procurement),
    )
    if viewer == MEMBER:
        return _with(page, own_invitations=_own_invitations(session, procurement))
    if viewer == STAFF:
        members = member_tenants(session, procurement.region_id)
        return _with(
            page,
            invitations=invitation_rows(session, principal, procurement, members),
            members=_members(procurement, members, needs) if page.may_write else [],
        )
    return page


def _with(page: ProcurementPage, **parts) -> ProcurementPage:
    return ProcurementPage(**{**page.__dict__, **parts})


def _viewer(principal: Principal, procurement: JointProcurement) -> str:
    if holds_on(principal, procurement, perm.REGION_JOIN_ANSWERS_READ):
        return STAFF
    if principal.holds_somewhere(perm.TENANT_JOIN_READ) and procurement.region_id in principal.ids(perm.REGION_READ):
        return MEMBER
    return READER


def _own_invitations(session: Session, procurement: JointProcurement) -> list[InvitationRow]:
    """The guard lets a municipality read only its own invitations (no recipients: that is the staff's)."""
    invitations = list(procurement.join_invitations)
    ids = sorted({i.tenant_id for i in invitations})
    names = dict(session.execute(select(Tenant.id, Tenant.name).where(Tenant.id.in_(ids))).all())
    return [InvitationRow(i, names.get(i.tenant_id, "–"), []) for i in invitations]


def invitation_rows(
    session: Session, principal: Principal, procurement: JointProcurement, members: list[Tenant]
) -> list[InvitationRow]:
    """Every invitation with the people its e-mail goes to (none: somebody must be invited first)."""
    invitations = services.answers(session, principal, procurement)
    recipients = mail_recipients(session, principal, procurement, [i.tenant_id for i in invitations])
    names = {t.id: t.name for t in members}
    return [InvitationRow(i, names.get(i.tenant_id, "–"), recipients[i.tenant_id]) for i in invitations]


def mail_recipients(
    session: Session, principal: Principal, procurement: JointProcurement, tenant_ids: list[int]
) -> dict[int, list[Recipient]]:
    """Whom the mail job will e-mail for each invited municipality: its active IT coordinators.

    The staff may see the member municipalities' people; the users' own rows (is the person still
    active?) only the system reads, so they are read as the mail job reads them.
    """
    require_on(principal, procurement, perm.REGION_JOIN_ANSWERS_READ)
    with acting_as(session, Principal.system("who an invitation to join is e-mailed to")):
        return tenant_role_recipients(session, Role.IT_COORDINATOR, tenant_ids)


def _members(procurement: JointProcurement, members: list[Tenant], needs: list[Need]) -> list[Member]:
    invited = {i.tenant_id: i for i in procurement.join_invitations}
    titles: dict[int, list[str]] = defaultdict(list)
    for need in needs:
        titles[need.tenant_id].append(need.title)
    return [Member(t, invited.get(t.id), titles[t.id]) for t in members]


@dataclass(frozen=True)
class InviteOutcome:
    """What an invitation round did, for the message after it: nothing claimed that did not happen."""

    mailed: dict[str, list[Recipient]]  # invited municipality -> who its e-mail goes to
    unreachable: list[str]  # invited, but nobody to e-mail
    skipped: list[str]  # chosen, but invited before: not invited (or e-mailed) again


def invite_outcome(
    session: Session, principal: Principal, procurement: JointProcurement, chosen: list[int], created: list
) -> InviteOutcome:
    names = {t.id: t.name for t in member_tenants(session, procurement.region_id)}
    invited = [i.tenant_id for i in created]
    recipients = mail_recipients(session, principal, procurement, invited)
    return InviteOutcome(
        mailed={names[t]: recipients[t] for t in invited if recipients[t]},
        unreachable=[names[t] for t in invited if not recipients[t]],
        skipped=sorted(names[t] for t in set(chosen) - set(invited)),
    )
