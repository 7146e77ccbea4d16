"""Capturing the SQL a request sends, with its parameters, and asking PostgreSQL how it would run it.

The plans are asked for as the web role, with the principal's scope settings set, so that the
row-level-security policies are part of every plan as they are in production. Sequential scans
are turned off for the question (``enable_seqscan = off``): on test-sized tables a sequential scan is
often cheaper than an index and the planner rightly takes it, which says nothing about national
scale; with it turned off, a ``Seq Scan`` still in the plan means no index can serve the statement.
The planner may then walk a whole index instead (an index scan whose condition does not name the index's
first column, or has none, filtering every row): that reads the whole table as surely, and counts as one too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import text

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from tests.support.statements import listening


@dataclass(frozen=True)
class Sent:
    """One statement as the app's engine sent it to PostgreSQL."""

    statement: str
    parameters: object


@dataclass(frozen=True)
class WholeScan:
    """A large table a statement would read whole: ``how`` is the plan's node (``Seq Scan``, ``Index Scan``...)."""

    table: str
    how: str
    statement: str

    def __str__(self) -> str:
        return f"{self.how} of all {self.table} in: {' '.join(self.statement.split())[:600]}"


def _is_read(statement: str) -> bool:
    words = statement.lstrip().split(None, 1)
    head = words[0].upper() if words else ""
    # The tenancy guard's own statement sets the scope; it reads no table.
    return head in ("SELECT", "WITH") and "set_config(" not in statement


@contextmanager
def capturing_reads(app) -> Iterator[list[Sent]]:
    """The reading statements (and their parameters) the app's engine sends inside the block."""
    sent: list[Sent] = []

    def keep(statement, parameters, executemany):
        if not executemany and _is_read(statement):
            sent.append(Sent(statement, parameters))

    with listening(app, keep):
        yield sent


def row_counts(app, minimum: int) -> dict[str, int]:
    """The tables holding at least ``minimum`` rows, counted by the system (whom the policies let see all)."""
    counts = {}
    with app.app_context():
        bind_principal(db.session, Principal.system("test: counting rows"))
        for table in db.metadata.sorted_tables:
            count = db.session.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
            if count >= minimum:
                counts[table.name] = count
        db.session.rollback()
    return counts


# Each B-tree index: its table and its first column (None for an expression). An index condition that does not
# name the first column still walks the whole index (PostgreSQL has no skip scan before version 18).
_BTREE_INDEXES = text(
    "SELECT ic.relname, tc.relname, a.attname FROM pg_index i"
    " JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid"
    " JOIN pg_am am ON am.oid = ic.relam"
    " LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
    " WHERE am.amname = 'btree' AND tc.relnamespace = 'public'::regnamespace"
)
_INDEX_SCANS = ("Index Scan", "Index Only Scan", "Bitmap Index Scan")


def _walks_whole_index(node: dict, indexes: dict[str, tuple[str, str | None]]) -> bool:
    if node["Index Name"] not in indexes:
        return False  # not a B-tree: a GIN index's condition narrows on any of its columns
    leading = indexes[node["Index Name"]][1]
    condition = node.get("Index Cond", "")
    return leading is not None and re.search(rf"\b{re.escape(leading)}\b", condition) is None


def _whole_scans(node: dict, indexes: dict[str, tuple[str, str | None]]) -> Iterator[tuple[str, str]]:
    """(table, node type) for each node of the plan that reads a whole table, or a whole index of it."""
    kind = node.get("Node Type")
    if kind == "Seq Scan":
        yield node["Relation Name"], kind
    elif kind in _INDEX_SCANS and _walks_whole_index(node, indexes):
        yield indexes[node["Index Name"]][0], f"{kind} on {node['Index Name']}"
    for child in node.get("Plans", ()):
        yield from _whole_scans(child, indexes)


def plan_of(connection, sent: Sent) -> dict:
    """The statement's plan (EXPLAIN's JSON), for the parameters it was sent with."""
    rows = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sent.statement, sent.parameters)
    return rows.scalar_one()[0]["Plan"]


def whole_scans(app, principal: Principal, sent: list[Sent], large: set[str]) -> list[WholeScan]:
    """The whole readings of ``large`` tables in the plans of ``sent``, planned as the web role for ``principal``."""
    found = []
    with app.app_context():
        bind_principal(db.session, principal)
        connection = db.session.connection()
        role = connection.exec_driver_sql("SELECT current_user").scalar_one()
        assert role == os.environ["APP_DB_ROLE"], f"planned as {role}, not as the web role"
        indexes = {name: (table, leading) for name, table, leading in connection.execute(_BTREE_INDEXES)}
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        try:
            for one in sent:
                plan = plan_of(connection, one)
                scans = {(table, how) for table, how in _whole_scans(plan, indexes) if table in large}
                found += [WholeScan(table, how, one.statement) for table, how in sorted(scans)]
        finally:
            db.session.rollback()
    return found
