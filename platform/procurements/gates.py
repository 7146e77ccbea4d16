"""Gates: what must be done before a procurement may enter a stage, and who must do it.

A gate is a list of checks per target stage. Each check looks at one procurement and says what is
missing, per role (``Missing("user_representative", "The user representatives' section is not done")``);
a transition is refused while anything is missing, and the page and the API list every item. The app
factory assembles the registry explicitly (``platform/app.py``), so each area adds its checks there.

A check may also answer for many procurements at once (``for_many``), which the overview and the
attention list use so that a page of procurements costs one query per check, not one per row. A check
that reads its facts as sub-selects of one statement over the procurements (a ``ColumnCheck``) costs no
query of its own: the gates ask all such checks of a page, whatever their area, in one statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, bindparam, exists, select
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


class ColumnCheck(GateCheck, Protocol):
    """A check whose facts are ``columns``, sub-selects correlated to ``JointProcurement.id``; ``decide`` says
    what is missing from each procurement's values (a tuple, one per column; Nones for a row not read)."""

    columns: tuple[ColumnElement, ...]

    def decide(
        self, session: Session, procurements: Sequence[JointProcurement], values: Mapping[int, tuple]
    ) -> dict[int, list[Missing]]: ...


def asked(session: Session, checks: Sequence[ColumnCheck], ids: list[int]) -> list[dict[int, tuple]]:
    """Each check's values for each of the procurements, from one statement."""
    rows = {row[0]: row[1:] for row in session.execute(_columns_read(tuple(checks)), {"ids": ids})}
    answers, start = [], 0
    for check in checks:
        end = start + len(check.columns)
        answers.append({i: tuple(rows[i][start:end]) if i in rows else (None,) * (end - start) for i in ids})
        start = end
    return answers


@lru_cache(maxsize=64)
def _columns_read(checks: tuple[ColumnCheck, ...]) -> Select:
    """The statement of these checks (built once per worker for each set the pages ask), the ids bound."""
    columns = (column for check in checks for column in check.columns)
    return select(JointProcurement.id, *columns).where(JointProcurement.id.in_(bindparam("ids", expanding=True)))


def decided(session: Session, check: ColumnCheck, procurements: Sequence[JointProcurement]) -> dict[int, list[Missing]]:
    """One column check asked alone (its own statement): what it answers as a ``GateCheck``."""
    (values,) = asked(session, [check], [p.id for p in procurements])
    return check.decide(session, procurements, values)


@dataclass(frozen=True)
class Gates:
    """The checks of each target stage."""

    checks: Mapping[str, Sequence[GateCheck]]

    def missing(self, session: Session, procurement: JointProcurement, to_stage: str) -> list[Missing]:
        return self.missing_for_many(session, [(procurement, to_stage)])[procurement.id]

    def missing_for_many(
        self, session: Session, procurements: Sequence[tuple[JointProcurement, str]]
    ) -> dict[int, list[Missing]]:
        """For each (procurement, target stage), what is missing, in the order of the stage's checks: the
        column checks of every stage asked in one statement, the other batched checks once each for all."""
        found: dict[int, list[Missing]] = {p.id: [] for p, _stage in procurements}
        chosen: dict[str, list[JointProcurement]] = defaultdict(list)
        for procurement, stage in procurements:
            chosen[stage].append(procurement)
        columned = {s: [c for c in self.checks.get(s, ()) if hasattr(c, "columns")] for s in chosen}
        by_columns = list(dict.fromkeys(c for checks in columned.values() for c in checks))
        ids = [p.id for s, checks in columned.items() if checks for p in chosen[s]]
        values = dict(zip(by_columns, asked(session, by_columns, ids), strict=True)) if by_columns else {}
        for stage, those in chosen.items():
            for check in self.checks.get(stage, ()):
                for procurement_id, items in _answers(session, check, those, values).items():
                    found[procurement_id].extend(items)
        return found


def _answers(session: Session, check, procurements: list[JointProcurement], values: dict) -> dict[int, list[Missing]]:
    if check in values:
        return check.decide(session, procurements, values[check])
    batch = getattr(check, "for_many", None)
    return batch(session, procurements) if batch else {p.id: check(session, p) for p in procurements}


def init_app(app, checks: Mapping[str, Sequence[GateCheck]]) -> None:
    app.extensions[EXTENSION_KEY] = Gates(checks)


def gates() -> Gates:
    return current_app.extensions[EXTENSION_KEY]


class HasParticipatingNeed:
    """Preparation starts from the needs: at least one municipality's need must be in the procurement."""

    TEXT = _l("No municipality's need is in the procurement yet: invite the members or add a need.")
    columns = (exists().where(ProcurementNeed.procurement_id == JointProcurement.id),)

    def __call__(self, session: Session, procurement: JointProcurement) -> list[Missing]:
        return decided(session, self, [procurement])[procurement.id]

    def decide(self, _session, procurements, values) -> dict[int, list[Missing]]:
        return {p.id: [] if values[p.id][0] else [Missing("coordinator", self.TEXT)] for p in procurements}


# The checks this area provides; the app factory adds the other areas' to these.
OWN_CHECKS: dict[str, tuple[GateCheck, ...]] = {PREPARATION: (HasParticipatingNeed(),)}
