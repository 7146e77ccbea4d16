"""The declared list of what a municipality's export holds: adding a table is one line here.

``OWNED`` are the municipality's own rows, read as the system but always filtered by ``tenant_id`` (or by
the filter given). ``csv`` adds ``csv/<table>.csv`` for the tables people open in a spreadsheet; ``files``
names the columns holding a document's storage key and SHA-256, whose bytes go into ``files/<sha256>``.

``CONTEXT`` are the tables whose rows the municipality refers to but does not own, and that come along as
minimal context rows (see ``collecting``): its regions and the joint procurements it took part in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, select

from samverka.platform.core.extensions import db


def _own(table: Table, tenant_id: int) -> ColumnElement[bool]:
    return table.c.tenant_id == tenant_id


def _the_tenant(table: Table, tenant_id: int) -> ColumnElement[bool]:
    return table.c.id == tenant_id


def _its_users(table: Table, tenant_id: int) -> ColumnElement[bool]:
    """The users holding a role in the municipality (their identity is a keyed hash already, never in clear)."""
    roles = db.metadata.tables["role_assignments"]
    return table.c.id.in_(select(roles.c.user_id).where(roles.c.tenant_id == tenant_id))


@dataclass(frozen=True)
class Owned:
    table: str
    csv: bool = False
    files: tuple[tuple[str, str], ...] = ()
    owner: Callable[[Table, int], ColumnElement[bool]] = _own


# In the order the rows depend on each other; the import inserts in the schema's own order anyway.
OWNED: tuple[Owned, ...] = (
    Owned("tenants", owner=_the_tenant),
    Owned("users", owner=_its_users),
    Owned("region_memberships"),
    Owned("role_assignments"),
    Owned("tenant_contract_settings"),
    Owned("needs", csv=True),
    Owned("need_cpv_codes"),
    Owned("need_events"),
    Owned("need_submissions"),
    Owned("procurement_needs"),
    Owned("benefit_plans"),
    Owned("benefit_lines", csv=True),
    Owned("benefit_measurements", csv=True),
    Owned("contracts", csv=True),
    Owned("contract_cpv_codes"),
    Owned("contract_documents"),
    Owned("reprocurements"),
    Owned("plan_item_shares", csv=True),
    Owned("maintenance_lines", csv=True),
    Owned("delivered_documents", files=(("storage_key", "sha256"),)),
    Owned("dpa_signatures", files=(("signed_pdf_key", "signed_pdf_sha256"),)),
    Owned("audit_events"),
)

# Nullable references into these tables keep their context row; any other reference to a row the
# municipality does not own is nulled, unless it cannot be (then the row comes along as context).
CONTEXT: frozenset[str] = frozenset({"regions", "joint_procurements"})

# Kept in the archive, never loaded into another installation's hash chain (see ``importing``).
NOT_LOADED: frozenset[str] = frozenset({"audit_events"})


def owned(name: str) -> Owned | None:
    return next((entry for entry in OWNED if entry.table == name), None)
