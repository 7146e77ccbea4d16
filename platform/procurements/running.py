"""Running a joint procurement through its stages: advance, cancel, restart, and the history of each step.

Each change locks the procurement's row first (``SELECT ... FOR UPDATE`` on PostgreSQL), then compares
the stage the person saw (``expected_stage``) with the stage it is in now: a procurement that moved on
meanwhile is a ``Conflict`` (409), and a second of two simultaneous requests waits for the first and
then gets that answer. A stage the table does not allow, or a gate with something missing, is
``Refused`` and nothing changes. Every step is a history row and an audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.core.errors import Conflict, NotFound, Refused
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements import planning
from samverka.platform.procurements.gates import gates
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed, StageChange
from samverka.platform.procurements.services import access_procurement
from samverka.platform.procurements.stages import (
    BY_ADVANCE,
    CANCEL_REASONS,
    CANCELLABLE,
    CANCELLED,
    PREPARATION,
    allowed,
)
from samverka.tenants import permissions as perm
from samverka.tenants.models import User

CANCEL_MAIL_JOB = job("samverka.platform.procurements.tasks.send_cancellation_email")
RESTART_KEY = "samverka.procurement_restart_copiers"

# What another area copies from a cancelled procurement to its restart (its team, its requirements):
# ``copy(session, principal, cancelled, restarted)``, listed by the app factory.
RestartCopier = Callable[[Session, Principal, JointProcurement, JointProcurement], None]

MOVED_ON = _l("The procurement has moved on in the meantime: it is now at another stage. Reload and try again.")


def locked(
    session: Session,
    principal: Principal,
    procurement_id: int,
    expected_stage: str,
    permission: str = perm.REGION_PROCUREMENTS_RUN,
) -> JointProcurement:
    """The procurement, row-locked until the transaction ends, if it is still where the person saw it."""
    procurement = access_procurement(session, principal, procurement_id, permission)
    session.scalar(
        select(JointProcurement)
        .where(JointProcurement.id == procurement.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if procurement.status != expected_stage:
        raise Conflict("stage_changed", MOVED_ON)
    return procurement


def actor_name(session: Session, principal: Principal) -> str:
    if not principal.user_id:
        return "Samverka"
    with acting_as(session, Principal.system("the name of the person acting, for the procurement's history")):
        return session.get(User, principal.user_id).name


def advance(
    session: Session, principal: Principal, procurement_id: int, to_stage: str, expected_stage: str
) -> JointProcurement:
    procurement = locked(session, principal, procurement_id, expected_stage)
    if to_stage not in BY_ADVANCE or not allowed(procurement.status, to_stage):
        raise Refused.field("to", _l("The procurement cannot move from this stage to that one."))
    missing = gates().missing(session, procurement, to_stage)
    if missing:
        raise Refused(
            {"missing": [m.as_dict() for m in missing]}, _l("The gate to this stage holds: see what is missing.")
        )
    if to_stage == PREPARATION:
        planning.plan(session, procurement)
    move(session, principal, procurement, to_stage)
    return procurement


def move(
    session: Session, principal: Principal, procurement: JointProcurement, to_stage: str, reason=None, comment=""
) -> StageChange:
    """Record the step and the audit event; the caller has locked the procurement and checked the rules."""
    change = StageChange(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        from_stage=procurement.status,
        to_stage=to_stage,
        reason=reason,
        comment=comment,
        changed_by_id=principal.user_id,
        changed_by_name=actor_name(session, principal),
    )
    procurement.status = to_stage
    session.add(change)
    session.flush()
    summary = {"from": change.from_stage, "to": to_stage, "reason": reason}
    record(
        session,
        principal,
        f"procurement.stage.{to_stage}",
        procurement,
        region_id=procurement.region_id,
        summary=summary,
    )
    return change


def cancel(
    session: Session, principal: Principal, procurement_id: int, *, reason: str, text: str, expected_stage: str
) -> JointProcurement:
    """End the procurement before its contract, with a reason; participants and partners are e-mailed."""
    procurement = locked(session, principal, procurement_id, expected_stage)
    if procurement.status not in CANCELLABLE:
        raise Refused.field("reason", _l("Only a procurement whose contract is not signed yet can be cancelled."))
    if reason not in CANCEL_REASONS:
        raise Refused.field("reason", _l("Choose a reason for the cancellation."))
    if reason == "other" and not text.strip():
        raise Refused.field("text", _l("Say why the procurement is cancelled."))
    change = move(session, principal, procurement, CANCELLED, reason=reason, comment=text.strip())
    enqueue_after_commit(session, CANCEL_MAIL_JOB, change.id)
    return procurement


def restart(session: Session, principal: Principal, procurement_id: int, title: str | None = None) -> JointProcurement:
    """A new procurement from a cancelled one: same needs (so participants), then what other areas copy."""
    if access_procurement(session, principal, procurement_id, perm.REGION_PROCUREMENTS_RUN).status != CANCELLED:
        raise Conflict("not_cancelled", _l("Only a cancelled procurement can be restarted."))
    cancelled = locked(session, principal, procurement_id, CANCELLED)
    if cancelled.restarted_as_id is not None:
        raise Conflict("already_restarted", _l("This procurement has already been restarted."))
    restarted = JointProcurement(
        region_id=cancelled.region_id,
        title=title or cancelled.title,
        description=cancelled.description,
        category=cancelled.category,
        status=PREPARATION,
        created_by_id=principal.user_id,
        restarted_from_id=cancelled.id,
    )
    session.add(restarted)
    session.flush()
    _copy_needs(session, cancelled, restarted)
    # The runner may restart; what a restart carries over (the team, its requirements, the award criteria)
    # is the platform's to copy, whichever of the region's staff pressed the button.
    with acting_as(session, Principal.system("procurement restart: the cancelled one's team and requirements")):
        for copy in restart_copiers():
            copy(session, principal, cancelled, restarted)
    cancelled.restarted_as_id = restarted.id
    planning.plan(session, restarted)
    _started(session, principal, restarted)
    return restarted


def _copy_needs(session: Session, cancelled: JointProcurement, restarted: JointProcurement) -> None:
    links = session.scalars(select(ProcurementNeed).where(ProcurementNeed.procurement_id == cancelled.id)).all()
    session.add_all(
        ProcurementNeed(procurement_id=restarted.id, region_id=n.region_id, need_id=n.need_id, tenant_id=n.tenant_id)
        for n in links
    )
    session.flush()


def _started(session: Session, principal: Principal, restarted: JointProcurement) -> None:
    session.add(
        StageChange(
            procurement_id=restarted.id,
            region_id=restarted.region_id,
            to_stage=PREPARATION,
            changed_by_id=principal.user_id,
            changed_by_name=actor_name(session, principal),
        )
    )
    session.flush()
    summary = {"restarted_from_id": restarted.restarted_from_id, "title": restarted.title}
    record(session, principal, "procurement.restart", restarted, region_id=restarted.region_id, summary=summary)


def copy_rows(session: Session, model, cancelled: JointProcurement, restarted: JointProcurement, **changed) -> int:
    """Copy ``model``'s rows of the cancelled procurement to the restarted one (new ids, ``changed`` values)."""
    columns = [c.key for c in model.__table__.columns if not c.primary_key and c.key != "procurement_id"]
    rows = session.scalars(select(model).where(model.procurement_id == cancelled.id)).all()
    session.add_all(
        model(procurement_id=restarted.id, **{**{c: getattr(row, c) for c in columns}, **changed}) for row in rows
    )
    session.flush()
    return len(rows)


def init_app(app, copiers: Sequence[RestartCopier]) -> None:
    app.extensions[RESTART_KEY] = tuple(copiers)


def restart_copiers() -> Sequence[RestartCopier]:
    return current_app.extensions.get(RESTART_KEY, ())


def history(
    session: Session, principal: Principal, procurement_id: int, page: PageRequest = FIRST_PAGE
) -> Page[StageChange]:
    """The procurement's steps, the earliest first (a cancelled one's stays readable after its restart)."""
    procurement = access_procurement(session, principal, procurement_id)
    stmt = select(StageChange).where(StageChange.procurement_id == procurement.id)
    return paginate(session, stmt, (Order(StageChange.changed_at), Order(StageChange.id)), page)


def stage_change(session: Session, change_id: int) -> StageChange:
    found = session.get(StageChange, change_id)
    if found is None:
        raise NotFound()
    return found
