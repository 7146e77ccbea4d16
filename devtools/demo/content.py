"""Demo content for Kongsbergregionen: needs its municipalities have submitted and one joint procurement.

Registered through the services by the demo personas, so that histories, audit
events and matching are what a real session would have produced. Created once:
a region that already holds needs is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.devtools.demo.award_run import run_to_award_recommendation
from samverka.devtools.demo.benefits_run import run_benefits
from samverka.devtools.demo.council import load_council
from samverka.devtools.demo.delivered_run import delivered_procurement_id, run_delivered
from samverka.devtools.demo.procurement_run import COORDINATOR, run_procurements
from samverka.devtools.demo.register import load_registers
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need, NeedSubmission
from samverka.platform.needs.services import benefit_plans, needs
from samverka.platform.procurements import services as procurements
from samverka.platform.publication.services import publish
from samverka.platform.requirements.services import library
from samverka.tenants.models import Region, Tenant, User
from samverka.tenants.services.principals import load_principal

CASE_ARCHIVE = "Felles sak- og arkivsystem"
SYSTEM = Principal.system("demo data")


@dataclass(frozen=True)
class DemoNeed:
    tenant: str
    author: str  # the persona who registers it: the municipality's IT coordinator
    title: str
    description: str
    kind: str
    category: str
    cpv_codes: tuple[str, ...]
    desired_start: str
    one_off_nok: int
    annual_nok: int
    current_solution: str | None = None
    contract_end: date | None = None
    personal_data: PersonalData | None = None  # None: the solution processes no personal data


@dataclass(frozen=True)
class PersonalData:
    """What the need says about the personal data processed: the data processing agreement's facts."""

    purpose: str
    categories: tuple[str, ...]
    subjects: tuple[str, ...]


CASE_ARCHIVE_DATA = PersonalData(
    "Saksbehandling, journalføring og arkivering av kommunens saker og korrespondanse, og innsyn etter offentleglova.",
    ("identification", "contact", "case_records"),
    ("residents", "employees", "clients"),
)
SUPERVISION_DATA = PersonalData(
    "Digitalt tilsyn og varsling for hjemmeboende brukere av hjemmetjenesten, slik at helsepersonell kan "
    "rykke ut ved fall eller uro.",
    ("identification", "contact", "health", "location"),
    ("care_recipients", "employees"),
)


def _case_archive(tenant: str, author: str, one_off: int, annual: int, end: date) -> DemoNeed:
    return DemoNeed(
        tenant,
        author,
        "Nytt sak- og arkivsystem",
        f"{tenant} erstatter ePhorte; avtalen går ut og må konkurranseutsettes. Krav: Noark 5, "
        "eInnsyn og integrasjon mot Altinn og SvarUt.",
        "replacement",
        "business_systems",
        ("48311100", "72212311"),
        "2027-Q2",
        one_off,
        annual,
        "ePhorte",
        end,
        CASE_ARCHIVE_DATA,
    )


NEEDS = (
    _case_archive("Notodden", "Nina Lie", 900_000, 250_000, date(2027, 12, 31)),
    _case_archive("Tinn", "Tor Rjukan", 450_000, 120_000, date(2027, 12, 31)),
    _case_archive("Flesberg", "Lars Berg", 200_000, 60_000, date(2028, 6, 30)),
    DemoNeed(
        "Notodden",
        "Nina Lie",
        "Digitalt tilsyn i hjemmetjenesten",
        "Digitalt nattilsyn med sensorer og kamera for hjemmeboende, med varsling til hjemmetjenesten.",
        "new_solution",
        "welfare_technology",
        ("33196200",),
        "2027-Q3",
        600_000,
        180_000,
        personal_data=SUPERVISION_DATA,
    ),
    DemoNeed(
        "Flesberg",
        "Lars Berg",
        "Digitalt tilsyn for hjemmeboende",
        "Digitalt tilsyn og varsling for hjemmeboende brukere av hjemmetjenesten, også om natten.",
        "new_solution",
        "welfare_technology",
        ("33196200",),
        "2027-Q4",
        150_000,
        45_000,
        personal_data=SUPERVISION_DATA,
    ),
    DemoNeed(
        "Tinn",
        "Tor Rjukan",
        "Felles opplæring i informasjonssikkerhet",
        "Tinn foreslår et felles e-læringsopplegg i informasjonssikkerhet for alle ansatte i regionen.",
        "initiative",
        "other_it",
        (),
        "2027-Q1",
        80_000,
        20_000,
    ),
)
BENEFIT = {
    "description": "Mindre tid brukt på manuell journalføring og innsynsbehandling",
    "benefit_type": "time_saved",
    "indicator": "Timer per måned",
    "unit": "timer",
    "baseline_value": "120",
    "baseline_date": date(2026, 1, 1),
    "target_value": "60",
    "target_date": date(2028, 12, 31),
    "owner": "Arkivleder",
    "measurement": "Uttrekk fra timeregistreringen hvert kvartal",
}


def load_demo_content(session: Session, region: Region, tenants: dict[str, Tenant]) -> None:
    """Submit the demo needs, put the three case-and-archive needs into one joint procurement, fill the
    contract registers, put the action plan to the council and run the joint procurements with their teams, one of
    them to its delivery about 14 months ago (``delivered_run``)."""
    held = session.scalar(select(func.count()).select_from(NeedSubmission).where(NeedSubmission.region_id == region.id))
    if held:
        return
    submitted = [_submit(session, region, tenants[n.tenant], n) for n in NEEDS]
    coordinator = _person(session, "Kari Nordmann")
    case_archive = procurements.create_from_needs(
        session,
        coordinator,
        region.id,
        [need.id for need, spec in zip(submitted, NEEDS) if spec.category == "business_systems"],
        title=CASE_ARCHIVE,
    )
    library.load_default_library(session, coordinator, region.id)  # the security requirements by level
    load_registers(session, region, tenants, coordinator)
    load_council(session, region, lambda name: _person(session, name))
    bind_principal(session, SYSTEM)
    session.commit()  # matching runs once the needs are committed: it proposes what the coordinator accepts next
    run_procurements(session, region.id, case_archive.id, lambda name: _person(session, name))
    run_to_award_recommendation(session, case_archive.id, lambda name: _person(session, name))
    run_delivered(session, region, tenants, lambda name: _person(session, name))
    # The coordinator publishes the case archive and the delivered learning platform as open contracting data:
    # /ocds/ lists them, without login; the learning platform's releases run from planning to implementation.
    publish(session, _person(session, COORDINATOR), case_archive.id)
    publish(session, _person(session, COORDINATOR), delivered_procurement_id(session))
    run_benefits(session, lambda name: _person(session, name))
    bind_principal(session, SYSTEM)


def _submit(session: Session, region: Region, tenant: Tenant, spec: DemoNeed) -> Need:
    author = _person(session, spec.author)
    need = needs.create_need(
        session,
        author,
        tenant.id,
        cpv_codes=list(spec.cpv_codes),
        title=spec.title,
        description=spec.description,
        kind=spec.kind,
        category=spec.category,
        desired_start=spec.desired_start,
        one_off_cost_minor=spec.one_off_nok * 100,
        annual_cost_minor=spec.annual_nok * 100,
        current_solution=spec.current_solution,
        contract_end=spec.contract_end,
        **_personal_data(spec.personal_data),
    )
    if not need.is_initiative:
        benefit_plans.add_line(session, author, need, **BENEFIT)
    needs.submit_need(session, author, need, region_ids=[region.id])
    return need


def _personal_data(answers: PersonalData | None) -> dict:
    if answers is None:
        return {"processes_personal_data": False}
    return {
        "processes_personal_data": True,
        "personal_data_purpose": answers.purpose,
        "personal_data_categories": list(answers.categories),
        "data_subjects": list(answers.subjects),
    }


def _person(session: Session, name: str) -> Principal:
    """The persona's principal, bound to the session: each step runs with that person's own rights."""
    bind_principal(session, SYSTEM)
    user_id = session.scalar(select(User.id).where(User.name == name))
    return load_principal(session, user_id)
