"""Gates: what must be done before a procurement may enter a stage, and who must do it.

A gate is a list of checks per target stage. Each check looks at one procurement and says what is
missing, per role (``Missing("user_representative", "The user representatives' section is not done")``);
a transition is refused while anything is missing, and the page and the API list every item. The app
factory assembles the registry explicitly (``platform/app.py``), so each area adds its checks there.

A check may also answer for many procurements at once (``for_many``), which the overview and the
attention list use so that a page of procurements costs one query per check, not one per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.stages import PREPARATION

EXTENSION_KEY = "samverka.procurement_gates"

# Who a missing item waits for: the region's staff, the participants, or a role on the procurement's team.
ROLE_LABELS: dict[str, object] = {
    "purchaser": _l("Purchaser"),
    "coordinator": _l("Coordinator"),
    "participants": _l("Participating municipalities"),
    "user_representative": _l("User representative"),
    "it_architecture": _l("IT architecture"),
    "archive": _l("Archive"),
    "data_protection_officer": _l("Data protection officer"),
    "union_representative": _l("Union representative"),
}


@dataclass(frozen=True)
class Missing:
    """One thing that keeps a gate shut: the role that must do it, and what (already translated or lazy)."""

    role: str
    text: str

    def as_dict(self) -> dict:
        return {"role": self.role, "text": str(self.text)}


class GateCheck(Protocol):
    def __call__(self, session: Session, procurement: JointProcurement) -> list[Missing]: ...


@dataclass(frozen=True)
class Gates:
    """The checks of each target stage."""

    checks: Mapping[str, Sequence[GateCheck]]

    def missing(self, session: Session, procurement: JointProcurement, to_stage: str) -> list[Missing]:
        return [item for check in self.checks.get(to_stage, ()) for item in check(session, procurement)]

    def missing_for_many(
        self, session: Session, procurements: Sequence[tuple[JointProcurement, str]]
    ) -> dict[int, list[Missing]]:
        """For each (procurement, target stage), what is missing: batched checks answer once for all."""
        found: dict[int, list[Missing]] = {p.id: [] for p, _stage in procurements}
        for stage in {stage for _p, stage in procurements}:
            chosen = [p for p, target in procurements if target == stage]
            for check in self.checks.get(stage, ()):
                batch = getattr(check, "for_many", None)
                answers = batch(session, chosen) if batch else {p.id: check(session, p) for p in chosen}
                for procurement_id, items in answers.items():
                    found[procurement_id].extend(items)
        return found


def init_app(app, checks: Mapping[str, Sequence[GateCheck]]) -> None:
    app.extensions[EXTENSION_KEY] = Gates(checks)


def gates() -> Gates:
    return current_app.extensions[EXTENSION_KEY]


class HasParticipatingNeed:
    """Preparation starts from the needs: at least one municipality's need must be in the procurement."""

    TEXT = _l("No municipality's need is in the procurement yet: invite the members or add a need.")

    def __call__(self, session: Session, procurement: JointProcurement) -> list[Missing]:
        return self.for_many(session, [procurement])[procurement.id]

    # Built once, the ids bound: the statement is the same for every page.
    COUNTED = (
        select(ProcurementNeed.procurement_id, func.count(ProcurementNeed.id))
        .where(ProcurementNeed.procurement_id.in_(bindparam("ids", expanding=True)))
        .group_by(ProcurementNeed.procurement_id)
    )

    def for_many(self, session: Session, procurements: Sequence[JointProcurement]) -> dict[int, list[Missing]]:
        ids = [p.id for p in procurements]
        counted = dict(session.execute(self.COUNTED, {"ids": ids}).all())
        return {i: [] if counted.get(i) else [Missing("coordinator", self.TEXT)] for i in ids}


# The checks this area provides; the app factory adds the other areas' to these.
OWN_CHECKS: dict[str, tuple[GateCheck, ...]] = {PREPARATION: (HasParticipatingNeed(),)}
