"""Registering, changing, submitting and moving needs through their lifecycle.

Every change is audited; every change of status is also written to the need's
visible history. A need's content is changed only by its own municipality; once
submitted, each change bumps its ``version``, and the matching job is asked to look
at it again after the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import Entry, record
from samverka.platform.core.catalogue import CURRENCIES
from samverka.platform.core.errors import Forbidden, Refused
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.needs import lifecycle, personal_data
from samverka.platform.needs.lifecycle import DRAFT, Side
from samverka.platform.needs.models import Need, NeedCpvCode, NeedSubmission
from samverka.platform.needs.models.need import INITIATIVE
from samverka.platform.needs.services import rows
from samverka.platform.needs.services.access import (
    acting_region_id,
    acting_sides,
    actor_name,
    history_event,
    record_event,
    require_editable,
    require_owner,
)
from samverka.platform.needs.services.listing import NeedListing, narrowed, ordered
from samverka.platform.needs.services.templates import plan_problems, template_for
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import access_region, access_tenant

EVERY_NEED = NeedListing()
MATCH_JOB = job("samverka.platform.matching.tasks.match_need")


def _request_matching(session: Session, need: Need) -> None:
    """Ask the matching job to look at the need again, once this transaction has committed."""
    enqueue_after_commit(session, MATCH_JOB, need.id)


def tenant_needs(
    session: Session,
    principal: Principal,
    tenant_id: int,
    page: PageRequest = FIRST_PAGE,
    listing: NeedListing = EVERY_NEED,
    shown: rows.Shown = rows.FOR_API,
) -> Page[rows.ListedNeed]:
    """A municipality's own needs and initiatives, the most recently changed first (or as ``listing`` asks)."""
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_NEEDS_READ)
    stmt = narrowed(select(shown.columns).where(Need.tenant_id == tenant.id), listing)
    order = (Order(Need.updated_at, descending=True), Order(Need.id, descending=True))
    return rows.completed(session, paginate(session, stmt, ordered(listing, order), page), shown)


def region_needs(
    session: Session,
    principal: Principal,
    region_id: int,
    page: PageRequest = FIRST_PAGE,
    listing: NeedListing = EVERY_NEED,
    shown: rows.Shown = rows.FOR_API,
) -> Page[rows.ListedNeed]:
    """The needs submitted to a region, for its coordinator and purchaser, newest first; never a draft.

    The page's ids come first, from the region's submissions and the needs' listed index alone
    (migration 0025): reaching the needs through the submissions, one by id, reads no need the page does
    not show, where a join of whole rows had PostgreSQL read every need in the country.
    """
    region = access_region(session, principal, region_id, perm.REGION_NEEDS_READ)
    ids = (
        select(Need.id)
        .join(NeedSubmission, NeedSubmission.need_id == Need.id)
        .where(NeedSubmission.region_id == region.id, Need.status != DRAFT)
    )
    order = (Order(NeedSubmission.submitted_at, descending=True), Order(Need.id, descending=True))
    found = paginate(session, narrowed(ids, listing), ordered(listing, order), page)
    return rows.completed(session, rows.of_ids(session, found, shown), shown)


def create_need(session: Session, principal: Principal, tenant_id: int, *, cpv_codes: list[str], **fields) -> Need:
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_NEEDS_WRITE)
    need = _new_need(principal, tenant, cpv_codes, fields)
    session.add(need)
    session.flush()
    record_event(session, principal, need, "create", from_status=None, summary={"title": need.title})
    return need


def _new_need(principal: Principal, tenant: Tenant, cpv_codes: list[str], fields: dict) -> Need:
    need = Need(
        tenant_id=tenant.id,
        shared_region_ids=[],  # set, not left to the default: a batch's drafts and submitted needs share one INSERT
        currency=CURRENCIES[tenant.country],
        status=DRAFT,
        version=1,
        created_by_id=principal.user_id,
        **personal_data.without_answers(fields),
    )
    need.cpv_code_rows = [NeedCpvCode(code=code) for code in cpv_codes]
    return need


@dataclass(frozen=True)
class NewNeed:
    """A need for ``create_needs``: its fields, and the regions it is submitted to at once if it may be."""

    tenant_id: int
    cpv_codes: list[str]
    fields: dict
    submit_to: tuple[int, ...] = ()
    comment: str | None = None


def create_needs(session: Session, principal: Principal, new: list[NewNeed]) -> tuple[list[Need], list[list[Entry]]]:
    """Many needs at once (a batch job's): each created, and submitted to its ``submit_to`` regions when it has
    every answer a submission asks for (else left a draft), with the rows, history and checks of ``create_need``
    and ``submit_need`` one by one, written in one INSERT per table. The audit events of each need are returned,
    in order, for the caller to record with its own (``record_many``): none is recorded here."""
    tenants = {tid: access_tenant(session, principal, tid, perm.TENANT_NEEDS_WRITE) for tid in _tenant_ids(new)}
    name = actor_name(session, principal)
    needs, entries = [], []
    for item in new:
        tenant = tenants[item.tenant_id]
        need = _new_need(principal, tenant, item.cpv_codes, item.fields)
        need.tenant = tenant
        session.add(need)
        steps = [history_event(session, need, principal, name, "create", None, summary={"title": need.title})]
        if item.submit_to and not need.missing_personal_data:
            transition, region_ids = _submission(session, principal, need, list(item.submit_to))
            need.shared_region_ids = sorted(set(region_ids))
            steps.append(
                history_event(
                    session, need, principal, name, transition.name, transition.source, item.comment,
                    summary={"region_ids": region_ids},
                )
            )  # fmt: skip
        needs.append(need)
        entries.append(steps)
    session.flush()
    for need in needs:
        if need.status != DRAFT:
            _request_matching(session, need)
    return needs, entries


def _tenant_ids(new: list[NewNeed]) -> list[int]:
    return list(dict.fromkeys(item.tenant_id for item in new))


def update_need(session: Session, principal: Principal, need: Need, *, cpv_codes: list[str], **fields) -> Need:
    """Change what the need says; the kind may switch between need and initiative only in a draft."""
    require_owner(principal, need)
    require_editable(need)
    if need.status != DRAFT and (fields["kind"] == INITIATIVE) != need.is_initiative:
        raise Refused({"kind": [_l("Once submitted, a need cannot become an initiative or the other way round.")]})
    fields = personal_data.without_answers(fields)
    if need.status != DRAFT and fields["kind"] != INITIATIVE:
        _require_personal_data(personal_data.missing_answers(fields["processes_personal_data"], fields))
    changed = sorted(name for name, value in fields.items() if getattr(need, name) != value)
    if sorted(cpv_codes) != need.cpv_codes:
        changed.append("cpv_codes")
    for name, value in fields.items():
        setattr(need, name, value)
    _replace_codes(session, need, cpv_codes)
    need.updated_at = utcnow()
    if need.status == DRAFT:
        record(session, principal, "need.update", need, tenant_id=need.tenant_id, summary={"changed": changed})
        return need
    need.version += 1
    record_event(session, principal, need, "update", from_status=need.status, summary={"changed": changed})
    _request_matching(session, need)
    return need


def _replace_codes(session: Session, need: Need, codes: list[str]) -> None:
    # Rows are deleted one by one, not dropped from the collection, so each still names its need
    # when the tenancy guard checks the delete.
    for row in need.cpv_code_rows:
        if row.code not in codes:
            session.delete(row)
    kept = set(need.cpv_codes)
    session.add_all(NeedCpvCode(need=need, code=code) for code in codes if code not in kept)
    session.flush()
    session.expire(need, ["cpv_code_rows"])


def delete_need(session: Session, principal: Principal, need: Need) -> None:
    """Only a draft may be deleted: a submitted need is part of the regions' history."""
    require_owner(principal, need)
    if need.status != DRAFT:
        raise Refused({"status": [_l("Only a draft can be deleted; withdraw a submitted need instead.")]})
    record(session, principal, "need.delete", need, tenant_id=need.tenant_id, summary={"title": need.title})
    session.delete(need)


def submit_need(
    session: Session, principal: Principal, need: Need, *, region_ids: list[int], comment: str | None = None
) -> Need:
    """Share the need (or report the initiative) with one or more of its municipality's regions."""
    transition, submitted = _submission(session, principal, need, region_ids)
    _share(session, need, submitted)
    record_event(
        session,
        principal,
        need,
        transition.name,
        from_status=transition.source,
        comment=comment,
        summary={"region_ids": submitted},
    )
    _request_matching(session, need)
    return need


def _submission(
    session: Session, principal: Principal, need: Need, region_ids: list[int]
) -> tuple[lifecycle.Transition, list[int]]:
    """Checks the submission, adds its rows and moves the need's status; the transition and the regions' ids."""
    transition = lifecycle.find("report" if need.is_initiative else "submit", need.status, need.is_initiative)
    if transition is None:
        raise Refused({"status": [_l("This need has already been submitted.")]})
    _require_side(principal, need, transition)
    _require_personal_data(need.missing_personal_data)
    regions = _member_regions(need, region_ids)
    if not need.is_initiative:
        _require_plan_fits(session, need, regions)
    for region in regions:
        need.submissions.append(
            NeedSubmission(region_id=region.id, tenant_id=need.tenant_id, submitted_by_id=principal.user_id)
        )
    need.status = transition.target
    return transition, [region.id for region in regions]


def _share(session: Session, need: Need, region_ids: list[int]) -> None:
    """From now on the staff of these regions read the need, and all that follows it.

    The database copies the new scope onto the need's codes, history and plan (a cascading
    composite foreign key); whatever this session holds of them is reloaded when next read.
    """
    need.shared_region_ids = sorted({*need.shared_region_ids, *region_ids})
    session.flush()
    session.expire_all()


def _require_personal_data(missing: list[str]) -> None:
    """A need that processes personal data says what and whose before the regions read it (a draft may not yet)."""
    if missing:
        raise Refused({name: [personal_data.MISSING_ANSWERS] for name in missing}, personal_data.MISSING_ANSWERS)


def _member_regions(need: Need, region_ids: list[int]) -> list[Region]:
    members = {m.region_id: m.region for m in need.tenant.memberships}
    unknown = [rid for rid in region_ids if rid not in members]
    if unknown or not region_ids:
        raise Refused({"region_ids": [_l("Choose one or more of the municipality's own regions.")]})
    return [members[rid] for rid in dict.fromkeys(region_ids)]


def _require_plan_fits(session: Session, need: Need, regions: list[Region]) -> None:
    if need.missing_benefit_plan:
        return
    templates = [template_for(session, region.id) for region in regions]
    problems = plan_problems(list(need.benefit_plan.lines), templates)
    if problems:
        names = ", ".join(sorted({r.name for r in regions if r.id in {p.region_id for p in problems}}))
        raise Refused(
            {
                "benefit_plan": [
                    _l(
                        "The benefit plan does not meet the template of %(regions)s: complete or remove the lines it "
                        "marks before submitting.",
                        regions=names,
                    )
                ]
            }
        )


def move_need(
    session: Session, principal: Principal, need: Need, *, transition: str, comment: str | None = None
) -> Need:
    """Take one allowed step in the lifecycle that does not share the need with more regions."""
    found = lifecycle.find(transition, need.status, need.is_initiative)
    if found is None or found.shares:
        raise Refused({"transition": [_l("This step is not possible for the need as it stands now.")]})
    _require_side(principal, need, found)
    need.status = found.target
    region_id = acting_region_id(principal, need) if Side.TENANT not in acting_sides(principal, need) else None
    record_event(session, principal, need, found.name, from_status=found.source, comment=comment, region_id=region_id)
    _request_matching(session, need)
    return need


def _require_side(principal: Principal, need: Need, transition: lifecycle.Transition) -> None:
    if not acting_sides(principal, need) & transition.by:
        raise Forbidden(transition.name)
