"""Registering, changing and removing contracts, and listing a register with re-procurement dates.

Values are checked whole by ``validation.check_contract`` before anything is
written; a refused change raises ``Refused`` and leaves the contract as it
was. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, noload, selectinload

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
    """A contract with the date its re-procurement must start, and its latest re-procurement."""

    contract: Contract
    lead_months: int
    reprocurement_starts_on: date
    reprocurement: Reprocurement | None

    def overdue(self, today: date) -> bool:
        return self.reprocurement_starts_on < today and self.contract.last_end >= today


def status_of(session: Session, contract: Contract) -> ContractStatus:
    months = register_lead_months(session, contract.tenant_id, contract.region_id)
    return _statuses(session, [contract], months)[0]


def _order(sort: str, months: dict[str, int]) -> tuple[Order, ...]:
    """A register's orders, all computed by the database (the re-procurement start too) so it pages them."""
    if sort == "title":
        return Order(func.lower(Contract.title)), Order(Contract.id)
    if sort == "ends_on":
        return Order(Contract.ends_on), Order(Contract.title), Order(Contract.id)
    if sort == "supplier":
        return Order(func.lower(Contract.supplier_name)), Order(Contract.title), Order(Contract.id)
    last_end = func.coalesce(Contract.extendable_to, Contract.ends_on)
    start = months_before_sql(last_end, case(months, value=Contract.category, else_=DEFAULT_LEAD_TIME))
    return Order(start), Order(Contract.title), Order(Contract.id)


def _details(owner: Owner) -> tuple:
    """What the API shows of each contract besides its columns, loaded for the whole page at once. A municipality's
    own contract has no participants: their key (contract, region) cannot name a contract without a region."""
    participants = selectinload if owner.region else noload
    return selectinload(Contract.cpv_code_rows), selectinload(Contract.documents), participants(Contract.participants)


def list_contracts(
    session: Session,
    owner: Owner,
    sort: str = "reprocurement",
    page: PageRequest = FIRST_PAGE,
    *,
    details: bool = False,
) -> Page[ContractStatus]:
    """The register (``owner``, reached with the right to read it), the earliest re-procurement first by default.

    With ``details``, each contract's codes, documents and participants too (the API's); the page shows none
    of them, and a region's joint contracts have every member as a participant: hundreds of rows per page.
    """
    months = register_lead_months(session, **owner.scope)
    stmt = select(Contract).filter_by(**owner.scope).options(*(_details(owner) if details else ()))
    found = paginate(session, stmt, _order(sort, months), page)
    return Page(_statuses(session, found.items, months), found.next_after)


def _statuses(session: Session, found: list[Contract], months: dict[str, int]) -> list[ContractStatus]:
    """Statuses of one register's contracts (``months``: its lead times), with one query for their latest
    re-procurements."""
    stmt = (
        select(Reprocurement)
        .where(Reprocurement.contract_id.in_([c.id for c in found]))
        .order_by(Reprocurement.period_end)
    )
    latest = {row.contract_id: row for row in session.scalars(stmt)}  # a later period replaces an earlier one
    return [
        ContractStatus(c, months[c.category], reprocurement_start(c, months[c.category]), latest.get(c.id))
        for c in found
    ]


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
