"""A procurement's classification: for each aspect, the highest level among the needs it holds.

Needs are classified per aspect at one of four consequence levels (seed 003, §10.4.4.1), or left
unclassified. An unclassified aspect counts as level 2 (moderate): a municipal system nobody classified
still gets the baseline security requirements (level 1 would let it reach the market with the least),
without the cost of the higher levels; the page says which needs are unclassified so they get classified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, case, func, literal_column, select
from sqlalchemy.orm import Session

from samverka.platform.core.portable import values_list
from samverka.platform.needs.models import Need
from samverka.platform.needs.models.need import CONSEQUENCE_LEVELS, SECURITY_AREAS
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed

UNCLASSIFIED_LEVEL = 2


@dataclass(frozen=True)
class Classification:
    """The procurement's level (1–4) per aspect, whether it processes personal data, and how many needs."""

    levels: dict[str, int]
    personal_data: bool
    needs: int
    unclassified_needs: int

    def level(self, aspect: str) -> int:
        return self.levels[aspect]


def _level_of(column):
    """A need's level of one aspect as a number; unclassified as the default. The levels' names and numbers
    are written into the SQL (the code's own constants), not sent as 36 parameters with every statement."""
    whens = {literal_column(f"'{name}'"): literal_column(str(number)) for number, name in _NUMBERED}
    return case(whens, value=column, else_=literal_column(str(UNCLASSIFIED_LEVEL)))


_NUMBERED = tuple(enumerate(CONSEQUENCE_LEVELS, start=1))


def classify(session: Session, procurement: JointProcurement) -> Classification:
    """One aggregate query over the procurement's needs, read as the session's principal (region staff)."""
    return classify_many(session, [procurement.id])[procurement.id]


def classify_many(session: Session, procurement_ids: list[int]) -> dict[int, Classification]:
    """Each procurement's classification, in one grouped query (a procurement without needs: all defaults)."""
    rows = session.execute(_BY_PROCUREMENT, {"ids": procurement_ids})
    found = {row.procurement_id: classification_of(row._mapping) for row in rows}
    return {procurement_id: found.get(procurement_id, UNCLASSIFIED) for procurement_id in procurement_ids}


def _aggregates() -> dict[str, object]:
    """What the classification reads of a procurement's needs, by name."""
    unclassified = case((func.coalesce(*(getattr(Need, a) for a in SECURITY_AREAS)).is_(None), 1), else_=0)
    return {
        **{aspect: func.max(_level_of(getattr(Need, aspect))) for aspect in SECURITY_AREAS},
        "personal_data": func.max(case((Need.processes_personal_data, 1), else_=0)),
        "needs": func.count(Need.id),
        "unclassified": func.coalesce(func.sum(unclassified), 0),
    }


def _needs_read(*columns):
    """``columns`` of a procurement's needs (its rows of procurement_needs with each need)."""
    joined = (Need.id == ProcurementNeed.need_id) & (Need.tenant_id == ProcurementNeed.tenant_id)
    return select(*columns).select_from(ProcurementNeed).join(Need, joined)


# Built once (building took as long as running), the ids bound: the same expression tree for every page.
_AGGREGATES = _aggregates()
_BY_PROCUREMENT = (
    _needs_read(ProcurementNeed.procurement_id, *(value.label(name) for name, value in _AGGREGATES.items()))
    .where(ProcurementNeed.procurement_id.in_(bindparam("ids", expanding=True)))
    .group_by(ProcurementNeed.procurement_id)
)
# The same aggregates as one array, a sub-select of a statement over the procurements (the competition gate's).
OF_PROCUREMENT = (
    _needs_read(values_list(*_AGGREGATES.values()))
    .where(ProcurementNeed.procurement_id == JointProcurement.id)
    .scalar_subquery()
)
UNCLASSIFIED = Classification(dict.fromkeys(SECURITY_AREAS, UNCLASSIFIED_LEVEL), False, 0, 0)


def classification_of(values: Mapping[str, int | None]) -> Classification:
    """From the aggregates by name: a procurement without needs has no levels and counts 0 (the defaults)."""
    levels = {aspect: int(values[aspect] or UNCLASSIFIED_LEVEL) for aspect in SECURITY_AREAS}
    return Classification(levels, bool(values["personal_data"]), int(values["needs"]), int(values["unclassified"]))


def classification_in(values: list[int | None]) -> Classification:
    """From ``OF_PROCUREMENT``'s array."""
    return classification_of(dict(zip(_AGGREGATES, values, strict=True)))
