"""Sizes, "today" and the bulk insert the generators share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, text

# "Today" of the generated world: dates are spread around it.
TODAY = date(2026, 3, 2)
NORWAY, SWEDEN = 357, 290
# A need's status and how often it occurs (initiatives that are not drafts are "reported").
STATUSES = (("draft", 0.2), ("submitted", 0.4), ("under_consideration", 0.2), ("joined", 0.1), ("withdrawn", 0.1))


@dataclass(frozen=True)
class Scale:
    """How much of everything; Norway's and Sweden's shares of the municipalities and regions are the real ones."""

    tenants: int
    regions: int
    needs_per_tenant: int
    contracts_per_tenant: int
    procurements_per_region: int
    items_per_plan: int
    # Municipalities with a signed-in IT coordinator and chief executive (the first member of as many regions).
    staffed_tenants: int
    # Of each region's procurements: delivered, their joined needs' benefits in follow-up (the region's roll-up).
    delivered_per_region: int = 0

    @property
    def norwegian_tenants(self) -> int:
        return round(self.tenants * NORWAY / (NORWAY + SWEDEN))

    @property
    def norwegian_regions(self) -> int:
        return max(1, round(self.regions * NORWAY / (NORWAY + SWEDEN)))


def bulk(session, model, rows: list[dict]) -> list[int]:
    """Insert many rows in one executemany; their ids in the order of ``rows``.

    The ids are taken from the table's sequence first, so that the rows go in without RETURNING: psycopg then
    pipelines one prepared single-row INSERT, where SQLAlchemy's multi-row INSERT … RETURNING batches cost
    more to parse on the client than to run (measured: about 4x the time).
    """
    if not rows:
        return []
    ids = list(
        session.scalars(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": model.__tablename__, "n": len(rows)},
        )
    )
    insert_all(session, model, [row | {"id": i} for i, row in zip(ids, rows)])
    return ids


def insert_all(session, model, rows: list[dict]) -> None:
    """Insert many rows whose ids nothing else needs."""
    if rows:
        session.execute(insert(model), rows)
