"""The lead-time job's rules: which contracts are due, and what their re-procurement creates.

A contract is due when its re-procurement start (last possible end minus the lead
time) falls on or before the planning horizon, 31 December of next year (the year
of the next action plan); overdue ones are included, contracts that have already
run out are not. Each (contract, period end) is claimed once with INSERT … ON
CONFLICT DO NOTHING: of two schedulers running at the same time, the second waits
for the first's transaction and then finds the row taken, so it creates nothing.
The claim is the first write of each contract's transaction, so two runs never
hold locks the other waits for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from samverka.jobs.outbox import holding
from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import Entry, record_many
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.contracts.services import notices
from samverka.platform.contracts.services.lead_times import register_lead_months, reprocurement_start
from samverka.platform.contracts.services.sharing import auto_submitting
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import CURRENCY_COUNTRIES, local_today, months_before, utcnow
from samverka.platform.core.titles import reprocurement_title
from samverka.platform.mail.rendering import COUNTRY_LOCALES, CURRENCY_LOCALES
from samverka.platform.needs.models import Need, NeedSubmission
from samverka.platform.needs.services.needs import NewNeed, create_needs
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import create_procurement
from samverka.tenants.models import Region, RegionMembership, Tenant
from samverka.tenants.services.directory import tenant_region_ids

MATCH_NEED_JOB = job("samverka.platform.matching.tasks.match_need")
MATCH_REGION_JOB = job("samverka.platform.matching.tasks.match_region")
_IDS_PER_QUERY = 10_000
# Contracts planned together (the daily job commits each batch): one claim, one INSERT per table, one audit append.
PLAN_BATCH = 500


def horizon(today: date) -> date:
    return date(today.year + 1, 12, 31)


def quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _still_running(today: date):
    return (Contract.extendable_to >= today) | (Contract.extendable_to.is_(None) & (Contract.ends_on >= today))


def due_contract_ids(session: Session, rules: OwnerRules, today: date) -> list[int]:
    """The running contracts (on ``today``, the earliest owner's date) due by their owner's horizon whose current
    period is not planned yet, in id order; read in one query, so the daily job spends a transaction only on
    those. ``plan_contracts`` checks each again, and its claim still settles a race with another run."""
    last_end = func.coalesce(Contract.extendable_to, Contract.ends_on)
    planned = exists().where(Reprocurement.contract_id == Contract.id, Reprocurement.period_end == last_end)
    columns = (Contract.id, Contract.tenant_id, Contract.region_id, Contract.category, Contract.ends_on)
    stmt = select(*columns, Contract.extendable_to).where(_still_running(today), ~planned).order_by(Contract.id)
    return [row.id for row in session.execute(stmt) if rules.due(session, row)]


@contextmanager
def matching_once_per_region(session: Session) -> Iterator[None]:
    """Needs submitted inside the block are re-matched after it once per region they reached, not one by one.

    Each submitted need asks to re-match its regions; a batch submitting 9,000 would re-match a region
    thousands of times over. The region re-matches are asked for in the transaction open after the block,
    so they run once the caller commits it.
    """
    with holding(session, MATCH_NEED_JOB) as held:
        yield
    for region_id in _submitted_to(session, sorted({args[0] for args in held})):
        enqueue_after_commit(session, MATCH_REGION_JOB, region_id)


def _submitted_to(session: Session, need_ids: list[int]) -> list[int]:
    regions: set[int] = set()
    for start in range(0, len(need_ids), _IDS_PER_QUERY):
        chunk = need_ids[start : start + _IDS_PER_QUERY]
        regions.update(session.scalars(select(NeedSubmission.region_id).where(NeedSubmission.need_id.in_(chunk))))
    return sorted(regions)


def _claim(session: Session, planned: list[Planned]) -> dict[int, int]:
    """The new re-procurements' ids by contract id: one INSERT for the batch, in contract order (two runs wait
    for each other's rows in the same order); a contract and period planned before is left out."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    created_at = utcnow()
    rows = [
        {
            "contract_id": p.contract.id,
            "period_end": p.contract.last_end,
            "starts_on": p.starts_on,
            "tenant_id": p.contract.tenant_id,
            "region_id": p.contract.region_id,
            "created_at": created_at,
        }
        for p in planned
    ]
    stmt = (
        insert(Reprocurement)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["contract_id", "period_end"])
        .returning(Reprocurement.contract_id, Reprocurement.id)
    )
    return dict(session.execute(stmt).all())


def owner_today(session: Session, contract: Contract, now: datetime) -> date:
    """The date where the contract's owner is: its municipality's country, or its region's."""
    if contract.tenant_id is not None:
        country = session.scalar(select(Tenant.country).where(Tenant.id == contract.tenant_id))
    else:
        country = CURRENCY_COUNTRIES[session.scalar(select(Region.currency).where(Region.id == contract.region_id))]
    return local_today(country, now)


class OwnerRules:
    """Each register owner's local date and lead times, read once for a batch (the daily job, an import)
    instead of once per contract: a municipality has dozens of contracts."""

    def __init__(self, now: datetime):
        self.now = now
        self._known: dict[tuple[int | None, int | None], tuple[date, dict[str, int]]] = {}

    def due(self, session: Session, contract) -> bool:
        """Whether ``contract`` (a Contract, or a row with its owner, category and dates) is due and running."""
        today, months = self.of(session, contract)
        last_end = contract.extendable_to or contract.ends_on
        return today <= last_end and months_before(last_end, months[contract.category]) <= horizon(today)

    def of(self, session: Session, contract: Contract) -> tuple[date, dict[str, int]]:
        """The owner's today and its lead months per category."""
        key = (contract.tenant_id, contract.region_id)
        if key not in self._known:
            months = register_lead_months(session, contract.tenant_id, contract.region_id)
            self._known[key] = (owner_today(session, contract, self.now), months)
        return self._known[key]


@dataclass(frozen=True)
class Planned:
    """A due contract of a batch, the date its re-procurement must start, and its owner's date."""

    contract: Contract
    starts_on: date
    today: date


def plan_contracts(
    session: Session, principal: Principal, contract_ids: list[int], now: datetime, rules: OwnerRules | None = None
) -> list[Reprocurement]:
    """Create the contracts' re-procurements for their current periods where due and not yet planned, in id
    order: for each, the same need or joint procurement, audit events (in the same order) and notice as one
    contract at a time, written for the batch at once (one claim, one INSERT per table, one audit append; the
    notices asked for ``notices.NOTICES_PER_JOB`` a job)."""
    planned = _due(session, rules or OwnerRules(now), contract_ids)
    claimed = _claim(session, planned) if planned else {}
    planned = [p for p in planned if p.contract.id in claimed]
    if not planned:
        return []
    stmt = select(Reprocurement).where(Reprocurement.id.in_(claimed.values()))
    reprocurements = {r.contract_id: r for r in session.scalars(stmt)}
    needs = _create_needs(session, principal, [p for p in planned if p.contract.tenant_id is not None])
    _link_needs(session, {reprocurements[contract_id]: need for contract_id, (need, _steps) in needs.items()})
    entries: list[Entry] = []
    for p in planned:
        reprocurement = reprocurements[p.contract.id]
        if p.contract.tenant_id is not None:
            entries += needs[p.contract.id][1]
        else:  # records its own events: those before it go first, as one contract at a time would
            record_many(session, principal, entries)
            entries = []
            reprocurement.procurement_id = _create_procurement(session, principal, p.contract, p.starts_on).id
        entries.append(_created(p, reprocurement))
    notices.ask_for(session, [reprocurements[p.contract.id].id for p in planned])
    session.flush()
    record_many(session, principal, entries)
    return [reprocurements[p.contract.id] for p in planned]


# The ids as two arrays, not a VALUES list: the statement's text stays the same whatever the batch's size, so
# neither SQLAlchemy nor psycopg parses a statement of thousands of parameters again for each batch.
_LINK_NEEDS = text(
    "UPDATE reprocurements SET need_id = linked.need_id"
    " FROM unnest(CAST(:ids AS int[]), CAST(:need_ids AS int[])) AS linked(id, need_id)"
    " WHERE reprocurements.id = linked.id"
)


def _link_needs(session: Session, needs: dict[Reprocurement, Need]) -> None:
    """Each re-procurement names the need drafted for it: on PostgreSQL one UPDATE for the batch (an UPDATE per
    row, even pipelined, cost about 1 ms each at national scale)."""
    if session.get_bind().dialect.name != "postgresql":  # SQLite (the demo) has no arrays
        for reprocurement, need in needs.items():
            reprocurement.need_id = need.id
        return
    if not needs:
        return
    ids = {"ids": [r.id for r in needs], "need_ids": [need.id for need in needs.values()]}
    session.execute(_LINK_NEEDS, ids)
    for reprocurement, need in needs.items():  # what the row now says, without a second UPDATE at the flush
        set_committed_value(reprocurement, "need_id", need.id)


def _due(session: Session, rules: OwnerRules, contract_ids: list[int]) -> list[Planned]:
    stmt = select(Contract).where(Contract.id.in_(contract_ids)).options(selectinload(Contract.cpv_code_rows))
    planned = []
    for contract in session.scalars(stmt.order_by(Contract.id)):
        today, months = rules.of(session, contract)
        starts_on = reprocurement_start(contract, months[contract.category])
        if contract.last_end >= today and starts_on <= horizon(today):
            planned.append(Planned(contract, starts_on, today))
    return planned


def _created(planned: Planned, reprocurement: Reprocurement) -> Entry:
    contract = planned.contract
    return Entry(
        "reprocurement.create",
        reprocurement,
        tenant_id=contract.tenant_id,
        region_id=contract.region_id,
        summary={
            "contract_id": contract.id,
            "need_id": reprocurement.need_id,
            "procurement_id": reprocurement.procurement_id,
            "period_end": contract.last_end.isoformat(),
            "starts_on": planned.starts_on.isoformat(),
        },
    )


def _texts(contract: Contract, starts_on: date, locale: str) -> tuple[str, str, str]:
    """Title, description and history comment, in the owner's language (stored as written)."""
    with force_locale(locale):
        title = reprocurement_title(contract.title[:160], starts_on.year)
        description = _(
            "From the contract register: the contract with %(supplier)s can run until %(end)s. "
            "Its re-procurement must start by %(start)s.",
            supplier=contract.supplier_name,
            end=contract.last_end.isoformat(),
            start=starts_on.isoformat(),
        )
        comment = _("Created from the contract register by the lead-time planning.")
    return title, description, comment


def _create_needs(session: Session, principal: Principal, planned: list[Planned]) -> dict[int, tuple[Need, list]]:
    """The municipalities' needs, by contract id, with their audit events (not yet recorded)."""
    tenant_ids = list(dict.fromkeys(p.contract.tenant_id for p in planned))
    if not tenant_ids:
        return {}
    owners = select(Tenant).where(Tenant.id.in_(tenant_ids))
    loaded = selectinload(Tenant.memberships).selectinload(RegionMembership.region)
    tenants = {t.id: t for t in session.scalars(owners.options(loaded))}
    submitting = auto_submitting(session, tenant_ids)
    made, entries = create_needs(session, principal, [_new_need(p, tenants, submitting) for p in planned])
    return {p.contract.id: found for p, found in zip(planned, zip(made, entries, strict=True), strict=True)}


def _new_need(planned: Planned, tenants: dict[int, Tenant], submitting: set[int]) -> NewNeed:
    contract, tenant = planned.contract, tenants[planned.contract.tenant_id]
    desired = max(planned.starts_on, planned.today)
    title, description, comment = _texts(contract, desired, COUNTRY_LOCALES[tenant.country])
    fields = {
        "title": title,
        "description": description,
        "kind": "replacement",
        "category": contract.category,
        "current_solution": contract.title[:200],
        "current_supplier": contract.supplier_name,
        "contract_end": contract.ends_on,
        "contract_extendable_to": contract.extendable_to,
        "desired_start": quarter(desired),
        "annual_cost_minor": contract.annual_value_minor,
        "processes_personal_data": contract.processes_personal_data,
    }
    # The register is private: the need reaches the regions only if the municipality opted in. The register
    # does not say what personal data is processed, or whose: such a need waits as a draft for those answers.
    region_ids = tuple(tenant_region_ids(tenant)) if tenant.id in submitting else ()
    return NewNeed(tenant.id, contract.cpv_codes, fields, submit_to=region_ids, comment=comment)


def _create_procurement(
    session: Session, principal: Principal, contract: Contract, starts_on: date
) -> JointProcurement:
    region = session.get(Region, contract.region_id)
    title, description, _comment = _texts(contract, starts_on, CURRENCY_LOCALES[region.currency])
    return create_procurement(
        session, principal, region.id, title=title, category=contract.category, description=description
    )
