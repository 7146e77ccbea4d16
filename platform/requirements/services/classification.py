"""A procurement's classification: for each aspect, the highest level among the needs it holds.

Needs are classified per aspect at one of four consequence levels (seed 003, §10.4.4.1), or left
unclassified. An unclassified aspect counts as level 2 (moderate): a municipal system nobody classified
still gets the baseline security requirements (level 1 would let it reach the market with the least),
without the cost of the higher levels; the page says which needs are unclassified so they get classified.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, case, func, literal_column, select
from sqlalchemy.orm import Session

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
    rows = session.execute(BY_PROCUREMENT, {"ids": procurement_ids})
    found = {row.procurement_id: classification_of(row) for row in rows}
    return {procurement_id: found.get(procurement_id, UNCLASSIFIED) for procurement_id in procurement_ids}


def _by_procurement():
    """The aggregate per procurement of the ids bound as ``ids``: built once, its expression tree is the same
    for every page (building it took as long as running it)."""
    unclassified = case((func.coalesce(*(getattr(Need, a) for a in SECURITY_AREAS)).is_(None), 1), else_=0)
    columns = [func.max(_level_of(getattr(Need, aspect))).label(aspect) for aspect in SECURITY_AREAS]
    return (
        select(
            ProcurementNeed.procurement_id,
            *columns,
            func.max(case((Need.processes_personal_data, 1), else_=0)).label("personal_data"),
            func.count(Need.id).label("needs"),
            func.coalesce(func.sum(unclassified), 0).label("unclassified"),
        )
        .join(Need, (Need.id == ProcurementNeed.need_id) & (Need.tenant_id == ProcurementNeed.tenant_id))
        .where(ProcurementNeed.procurement_id.in_(bindparam("ids", expanding=True)))
        .group_by(ProcurementNeed.procurement_id)
    )


BY_PROCUREMENT = _by_procurement()
UNCLASSIFIED = Classification(dict.fromkeys(SECURITY_AREAS, UNCLASSIFIED_LEVEL), False, 0, 0)


def classification_of(row) -> Classification:
    levels = {aspect: int(getattr(row, aspect) or UNCLASSIFIED_LEVEL) for aspect in SECURITY_AREAS}
    return Classification(levels, bool(row.personal_data), int(row.needs), int(row.unclassified))
