"""Demo contract registers: the municipalities' own contracts, dated from today so the demo always shows
a re-procurement due soon, one overdue and one far off, and the region's joint contract.

The contracts are seed 003's kind (its §9.1 procurement plan lines). The lead-time planning job then
runs once, as the nightly schedule would, so the due contracts have their draft re-procurement needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from samverka.platform.contracts.services import contracts, schedule
from samverka.platform.contracts.services.access import register_of
from samverka.platform.core.catalogue import lead_time
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.procurements import services as procurements
from samverka.tenants.models import Region, Tenant

SYSTEM = Principal.system("demo contract registers")


@dataclass(frozen=True)
class DemoContract:
    owner: str  # a municipality's name, or "" for the region's joint register
    title: str
    supplier: str
    organisation_number: str
    category: str
    cpv: str
    days_to_start: int  # days from today until re-procurement must start (negative: overdue)
    annual_nok: int
    kraljic: str


CONTRACTS = (
    # Due in 24 days: the warning the IT coordinator must act on.
    DemoContract("Flesberg", "Ekonomisystem", "Visma Enterprise AS", "980452344", "business_systems",
                 "48443000", 24, 310_000, "strategic"),
    # Overdue by three weeks: the danger.
    DemoContract("Notodden", "Lønns- og personalsystem", "Evry Norge AS", "915665411", "business_systems",
                 "48450000", -21, 540_000, "strategic"),
    DemoContract("Tinn", "Skoleadministrativt system", "Visma Enterprise AS", "980452344", "business_systems",
                 "48190000", 500, 180_000, "leverage"),
    DemoContract("", "Utskrift som tjeneste", "Atea AS", "920237126", "it_as_a_service",
                 "79820000", 300, 420_000, "leverage"),
)  # fmt: skip


def _last_end(spec: DemoContract, today: date) -> date:
    """The contract's end that puts its re-procurement start ``days_to_start`` from today (the region's lead
    times are the defaults); a start after the 28th moves back a few days, so every month has the day."""
    starts = today + timedelta(days=spec.days_to_start)
    index = starts.year * 12 + starts.month - 1 + lead_time(spec.category)
    return date(index // 12, index % 12 + 1, min(starts.day, 28))


def _values(spec: DemoContract, today: date) -> dict:
    ends_on = _last_end(spec, today)
    return {
        "title": spec.title,
        "supplier_name": spec.supplier,
        "supplier_organisation_number": spec.organisation_number,
        "supplier_country": "NO",
        "category": spec.category,
        "cpv_codes": [spec.cpv],
        "starts_on": date(ends_on.year - 4, 1, 1),
        "ends_on": ends_on,
        "extension_options": "",
        "extendable_to": None,
        "annual_value_minor": spec.annual_nok * 100,
        "kraljic": spec.kraljic,
        "processes_personal_data": spec.category == "business_systems",
        "dpa_status": "signed" if spec.category == "business_systems" else None,
        "documents": [],
    }


def load_registers(session, region: Region, tenants: dict[str, Tenant], coordinator: Principal) -> None:
    """Create the demo contracts, let lead-time planning make the due re-procurements, and have the
    coordinator invite every member to join the re-procurement of the region's joint contract."""
    now = utcnow()
    bind_principal(session, SYSTEM)
    today = now.date()
    made = []
    for spec in CONTRACTS:
        where = {"tenant_id": tenants[spec.owner].id} if spec.owner else {"region_id": region.id}
        owner = register_of(session, SYSTEM, **where)
        contract = contracts.create_contract(session, SYSTEM, owner, _values(spec, today))
        made.append(contract.id)
    planned = schedule.plan_contracts(session, SYSTEM, made, now)
    joint = [p.procurement_id for p in planned if p.procurement_id is not None]
    session.flush()  # what planning staged is written as the system, before the coordinator acts
    bind_principal(session, coordinator)
    for procurement_id in joint:
        procurement = procurements.access_procurement(session, coordinator, procurement_id)
        # Six days to answer: near enough to the deadline to be on the coordinator's list.
        procurements.invite_tenants(session, coordinator, procurement, deadline=today + timedelta(days=6))
    bind_principal(session, SYSTEM)
