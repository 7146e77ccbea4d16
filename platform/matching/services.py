"""Storing proposals, and the coordinator's decisions on them.

Re-matching a region brings its open proposals up to the engine's current ones;
accepted and dismissed proposals stay, and their signatures are never proposed
again (a changed need changes the signature, so its group may come back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Conflict
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.core.titles import localized_title
from samverka.platform.matching.engine import Proposal, match_region
from samverka.platform.matching.loading import region_needs
from samverka.platform.matching.models import ACCEPTED, DISMISSED, OPEN, MatchProposal
from samverka.platform.matching.wording import PageGettext, grounds_text, reasons_sentence
from samverka.platform.needs.models import Need
from samverka.platform.needs.services.pages import NEED_NOTES
from samverka.platform.procurements import services as procurements
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access, holds_on, require_on
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import access_region


def rematch_region(session: Session, system: Principal, region_id: int, today: date) -> int:
    """Run the engine over the region's needs and store what changed; returns the open proposals' count.

    An open proposal the engine still makes keeps its row (and id, which a coordinator's
    page may be about to post to); one it no longer makes is removed.
    """
    needs, versions = region_needs(session, region_id)
    proposals = match_region(needs, today=today, versions=versions)
    stored = dict(
        session.execute(
            select(MatchProposal.signature, MatchProposal.status).where(MatchProposal.region_id == region_id)
        ).all()
    )
    current = {p.signature for p in proposals}
    stale = [sig for sig, status in stored.items() if status == OPEN and sig not in current]
    if stale:
        session.execute(
            delete(MatchProposal).where(MatchProposal.region_id == region_id, MatchProposal.signature.in_(stale))
        )
    tenants = {n.need_id: n.tenant_id for n in needs}
    session.add_all(_stored(p, tenants) for p in proposals if p.signature not in stored)
    open_count = sum(1 for p in proposals if stored.get(p.signature, OPEN) == OPEN)
    record(
        session,
        system,
        "matching.run",
        None,
        region_id=region_id,
        summary={"needs": len(needs), "open_proposals": open_count},
    )
    return open_count


def _stored(proposal: Proposal, tenants: dict[int, int]) -> MatchProposal:
    return MatchProposal(
        region_id=proposal.region_id,
        signature=proposal.signature,
        need_ids=list(proposal.need_ids),
        tenant_ids=sorted({tenants[n] for n in proposal.need_ids}),
        score=proposal.score,
        reasons=[{"code": r.code, "params": r.params} for r in proposal.reasons],
    )


def region_proposals(
    session: Session, principal: Principal, region_id: int, page: PageRequest = FIRST_PAGE
) -> Page[MatchProposal]:
    """The region's proposals: open ones first, the best matches first."""
    region = access_region(session, principal, region_id, perm.REGION_PROPOSALS_READ)
    stmt = select(MatchProposal).where(MatchProposal.region_id == region.id)
    order = (
        Order(MatchProposal.status),
        Order(MatchProposal.score, descending=True),
        Order(MatchProposal.id),
    )
    return paginate(session, stmt, order, page)


def access_proposal(
    session: Session, principal: Principal, proposal_id: int, permission: Permission = perm.REGION_PROPOSALS_READ
) -> MatchProposal:
    return access(session, principal, MatchProposal, proposal_id, permission)


def proposal_needs(session: Session, proposal: MatchProposal) -> list[Need]:
    """The proposal's needs as the principal may read them (the tenancy guard filters)."""
    return list(session.scalars(select(Need).where(Need.id.in_(proposal.need_ids)).order_by(Need.id)))


@dataclass(frozen=True)
class ProposalsPage:
    region: Region
    rows: list[dict]
    may_decide: bool
    proposals: Page[MatchProposal]


def proposals_page(session: Session, principal: Principal, region_id: int, page: PageRequest) -> ProposalsPage:
    """The region's proposals with their reasons and needs: the needs of all of them in two queries.

    Needs and their municipalities are read as the few columns the page shows, and only the
    municipalities named on the page; the region is held so that its access is read once.
    """
    region = access_region(session, principal, region_id, perm.REGION_PROPOSALS_READ)
    proposals = region_proposals(session, principal, region.id, page)
    wanted = sorted({need_id for proposal in proposals for need_id in proposal.need_ids})
    needs = _needs_shown(session, wanted) if wanted else {}
    heading = _("Proposal %(number)s")  # translated once; each proposal's number is put in below
    translate = PageGettext()
    rows = []
    for proposal in proposals:
        found = [needs[i] for i in sorted(proposal.need_ids) if i in needs]
        rows.append(
            {
                "proposal": proposal,
                "heading": heading % {"number": proposal.id},
                "reasons": reasons_sentence(proposal.reasons, translate),
                "needs": [(tenant_name, localized_title(title)) for title, tenant_name in found],
                "default_title": found[0][0] if found else "",
            }
        )
    return ProposalsPage(region, rows, holds_on(principal, region, perm.REGION_PROPOSALS_DECIDE), proposals)


_NEEDS_SHOWN = select(Need.id, Need.title, Need.tenant_id).where(Need.id.in_(bindparam("ids", expanding=True)))
_NAMES = select(Tenant.id, Tenant.name).where(Tenant.id.in_(bindparam("ids", expanding=True)))


def _needs_shown(session: Session, need_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each need's title and municipality's name ("" for one the principal may not read), by need id.

    Two statements built once, the needs and then their municipalities' names (the guard filters both): as one
    outer join, PostgreSQL expected one need where a page has about 80, and looked up all the principal's
    municipalities once for each need (0.9 ms to plan, 0.9 ms to run, for the national set's first page).
    """
    needs = session.execute(_NEEDS_SHOWN, {"ids": need_ids}).all()
    names = dict(session.execute(_NAMES, {"ids": sorted({tenant_id for _, _, tenant_id in needs})}).tuples().all())
    return {need_id: (title, names.get(tenant_id, "")) for need_id, title, tenant_id in needs}


def _decide(session: Session, principal: Principal, proposal: MatchProposal, status: str) -> None:
    require_on(principal, proposal, perm.REGION_PROPOSALS_DECIDE)
    if proposal.status != OPEN:
        raise Conflict(f"proposal_{proposal.status}", _l("This proposal has already been decided."))
    proposal.status, proposal.decided_by_id, proposal.decided_at = status, principal.user_id, utcnow()


def dismiss_proposal(session: Session, principal: Principal, proposal: MatchProposal, *, reason: str) -> None:
    _decide(session, principal, proposal, DISMISSED)
    proposal.dismiss_reason = reason
    record(
        session,
        principal,
        "proposal.dismiss",
        proposal,
        region_id=proposal.region_id,
        summary={"need_ids": proposal.need_ids, "reason": reason},
    )


def accept_proposal(session: Session, principal: Principal, proposal: MatchProposal, *, title: str) -> int:
    """The proposal becomes a draft joint procurement holding its needs; returns the procurement id."""
    _decide(session, principal, proposal, ACCEPTED)
    procurement = procurements.create_from_needs(
        session, principal, proposal.region_id, proposal.need_ids, title=title, from_proposal_id=proposal.id
    )
    proposal.procurement_id = procurement.id
    record(
        session,
        principal,
        "proposal.accept",
        proposal,
        region_id=proposal.region_id,
        summary={"need_ids": proposal.need_ids, "procurement_id": procurement.id},
    )
    return procurement.id


@dataclass(frozen=True)
class SimilarPlans:
    """What a municipality may learn of its neighbours' similar plans: how many, and on which grounds."""

    other_tenants: int
    reason_codes: tuple[str, ...]


def similar_plans(session: Session, principal: Principal, need: Need) -> SimilarPlans | None:
    """For the need's own municipality: do others in its regions plan something similar?

    Proposals are the region's, so they are read as the system, and only a count and
    the kinds of reasons leave this function: never whose needs, nor what they say.
    """
    if not principal.holds(perm.TENANT_NEEDS_READ, need.tenant_id) or not need.shared_region_ids:
        return None
    with acting_as(session, Principal.system("similar plans of a tenant's own need")):
        # Columns, not entities: nothing read as the system stays in the session for later reads.
        rows = session.execute(
            select(MatchProposal.need_ids, MatchProposal.tenant_ids, MatchProposal.reasons).where(
                MatchProposal.region_id.in_(need.shared_region_ids), MatchProposal.status == OPEN
            )
        ).all()
    mine = [(tenants, reasons) for need_ids, tenants, reasons in rows if need.id in need_ids]
    others = {t for tenants, _ in mine for t in tenants} - {need.tenant_id}
    if not others:
        return None
    return SimilarPlans(len(others), tuple(sorted({r["code"] for _, reasons in mine for r in reasons})))


@NEED_NOTES.provide
def similar_plans_note(session: Session, principal: Principal, need: Need) -> str | None:
    """The need's page tells its municipality that others plan something similar, and on which grounds."""
    found = similar_plans(session, principal, need)
    if found is None:
        return None
    return _l(
        "Other municipalities in the region plan something similar: %(num)d (%(grounds)s). The regional "
        "coordinator sees the details and may propose a joint procurement.",
        num=found.other_tenants,
        grounds=grounds_text(found.reason_codes),
    )
