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
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from samverka.jobs.outbox import holding
from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.contracts.services.lead_times import register_lead_months, reprocurement_start
from samverka.platform.contracts.services.sharing import auto_submits
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import CURRENCY_COUNTRIES, local_today, months_before, utcnow
from samverka.platform.core.titles import reprocurement_title
from samverka.platform.mail.rendering import COUNTRY_LOCALES, CURRENCY_LOCALES
from samverka.platform.needs.lifecycle import DRAFT
from samverka.platform.needs.models import Need, NeedSubmission
from samverka.platform.needs.services.needs import create_need, submit_need
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import create_procurement
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import tenant_region_ids

NOTICE_JOB = job("samverka.platform.contracts.tasks.send_reprocurement_notice")
MATCH_NEED_JOB = job("samverka.platform.matching.tasks.match_need")
MATCH_REGION_JOB = job("samverka.platform.matching.tasks.match_region")
_IDS_PER_QUERY = 10_000


def horizon(today: date) -> date:
    return date(today.year + 1, 12, 31)


def quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _still_running(today: date):
    return (Contract.extendable_to >= today) | (Contract.extendable_to.is_(None) & (Contract.ends_on >= today))


def due_contract_ids(session: Session, rules: OwnerRules, today: date) -> list[int]:
    """The running contracts (on ``today``, the earliest owner's date) due by their owner's horizon whose current
    period is not planned yet, in id order; read in one query, so the daily job spends a transaction only on
    those. ``plan_contract`` checks each again, and its claim still settles a race with another run."""
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


def _claim(session: Session, contract: Contract, starts_on: date) -> int | None:
    """The new re-procurement's id, or None when this contract and period were planned before."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(Reprocurement)
        .values(
            contract_id=contract.id,
            period_end=contract.last_end,
            starts_on=starts_on,
            tenant_id=contract.tenant_id,
            region_id=contract.region_id,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["contract_id", "period_end"])
        .returning(Reprocurement.id)
    )
    return session.execute(stmt).scalar()


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


def plan_contract(
    session: Session, principal: Principal, contract_id: int, now: datetime, rules: OwnerRules | None = None
) -> Reprocurement | None:
    """Create the contract's re-procurement for its current period if it is due and not yet planned."""
    contract = session.get(Contract, contract_id)
    if contract is None:
        return None
    today, months = (rules or OwnerRules(now)).of(session, contract)
    if contract.last_end < today:
        return None
    starts_on = reprocurement_start(contract, months[contract.category])
    if starts_on > horizon(today):
        return None
    claimed = _claim(session, contract, starts_on)
    if claimed is None:
        return None
    reprocurement = session.get(Reprocurement, claimed)
    if contract.tenant_id is not None:
        reprocurement.need_id = _create_need(session, principal, contract, max(starts_on, today)).id
    else:
        reprocurement.procurement_id = _create_procurement(session, principal, contract, starts_on).id
    session.flush()
    record(
        session,
        principal,
        "reprocurement.create",
        reprocurement,
        tenant_id=contract.tenant_id,
        region_id=contract.region_id,
        summary={
            "contract_id": contract.id,
            "need_id": reprocurement.need_id,
            "procurement_id": reprocurement.procurement_id,
            "period_end": contract.last_end.isoformat(),
            "starts_on": starts_on.isoformat(),
        },
    )
    enqueue_after_commit(session, NOTICE_JOB, reprocurement.id)
    return reprocurement


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


def _create_need(session: Session, principal: Principal, contract: Contract, desired: date) -> Need:
    tenant = session.get(Tenant, contract.tenant_id)
    title, description, comment = _texts(contract, desired, COUNTRY_LOCALES[tenant.country])
    need = create_need(
        session,
        principal,
        tenant.id,
        cpv_codes=contract.cpv_codes,
        title=title,
        description=description,
        kind="replacement",
        category=contract.category,
        current_solution=contract.title[:200],
        current_supplier=contract.supplier_name,
        contract_end=contract.ends_on,
        contract_extendable_to=contract.extendable_to,
        desired_start=quarter(desired),
        annual_cost_minor=contract.annual_value_minor,
        processes_personal_data=contract.processes_personal_data,
    )
    region_ids = tenant_region_ids(tenant)
    # The register is private: the need reaches the regions only if the municipality opted in. The register
    # does not say what personal data is processed, or whose: such a need waits as a draft for those answers.
    if region_ids and auto_submits(session, tenant.id) and not need.missing_personal_data:
        submit_need(session, principal, need, region_ids=region_ids, comment=comment)
    return need


def need_is_draft() -> ColumnElement[bool]:
    """In a query of re-procurements: true while the need drafted from a municipality's contract waits for the
    municipality to submit it."""
    return exists().where(Need.id == Reprocurement.need_id, Need.status == DRAFT)


def _create_procurement(
    session: Session, principal: Principal, contract: Contract, starts_on: date
) -> JointProcurement:
    region = session.get(Region, contract.region_id)
    title, description, _comment = _texts(contract, starts_on, CURRENCY_LOCALES[region.currency])
    return create_procurement(
        session, principal, region.id, title=title, category=contract.category, description=description
    )
