"""Registering, changing and removing contracts, and listing a register with re-procurement dates.

Values are checked whole by ``validation.check_contract`` before anything is
written; a refused change raises ``Refused`` and leaves the contract as it
was. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, bindparam, case, cast, func, null, select, union_all
from sqlalchemy.orm import Session

from samverka.platform.audit.services import Entry, record, record_many
from samverka.platform.contracts.models import (
    Contract,
    ContractCpvCode,
    ContractDocument,
    ContractParticipant,
    Reprocurement,
)
from samverka.platform.contracts.services.access import Owner, owner_of, require_write
from samverka.platform.contracts.services.lead_times import register_lead_months, reprocurement_start
from samverka.platform.contracts.validation import check_contract
from samverka.platform.core.catalogue import DEFAULT_LEAD_TIME
from samverka.platform.core.errors import Refused
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import months_before_sql, utcnow
from samverka.tenants.models import RegionMembership

SCALARS = (
    "title",
    "supplier_name",
    "supplier_organisation_number",
    "supplier_country",
    "category",
    "starts_on",
    "ends_on",
    "extension_options",
    "extendable_to",
    "annual_value_minor",
    "kraljic",
    "processes_personal_data",
    "dpa_status",
)
SORTS = ("reprocurement", "title", "ends_on", "supplier")


@dataclass(frozen=True)
class ContractStatus:
    """A contract with the date its re-procurement must start; with its details (the API's), its latest
    re-procurement and its codes, documents and participants, else None."""

    contract: Contract
    lead_months: int
    reprocurement_starts_on: date
    reprocurement: Reprocurement | None = None
    cpv_codes: list[str] | None = None
    documents: list[dict] | None = None  # each a title and a url
    participant_ids: list[int] | None = None

    def __getattr__(self, name: str):
        """The contract's attributes as the status's own: the API's schema names them plainly, and its dump is
        planned (``core.dumping``) where a dotted name ("contract.title") goes through marshmallow a value at a time."""
        return getattr(self.contract, name)

    def overdue(self, today: date) -> bool:
        return self.reprocurement_starts_on < today and self.contract.last_end >= today


def status_of(session: Session, contract: Contract, *, details: bool = False) -> ContractStatus:
    """The contract's status with its latest re-procurement, and with ``details`` what the API shows of it."""
    months = register_lead_months(session, contract.tenant_id, contract.region_id)
    return _statuses(session, [contract], months, details, contract.region_id is not None)[0]


# The orders by a column, built once per process.
_BY_COLUMN = {
    "title": (Order(func.lower(Contract.title)), Order(Contract.id)),
    "ends_on": (Order(Contract.ends_on), Order(Contract.title), Order(Contract.id)),
    "supplier": (Order(func.lower(Contract.supplier_name)), Order(Contract.title), Order(Contract.id)),
}


def _order(sort: str, months: dict[str, int]) -> tuple[Order, ...]:
    """A register's orders, all computed by the database (the re-procurement start too) so it pages them."""
    return _BY_COLUMN.get(sort) or _by_reprocurement(tuple(months.items()))


# Built once per worker for each set of lead times (a register's months are one of a few such sets), not anew
# for each request: the re-procurement start is a CASE of every category.
@lru_cache(maxsize=256)
def _by_reprocurement(months: tuple[tuple[str, int], ...]) -> tuple[Order, ...]:
    last_end = func.coalesce(Contract.extendable_to, Contract.ends_on)
    start = months_before_sql(last_end, case(dict(months), value=Contract.category, else_=DEFAULT_LEAD_TIME))
    return Order(start), Order(Contract.title), Order(Contract.id)


_IDS = bindparam("ids", expanding=True)
_CODES = select(
    ContractCpvCode.contract_id,
    ContractCpvCode.code,
    # Typed: the union's parts are matched two at a time, and two bare NULLs would make a text column.
    cast(null(), Integer).label("document_id"),
    cast(null(), String).label("title"),
    cast(null(), String).label("url"),
    cast(null(), Integer).label("participant_id"),
).where(ContractCpvCode.contract_id.in_(_IDS))
_DOCUMENTS = select(
    ContractDocument.contract_id, null(), ContractDocument.id, ContractDocument.title, ContractDocument.url, null()
).where(ContractDocument.contract_id.in_(_IDS))
_PARTICIPANTS = select(
    ContractParticipant.contract_id, null(), null(), null(), null(), ContractParticipant.tenant_id
).where(ContractParticipant.contract_id.in_(_IDS))


# Each contract's re-procurements, built once: a later period replaces an earlier one.
_REPROCUREMENTS = select(Reprocurement).where(Reprocurement.contract_id.in_(_IDS)).order_by(Reprocurement.period_end)


def _in_order(both):
    """Each kind of row in its relationship's order: the other kinds' key is NULL, and NULL sorts last."""
    by = both.selected_columns
    return both.order_by(by.code, by.document_id, by.participant_id)


# A contract's codes, documents and participants in one query, built once. A municipality's own contract has no
# participants: their key (contract, region) cannot name a contract without a region.
_DETAILS = {
    False: _in_order(union_all(_CODES, _DOCUMENTS)),
    True: _in_order(union_all(_CODES, _DOCUMENTS, _PARTICIPANTS)),
}


def _details(session: Session, ids: list[int], participants: bool) -> dict[int, dict]:
    """What the API shows of each contract besides its columns, for the whole page in one query; the guard
    filters each part of it as it filters the contract's relations."""
    found = {contract_id: {"cpv_codes": [], "documents": [], "participant_ids": []} for contract_id in ids}
    rows = session.execute(_DETAILS[participants], {"ids": ids})
    for contract_id, code, document_id, title, url, participant_id in rows:
        if code is not None:
            found[contract_id]["cpv_codes"].append(code)
        elif document_id is not None:
            found[contract_id]["documents"].append({"title": title, "url": url})
        else:
            found[contract_id]["participant_ids"].append(participant_id)
    return found


def list_contracts(
    session: Session,
    owner: Owner,
    sort: str = "reprocurement",
    page: PageRequest = FIRST_PAGE,
    *,
    details: bool = False,
) -> Page[ContractStatus]:
    """The register (``owner``, reached with the right to read it), the earliest re-procurement first by default.

    With ``details``, each contract's latest re-procurement, codes, documents and participants too (the API's);
    the page shows none of them, and a region's joint contracts have every member as a participant: hundreds of
    rows per page.
    """
    months = register_lead_months(session, **owner.scope)
    found = paginate(session, select(Contract).filter_by(**owner.scope), _order(sort, months), page)
    if not details:
        return Page([_status(c, months) for c in found.items], found.next_after)
    return Page(_statuses(session, found.items, months, True, owner.region is not None), found.next_after)


def _status(contract: Contract, months: dict[str, int], **details) -> ContractStatus:
    lead = months[contract.category]
    return ContractStatus(contract, lead, reprocurement_start(contract, lead), **details)


def _statuses(
    session: Session, found: list[Contract], months: dict[str, int], details: bool, participants: bool
) -> list[ContractStatus]:
    """Statuses of one register's contracts (``months``: its lead times), with one query for their latest
    re-procurements and, with ``details``, one for their codes, documents and participants."""
    ids = [c.id for c in found]
    latest = {row.contract_id: row for row in session.scalars(_REPROCUREMENTS, {"ids": ids})}
    shown = _details(session, ids, participants) if details else {}
    return [_status(c, months, reprocurement=latest.get(c.id), **shown.get(c.id, {})) for c in found]


def _participants(session: Session, owner: Owner, tenant_ids: list[int] | None) -> list[int]:
    chosen = sorted(set(tenant_ids or []))
    if chosen and owner.region is None:
        raise Refused({"participant_ids": [_l("Only a region's joint contract has participants.")]})
    if chosen:
        members = set(
            session.scalars(select(RegionMembership.tenant_id).where(RegionMembership.region_id == owner.region.id))
        )
        if not set(chosen) <= members:
            raise Refused({"participant_ids": [_l("Choose only member municipalities of the region.")]})
    return chosen


def procurement_contract(session: Session, procurement_id: int) -> Contract | None:
    """The region's joint contract signed at the end of the joint procurement, if it is signed."""
    return session.scalar(select(Contract).where(Contract.procurement_id == procurement_id))


def create_contract(session: Session, principal: Principal, owner: Owner, values: dict) -> Contract:
    require_write(principal, owner)
    values = check_contract(dict(values))
    participants = _participants(session, owner, values.pop("participant_ids", None))
    contract = Contract(
        **owner.scope,
        currency=owner.currency,
        created_by_id=principal.user_id,
        **{name: values[name] for name in SCALARS},
    )
    session.add(contract)
    session.flush()
    _replace_children(session, contract, values["cpv_codes"], values["documents"], participants)
    record_created(session, principal, owner, [contract])
    return contract


def new_contract(principal: Principal, owner: Owner, values: dict) -> Contract:
    """A contract of ``owner``'s register from values ``check_contract`` returned, its codes and documents
    attached, not yet added: a batch (an import) adds many and flushes them together, one INSERT per table.
    Only a region's joint contract has participants, and a file cannot name them."""
    scope = owner.scope
    contract = Contract(
        **scope, currency=owner.currency, created_by_id=principal.user_id, **{name: values[name] for name in SCALARS}
    )
    contract.cpv_code_rows = [ContractCpvCode(code=code, **scope) for code in values["cpv_codes"]]
    contract.documents = [ContractDocument(title=d["title"], url=d["url"], **scope) for d in values["documents"]]
    return contract


def record_created(session: Session, principal: Principal, owner: Owner, contracts: list[Contract]) -> None:
    """The contracts' creation in the audit log, one event each, appended together."""
    entries = [
        Entry("contract.create", c, **owner.scope, summary={"title": c.title, "ends_on": c.ends_on.isoformat()})
        for c in contracts
    ]
    record_many(session, principal, entries)


def update_contract(session: Session, principal: Principal, contract: Contract, values: dict) -> Contract:
    owner = owner_of(session, contract)
    require_write(principal, owner)
    values = check_contract(dict(values))
    participants = _participants(session, owner, values.pop("participant_ids", None))
    changed = sorted(name for name in SCALARS if getattr(contract, name) != values[name])
    for name in SCALARS:
        setattr(contract, name, values[name])
    contract.updated_at = utcnow()
    _replace_children(session, contract, values["cpv_codes"], values["documents"], participants)
    record(session, principal, "contract.update", contract, **owner.scope, summary={"changed": changed})
    return contract


def _replace_children(
    session: Session, contract: Contract, codes: list[str], documents: list[dict], participant_ids: list[int]
) -> None:
    # Deleted one by one so the tenancy guard sees each row's owner; then the new rows are added.
    for row in (*contract.cpv_code_rows, *contract.documents, *contract.participants):
        session.delete(row)
    session.flush()
    scope = {"tenant_id": contract.tenant_id, "region_id": contract.region_id}
    session.add_all(ContractCpvCode(contract_id=contract.id, code=code, **scope) for code in codes)
    session.add_all(
        ContractDocument(contract_id=contract.id, title=d["title"], url=d["url"], **scope) for d in documents
    )
    session.add_all(
        ContractParticipant(contract_id=contract.id, tenant_id=tenant_id, region_id=contract.region_id)
        for tenant_id in participant_ids
    )
    session.flush()
    session.expire(contract, ["cpv_code_rows", "documents", "participants"])


def delete_contract(session: Session, principal: Principal, contract: Contract) -> None:
    """Removed from the register; a re-procurement need already created stays with its municipality."""
    owner = owner_of(session, contract)
    require_write(principal, owner)
    record(session, principal, "contract.delete", contract, **owner.scope, summary={"title": contract.title})
    session.delete(contract)
    session.flush()
