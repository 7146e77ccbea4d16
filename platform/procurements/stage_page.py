"""What the pages show of a procurement's stages: where it is, its plan, its history, what it waits for and who.

The detail page shows one procurement; the region's overview a page of them, with counts per stage.
What a procurement waits for is its gate to the next stage on the main line: every missing item with
the role that must do it. The overview asks all gates for the whole page at once (see ``gates``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.titles import localized_title
from samverka.platform.needs.labels import CATEGORY_LABELS
from samverka.platform.procurements import planning, running
from samverka.platform.procurements.gates import ROLE_LABELS, Missing, gates
from samverka.platform.procurements.models import JointProcurement, StageChange
from samverka.platform.procurements.stages import (
    AWARD_RECOMMENDATION,
    BY_ADVANCE,
    CANCELLABLE,
    CANCELLED,
    LINE,
    STAGE_LABELS,
    TRANSITIONS,
    ahead,
)
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on
from samverka.tenants.models import Region
from samverka.tenants.services.directory import access_region

# A stage as a tag: under way is information, cancelled ended (neutral), in operation done.
STAGE_COLORS = {"draft": "neutral", "cancelled": "neutral", "in_operation": "success"}


@dataclass(frozen=True)
class Waiting:
    """What is missing before the next stage, grouped by the role that must do it (label, texts)."""

    next_stage: str | None
    by_role: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class StagePanel:
    steps: list[str]  # the stages the steps indicator names
    schedule: list[planning.PlannedStage]
    history: list[StageChange]
    waiting: Waiting
    may_run: bool
    next_stages: list[str]  # the transitions the runner may try (the gate may still hold)
    may_cancel: bool
    may_restart: bool


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def grouped(missing: list[Missing], label: Callable[[str], str] = role_label) -> list[tuple[str, list[str]]]:
    by_role: dict[str, list[str]] = defaultdict(list)
    for item in missing:
        by_role[item.role].append(str(item.text))
    return [(label(role), texts) for role, texts in by_role.items()]


def steps_for(status: str) -> list[str]:
    """This issue's stages; the later ones once the procurement has gone past the award recommendation."""
    shown = LINE[: LINE.index(AWARD_RECOMMENDATION) + 1]
    return list(LINE if status in LINE and status not in shown else shown)


def stage_panel(session: Session, principal: Principal, procurement: JointProcurement, today: date) -> StagePanel:
    may_run = holds_on(principal, procurement, perm.REGION_PROCUREMENTS_RUN)
    following = ahead(procurement.status)
    missing = gates().missing(session, procurement, following) if following else []
    return StagePanel(
        steps=steps_for(procurement.status),
        schedule=planning.schedule(procurement, today),
        history=list(running.history(session, principal, procurement.id)),
        waiting=Waiting(following, grouped(missing)),
        may_run=may_run,
        # Only the stages "advance" reaches: the later ones are entered through their own action (the award page).
        next_stages=[s for s in TRANSITIONS.get(procurement.status, ()) if s in BY_ADVANCE] if may_run else [],
        may_cancel=may_run and procurement.status in CANCELLABLE,
        may_restart=may_run and procurement.status == CANCELLED and procurement.restarted_as_id is None,
    )


@dataclass(frozen=True)
class OverviewRow:
    """One procurement of the region's overview in the page's words, each distinct label translated once."""

    procurement_id: int
    title: str
    category: str
    stage: str
    stage_color: str
    waits_for: list[tuple[str, str]]  # the gate's missing items by role, each role's joined (for those who run it)
    ready_for: str | None  # nothing missing: the purchaser may move it on (to the stage this names)
    late: list[str]  # each late stage with its planned date


def stage_counts(session: Session, principal: Principal, region_id: int) -> dict[str, int]:
    """How many of the region's procurements are at each stage (one query)."""
    region = access_region(session, principal, region_id, perm.REGION_PROCUREMENTS_READ)
    counted = dict(session.execute(_COUNTS, {"region_id": region.id}).all())
    return {stage: counted[stage] for stage in (*LINE, CANCELLED) if stage in counted}


# Built once, the region bound: the statement is the same for every page.
_COUNTS = (
    select(JointProcurement.status, func.count(JointProcurement.id))
    .where(JointProcurement.region_id == bindparam("region_id"))
    .group_by(JointProcurement.status)
)


def overview_rows(
    session: Session, principal: Principal, region: Region, procurements: list[JointProcurement], today: date
) -> list[OverviewRow]:
    """Each procurement of the region's page with its gate's missing items (for those who run them) and late stages.

    The page holds one region's procurements, so whether the principal runs them is asked once.
    """
    runs = holds_on(principal, region, perm.REGION_PROCUREMENTS_RUN)
    targets = [(p, ahead(p.status)) for p in procurements if runs and ahead(p.status)]
    missing = gates().missing_for_many(session, targets)
    category, stage = cache(lambda c: str(CATEGORY_LABELS[c])), cache(lambda s: str(STAGE_LABELS[s]))
    role = cache(role_label)
    ready = cache(lambda s: _("The purchaser: ready for %(stage)s", stage=stage(s)))
    day = cache(lambda d: format_date(d, "medium"))
    rows = []
    for p in procurements:
        following = ahead(p.status) if runs else None
        by_role = [(label, " ".join(texts)) for label, texts in grouped(missing.get(p.id, []), role)]
        rows.append(
            OverviewRow(
                p.id,
                localized_title(p.title),
                category(p.category),
                stage(p.status),
                STAGE_COLORS.get(p.status, "info"),
                by_role,
                ready(following) if following and not by_role else None,
                [_late(stage(late.stage), day(late.planned)) for late in planning.late_stages(p, today)],
            )
        )
    return rows


def _late(stage: str, planned: str) -> str:
    return _("%(stage)s, planned by %(date)s", stage=stage, date=planned)
