"""Joint procurements and invitations to join them: who may create, invite and answer, and when.

Rows are reached only through ``access_*``: the tenancy guard filters the lookup,
so another tenant's invitation or another region's procurement is simply not
found (a 404), never a 403 that would confirm it exists.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.core.errors import NotFound, Refused
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import earliest_local_today, local_today, utcnow
from samverka.platform.needs import lifecycle
from samverka.platform.needs.models import Need
from samverka.platform.needs.services.access import access_need
from samverka.platform.needs.services.needs import create_need, move_need
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access, require_on
from samverka.tenants.models import Tenant
from samverka.tenants.services.directory import access_region, member_tenants

MAIL_JOB = job("samverka.platform.procurements.tasks.send_join_invitation_email")


# A need that has ended (or an initiative, reported for information only) cannot join a procurement.
NOT_JOINABLE = (lifecycle.WITHDRAWN, lifecycle.OWN_PROCUREMENT, lifecycle.CLOSED, lifecycle.REPORTED)
DEADLINE_PASSED = _l("The deadline for answering has passed.")


def invitation_today(session: Session, invitation: JoinInvitation, now: datetime | None = None) -> date:
    """The invited municipality's date: a deadline day lasts until midnight where the municipality is."""
    country = session.scalar(select(Tenant.country).where(Tenant.id == invitation.tenant_id))
    return local_today(country, now)


def reminders_due(session: Session, now: datetime, days: int) -> list[int]:
    """Unanswered, unreminded invitations whose deadline is within ``days`` of the municipality's date."""
    pending = session.execute(
        select(JoinInvitation.id, JoinInvitation.deadline, Tenant.country)
        .join(Tenant, Tenant.id == JoinInvitation.tenant_id)
        .where(
            JoinInvitation.status == "pending",
            JoinInvitation.reminded_at.is_(None),
            JoinInvitation.deadline >= earliest_local_today(now),
        )
        .order_by(JoinInvitation.id)
    ).all()
    due = []
    for invitation_id, deadline, country in pending:
        today = local_today(country, now)
        if today <= deadline <= today + timedelta(days=days):
            due.append(invitation_id)
    return due


def access_procurement(
    session: Session, principal: Principal, procurement_id: int, permission: Permission = perm.REGION_PROCUREMENTS_READ
) -> JointProcurement:
    return access(session, principal, JointProcurement, procurement_id, permission)


# An invitation to join is read by the invited municipality and by the region's staff.
INVITATION_READ = (perm.TENANT_JOIN_READ, perm.REGION_JOIN_ANSWERS_READ)


def access_join_invitation(
    session: Session, principal: Principal, invitation_id: int, permission: Permission = INVITATION_READ
) -> JoinInvitation:
    return access(session, principal, JoinInvitation, invitation_id, permission)


def list_procurements(
    session: Session,
    principal: Principal,
    region_id: int,
    page: PageRequest = FIRST_PAGE,
    *,
    stage: str | None = None,
    participating: bool = False,
) -> Page[JointProcurement]:
    """The region's joint procurements, the newest first; at one stage, or those the caller's municipality is in."""
    region = access_region(session, principal, region_id, perm.REGION_PROCUREMENTS_READ)
    stmt = select(JointProcurement).where(JointProcurement.region_id == region.id)
    if stage is not None:
        stmt = stmt.where(JointProcurement.status == stage)
    if participating:
        own = sorted(principal.ids(perm.TENANT_JOIN_READ))
        stmt = stmt.where(
            JointProcurement.id.in_(select(ProcurementNeed.procurement_id).where(ProcurementNeed.tenant_id.in_(own)))
        )
    order = (
        Order(JointProcurement.created_at, descending=True),
        Order(JointProcurement.id, descending=True),
    )
    return paginate(session, stmt, order, page)


def create_procurement(
    session: Session,
    principal: Principal,
    region_id: int,
    *,
    title: str,
    category: str,
    description: str = "",
    from_proposal_id: int | None = None,
) -> JointProcurement:
    region = access_region(session, principal, region_id, perm.REGION_PROCUREMENTS_WRITE)
    procurement = JointProcurement(
        region_id=region.id,
        title=title,
        category=category,
        description=description,
        created_by_id=principal.user_id,
        from_proposal_id=from_proposal_id,
    )
    session.add(procurement)
    session.flush()
    record(
        session,
        principal,
        "procurement.create",
        procurement,
        region_id=region.id,
        summary={"title": title, "category": category, "from_proposal_id": from_proposal_id},
    )
    return procurement


def create_from_needs(
    session: Session,
    principal: Principal,
    region_id: int,
    need_ids: list[int],
    *,
    title: str,
    from_proposal_id: int | None = None,
) -> JointProcurement:
    """A draft joint procurement holding needs submitted to the region, which thereby join it."""
    needs = [_submitted_need(session, principal, region_id, need_id) for need_id in dict.fromkeys(need_ids)]
    category = Counter(n.category for n in needs).most_common(1)[0][0] if needs else "other_it"
    procurement = create_procurement(
        session, principal, region_id, title=title, category=category, from_proposal_id=from_proposal_id
    )
    for need in needs:
        _link(session, procurement, need)
        for step in ("consider", "join"):
            if lifecycle.find(step, need.status, need.is_initiative) is not None:
                move_need(session, principal, need, transition=step)
    return procurement


def _submitted_need(session: Session, principal: Principal, region_id: int, need_id: int) -> Need:
    need = access_need(session, principal, need_id, perm.REGION_NEEDS_MANAGE)
    if region_id not in need.shared_region_ids:
        raise NotFound()
    return need


def _link(session: Session, procurement: JointProcurement, need: Need) -> None:
    session.add(
        ProcurementNeed(
            procurement_id=procurement.id, region_id=procurement.region_id, need_id=need.id, tenant_id=need.tenant_id
        )
    )
    session.flush()


def procurement_needs(session: Session, procurement: JointProcurement) -> list[Need]:
    """The procurement's needs the principal may read: the region's staff see them, partners do not."""
    stmt = (
        select(Need)
        .join(ProcurementNeed, ProcurementNeed.need_id == Need.id)
        .where(ProcurementNeed.procurement_id == procurement.id)
    )
    return list(session.scalars(stmt.order_by(Need.title)))


def participant_ids(session: Session, procurement: JointProcurement) -> list[int]:
    """The participating municipalities: those with a need in the procurement (a withdrawal removes its needs)."""
    stmt = select(ProcurementNeed.tenant_id).where(ProcurementNeed.procurement_id == procurement.id).distinct()
    return sorted(session.scalars(stmt))


def joinable_needs(session: Session, invitation: JoinInvitation) -> list[Need]:
    """The invited municipality's own needs it may join with."""
    stmt = select(Need).where(
        Need.tenant_id == invitation.tenant_id, Need.kind != "initiative", Need.status.not_in(NOT_JOINABLE)
    )
    return list(session.scalars(stmt.order_by(Need.title)))


def invite_tenants(
    session: Session,
    principal: Principal,
    procurement: JointProcurement,
    *,
    deadline: date,
    tenant_ids: list[int] | None = None,
) -> list[JoinInvitation]:
    """Invite the chosen member municipalities (all of them when none are chosen) to join.

    A tenant that is not a member of the region is a ``NotFound`` before
    anything is written; a tenant invited before is not invited (or e-mailed) again.
    """
    require_on(principal, procurement, perm.REGION_PROCUREMENTS_WRITE)
    members = {t.id for t in member_tenants(session, procurement.region_id)}
    chosen = set(tenant_ids) if tenant_ids else members
    if not chosen <= members:
        raise NotFound()
    already = {i.tenant_id for i in procurement.join_invitations}
    created = [
        JoinInvitation(
            procurement_id=procurement.id,
            region_id=procurement.region_id,
            tenant_id=tenant_id,
            deadline=deadline,
            invited_by_id=principal.user_id,
        )
        for tenant_id in sorted(chosen - already)
    ]
    session.add_all(created)
    session.flush()
    for invitation in created:
        record(
            session,
            principal,
            "join_invitation.create",
            invitation,
            tenant_id=invitation.tenant_id,
            region_id=invitation.region_id,
            summary={"procurement_id": procurement.id, "deadline": deadline.isoformat()},
        )
        enqueue_after_commit(session, MAIL_JOB, invitation.id)
    return created


def my_join_invitations(session: Session, principal: Principal, page: PageRequest = FIRST_PAGE) -> Page[JoinInvitation]:
    """The invitations to the principal's own municipalities, by nearest deadline first."""
    stmt = (
        select(JoinInvitation)
        .where(JoinInvitation.tenant_id.in_(sorted(principal.ids(perm.TENANT_JOIN_READ))))
        .options(joinedload(JoinInvitation.procurement))
    )
    order = (Order(JoinInvitation.deadline), Order(JoinInvitation.id))
    return paginate(session, stmt, order, page)


def answers(session: Session, principal: Principal, procurement: JointProcurement) -> list[JoinInvitation]:
    """The coordinator's view: every invitation of the procurement with its answer so far."""
    require_on(principal, procurement, perm.REGION_JOIN_ANSWERS_READ)
    return list(procurement.join_invitations)


def answer(
    session: Session,
    principal: Principal,
    invitation: JoinInvitation,
    *,
    status: str,
    comment: str = "",
    need_id: int | None = None,
    new_need_title: str | None = None,
    now: datetime | None = None,
) -> JoinInvitation:
    """Join (with one of the tenant's needs, or one registered now) or decline, until the deadline day ends.

    The answer may be changed until then; the procurement holds the need only while the tenant has joined.
    """
    require_on(principal, invitation, perm.TENANT_JOIN_ANSWER)
    if not invitation.is_open(invitation_today(session, invitation, now)):
        raise Refused.field("deadline", DEADLINE_PASSED)
    need = _need_to_join(session, principal, invitation, need_id, new_need_title) if status == "joined" else None
    _unlink_previous(session, invitation)
    invitation.status, invitation.comment, invitation.need_id = status, comment, need.id if need else None
    invitation.answered_by_id, invitation.answered_at = principal.user_id, utcnow()
    if need is not None:
        _link(session, invitation.procurement, need)
        if lifecycle.find("join", need.status, need.is_initiative) is not None:
            move_need(session, principal, need, transition="join")
    session.flush()
    record(
        session,
        principal,
        f"join_invitation.{status}",
        invitation,
        tenant_id=invitation.tenant_id,
        region_id=invitation.region_id,
        summary={"comment": comment, "need_id": invitation.need_id},
    )
    return invitation


def _need_to_join(
    session: Session, principal: Principal, invitation: JoinInvitation, need_id: int | None, new_need_title: str | None
) -> Need:
    if new_need_title:
        # A minimal draft, registered on the spot; the municipality completes it on the need's page.
        return create_need(
            session,
            principal,
            invitation.tenant_id,
            cpv_codes=[],
            title=new_need_title,
            description=new_need_title,
            kind="new_solution",
            category=invitation.procurement.category,
        )
    joinable = {n.id: n for n in joinable_needs(session, invitation)}
    if need_id not in joinable:
        raise Refused.field("need_id", _l("To join, choose one of your municipality's needs or register a new one."))
    return joinable[need_id]


def _unlink_previous(session: Session, invitation: JoinInvitation) -> None:
    if invitation.need_id is None:
        return
    link = session.scalar(
        select(ProcurementNeed).where(
            ProcurementNeed.procurement_id == invitation.procurement_id, ProcurementNeed.need_id == invitation.need_id
        )
    )
    if link is not None:
        session.delete(link)
        session.flush()
