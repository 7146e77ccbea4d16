"""Demo: *Felles læringsplattform for grunnskolen*, delivered about 14 months ago, its benefits to follow up.

Notodden, Tinn and Flesberg submit their needs with benefit plans; the coordinator forms the procurement; the
purchaser and the team take it from preparation to the award recommendation (as ``award_run`` does the case
archive); the coordinator's quality check, each chief executive's approval at the e-ID step-up level, the award
decision and its standstill, the coordinator's signing of the contract, the data processing agreement drawn up
and signed by each chief executive through a real e-ID ceremony (``eid``), the delivery job, the go-live. Every
step goes through the services as the persona who would take it; then ``dating`` moves the business dates back
so the delivery was ``DELIVERED_MONTHS_AGO`` months ago (what it moves, and what keeps its real time, is there).

The later demo steps (measurements, publication, tokens) find it with ``delivered_procurement_id``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.devtools.demo import dating
from samverka.devtools.demo import delivered_content as content
from samverka.devtools.demo.award_run import run_to_award_recommendation
from samverka.devtools.demo.eid import ceremony_answer, demo_provider
from samverka.devtools.demo.procurement_run import COORDINATOR, PURCHASER, Person, prepare
from samverka.platform.auth.session import stepup_acr
from samverka.platform.awards import approvals, quality, signing
from samverka.platform.awards.models import APPROVE
from samverka.platform.awards.schemas import ContractSignSchema
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.delivery.services import confirm_go_live
from samverka.platform.needs.models import Need
from samverka.platform.needs.services import benefit_plans, needs
from samverka.platform.procurements import running
from samverka.platform.procurements import services as procurements
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.signatures.services import ceremony as dpa
from samverka.platform.signatures.services import documents
from samverka.tenants.models import Region, Tenant

DELIVERED_TITLE = "Felles læringsplattform for grunnskolen"
SYSTEM = Principal.system("demo: the delivered procurement")
CHIEFS = (("Hilde Sauar", "Notodden"), ("Marit Vestfjord", "Tinn"), ("Ingrid Haugen", "Flesberg"))
CONTRACT_YEARS = 4
ANNUAL_VALUE_NOK = sum(spec.annual_nok for spec in content.NEEDS)


def delivered_procurement_id(session: Session) -> int | None:
    """The demo's delivered procurement (read as the caller's bound principal: the system, in the loader)."""
    return session.scalar(select(JointProcurement.id).where(JointProcurement.title == DELIVERED_TITLE))


def run_delivered(session: Session, region: Region, tenants: dict[str, Tenant], person: Person) -> int:
    """From the three needs to a procurement in operation, then dated back; returns its id."""
    timeline = dating.Timeline.from_today(utcnow().date())
    submitted = [_submit(session, region, tenants[spec.tenant], spec, person, timeline) for spec in content.NEEDS]
    procurement = procurements.create_from_needs(
        session, person(COORDINATOR), region.id, [need.id for need in submitted], title=DELIVERED_TITLE
    )
    procurement_id = procurement.id
    _commit(session)  # as the coordinator's request would: the matching then finds these needs taken
    prepare(session, procurement_id, content.TEAM, person)
    run_to_award_recommendation(session, procurement_id, person, content.SECTIONS, content.RISKS, content.TENDERS)
    _award(session, procurement_id, person)
    dating.date_back_award(session, procurement_id, timeline)  # the standstill period over long ago
    _commit(session)
    _sign_contract(session, procurement_id, person, timeline)
    _sign_agreement(session, procurement_id, tenants, person)  # the delivery job runs after the last signature
    confirm_go_live(session, person(COORDINATOR), procurement_id, day=timeline.day("in_operation"))
    _commit(session)
    dating.date_back_delivery(session, procurement_id, timeline)
    _commit(session)
    return procurement_id


def _commit(session: Session) -> None:
    """Commit as the system, as the loader does: the jobs a persona's step staged are read back as the system."""
    bind_principal(session, SYSTEM)
    session.commit()


def _submit(session: Session, region: Region, tenant: Tenant, spec, person: Person, timeline) -> Need:
    author = person(spec.author)
    need = needs.create_need(
        session,
        author,
        tenant.id,
        cpv_codes=list(content.CPV),
        title=content.TITLE,
        description=content.description(spec),
        kind="replacement",
        category=content.CATEGORY,
        desired_start=_quarter(timeline.day("in_operation")),
        one_off_cost_minor=spec.one_off_nok * 100,
        annual_cost_minor=spec.annual_nok * 100,
        current_solution="Fronter",
        contract_end=timeline.day("in_operation"),
        processes_personal_data=True,
        personal_data_purpose=content.PURPOSE,
        personal_data_categories=list(content.DATA_CATEGORIES),
        data_subjects=list(content.DATA_SUBJECTS),
    )
    for line in content.benefit_lines(spec, timeline.delivered_on):
        benefit_plans.add_line(session, author, need, **line)
    needs.submit_need(session, author, need, region_ids=[region.id])
    return need


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _stepped_up(person: Person, name: str):
    """The chief executive or coordinator after the e-ID step-up the page asks for."""
    return replace(person(name), stepped_up=True)


def _award(session: Session, procurement_id: int, person: Person) -> None:
    """The purchaser sends the recommendation to the coordinator's quality check; she approves it; each
    participant's chief executive approves the award."""
    running.advance(session, person(PURCHASER), procurement_id, "quality_check", expected_stage="award_recommendation")
    quality.quality_check(
        session, person(COORDINATOR), procurement_id, outcome="approved", comment="Godt begrunnet innstilling."
    )
    _commit(session)  # each chief executive is asked, and reads the recommendation, before approving
    for name, _municipality in CHIEFS:
        approvals.decide(session, _stepped_up(person, name), procurement_id, decision=APPROVE, acr=stepup_acr())
        _commit(session)


def _sign_contract(session: Session, procurement_id: int, person: Person, timeline) -> None:
    starts_on = timeline.day("contract_signed").replace(day=1)
    starts_on = date(starts_on.year + (starts_on.month == 12), starts_on.month % 12 + 1, 1)  # the next month's first
    values = ContractSignSchema().load(
        {
            "starts_on": starts_on.isoformat(),
            "ends_on": (date(starts_on.year + CONTRACT_YEARS, starts_on.month, 1) - timedelta(days=1)).isoformat(),
            "extension_options": "1 + 1 år",
            "annual_value_minor": ANNUAL_VALUE_NOK * 100,
            "kraljic": "strategic",
            "processes_personal_data": True,
        }
    )
    signing.sign_contract(session, _stepped_up(person, COORDINATOR), procurement_id, values, acr=stepup_acr())
    _commit(session)


def _sign_agreement(session: Session, procurement_id: int, tenants: dict[str, Tenant], person: Person) -> None:
    """The coordinator draws the DPA up; each chief executive signs it in an e-ID ceremony bound to its hash."""
    from samverka.devtools.demo import PERSONAS  # the package imports this module first

    pids = {persona.name: persona.pid for persona in PERSONAS}
    document = documents.draw_up(session, person(COORDINATOR), procurement_id, replaces_version=None)
    version, sha256 = document.version, document.sha256
    _commit(session)
    with demo_provider((pids[name], name) for name, _municipality in CHIEFS):
        for name, municipality in CHIEFS:
            chief = person(name)
            asked = dpa.signing_request(
                session, chief, procurement_id, tenant_id=tenants[municipality].id, version=version, sha256=sha256
            )
            answer = ceremony_answer(
                purpose=dpa.PURPOSE,
                payload=asked.payload,
                binding=asked.sha256,
                acr=stepup_acr(),
                user_id=chief.user_id,
                pid=pids[name],
            )
            dpa.record_signature(session, person(name), answer)
            _commit(session)  # the last one's completion moves it to dpa_signed, and the delivery job runs
