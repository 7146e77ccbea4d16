"""Reading everything a municipality owns, and the few rows of others it cannot be loaded without.

Rows are read as the system (the export job's principal) and always filtered by the municipality: the
catalogue's ``owner`` filter for its own rows; others' rows only by the id one of its rows refers to.

References to rows the municipality does not own are handled explicitly, one rule for every table:

* into ``CONTEXT`` (its regions, the joint procurements its needs, contracts and papers belong to): the
  referenced row comes along as a MINIMAL context row (its id, its required columns and its references;
  every optional column empty), so the archive loads into an empty installation without the region's data;
* a reference the database requires (``NOT NULL``), e.g. a signature's data processing agreement and, from
  it, the region's contract and template: the same, a minimal context row;
* any other reference to a row not in the archive (another municipality's or the region's users, a source
  document of the region): nulled in the archive. Other users are never exported, only the
  municipality's own (those holding a role in it).

The rules are applied the same way to an archive's loaded rows, so a second export equals the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import ForeignKeyConstraint, Table, select
from sqlalchemy.orm import Session

from samverka.platform.core.extensions import db
from samverka.platform.portability.catalogue import CONTEXT, OWNED

Row = dict
Key = tuple


@dataclass
class Collected:
    """Per table, rows by primary key: the municipality's own, then the context rows."""

    owned: dict[str, dict[Key, Row]] = field(default_factory=dict)
    context: dict[str, dict[Key, Row]] = field(default_factory=dict)

    def rows(self, name: str) -> list[Row]:
        merged = {**self.context.get(name, {}), **self.owned.get(name, {})}
        return [merged[key] for key in sorted(merged)]

    def tables(self) -> list[str]:
        present = set(self.owned) | set(self.context)
        return [table.name for table in db.metadata.sorted_tables if table.name in present]


def key_of(table: Table, row: Row) -> Key:
    return tuple(row[column.name] for column in table.primary_key.columns)


def collect(session: Session, tenant_id: int, step: Callable[[], None] = lambda: None) -> Collected:
    """Every owned table's rows (``step`` after each, for the job's progress), then the context's closure."""
    found = Collected()
    for entry in OWNED:
        table = db.metadata.tables[entry.table]
        rows = session.execute(select(table).where(entry.owner(table, tenant_id))).mappings()
        found.owned[entry.table] = {key_of(table, row): dict(row) for row in rows}
        step()
    wanted: dict[str, set[int]] = {}
    for name, rows in found.owned.items():
        for row in rows.values():
            _resolve(found, db.metadata.tables[name], row, wanted)
    while wanted:
        name, ids = wanted.popitem()
        _pull(session, found, db.metadata.tables[name], ids, wanted)
    return found


def _pull(session: Session, found: Collected, table: Table, ids: set[int], wanted: dict[str, set[int]]) -> None:
    rows = session.execute(select(table).where(table.c.id.in_(sorted(ids)))).mappings()
    for row in rows:
        minimal = _minimal(table, dict(row))
        found.context.setdefault(table.name, {})[key_of(table, minimal)] = minimal
        _resolve(found, table, minimal, wanted)


def _minimal(table: Table, row: Row) -> Row:
    """Its id, what the database requires and its references: nothing else of a row the municipality does not own."""
    keep = {c.name for c in table.columns if c.primary_key or not c.nullable or c.foreign_keys}
    return {name: (value if name in keep else None) for name, value in row.items()}


def _resolve(found: Collected, table: Table, row: Row, wanted: dict[str, set[int]]) -> None:
    """Keep, pull in as context, or null each of the row's references (the module's rules)."""
    for constraint in table.foreign_key_constraints:
        local = _id_column(constraint)
        if local is None or row.get(local.name) is None:
            continue
        target, value = constraint.referred_table, row[local.name]
        if (value,) in found.owned.get(target.name, {}):
            continue
        if target.name in CONTEXT or not local.nullable:
            if (value,) not in found.context.get(target.name, {}):
                wanted.setdefault(target.name, set()).add(value)
        else:
            row[local.name] = None


def _id_column(constraint: ForeignKeyConstraint):
    """The local column pointing at the referred table's ``id`` (every reference here names the row's id)."""
    return next((element.parent for element in constraint.elements if element.column.name == "id"), None)
