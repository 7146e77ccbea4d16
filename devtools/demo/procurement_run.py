"""Demo: the purchaser runs the region's joint procurements, with their teams, through the stages.

*Felles sak- og arkivsystem* is prepared here: its team assigned and its requirements drawn (``award_run`` takes
it on to the award recommendation). *Digitalt tilsyn i hjemmetjenesten* (the matching's welfare-technology
proposal) has run its course: three tenders, each storing video recordings with a US cloud provider, all rejected on the
data-location requirement, the procurement cancelled with reason "requirements not met" and restarted with
the requirement revised, so both histories can be read.

Every step goes through the services as the persona who would take it (``person(name)``), so the histories,
audit events and gates are what real sessions would have left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.matching.models import MatchProposal
from samverka.platform.matching.services import accept_proposal, region_proposals
from samverka.platform.procurements import running
from samverka.platform.requirements.services import drawing, risks, sections, team
from samverka.platform.tenders import recording
from samverka.platform.tenders import services as tenders
from samverka.platform.tenders.schemas import TenderSchema

Person = Callable[[str], Principal]
PURCHASER = "Per Innkjøp"
COORDINATOR = "Kari Nordmann"
SUPERVISION = "Digitalt tilsyn i hjemmetjenesten"
SUPERVISION_RESTARTED = "Digitalt tilsyn i hjemmetjenesten (ny konkurranse)"
# The data-location requirement every supervision tender failed (the lesson of seed 000).
DATA_LOCATION = "data-location"

CASE_ARCHIVE_TEAM = (
    ("Nina Lie", "user_representative"),
    ("Tor Rjukan", "user_representative"),
    ("Lars Berg", "user_representative"),
    ("Erik Solberg", "it_architecture"),
    ("Guro Lund", "archive"),
    ("Hanne Bakken", "data_protection_officer"),
    (PURCHASER, "purchaser"),
)
SUPERVISION_TEAM = (
    ("Nina Lie", "user_representative"),
    ("Lars Berg", "user_representative"),
    ("Erik Solberg", "it_architecture"),
    ("Hanne Bakken", "data_protection_officer"),
    (PURCHASER, "purchaser"),
)
SECTIONS = (
    (
        "Nina Lie",
        "user_representative",
        "Nattilsyn for 40 hjemmeboende i Notodden og 10 i Flesberg: sensor for fall og uro, kamera bare der "
        "brukeren har samtykket, varsel til vakttelefonen innen 30 sekunder.",
    ),
    (
        "Erik Solberg",
        "it_architecture",
        "Integrasjon med fagsystemet (Gerica/Profil) og responssenteret; drift som tjeneste; "
        "pålogging for ansatte med kommunenes Entra ID; data lagres og behandles i EU/EØS.",
    ),
    (
        "Hanne Bakken",
        "data_protection_officer",
        "Helseopplysninger (særlige kategorier). DPIA kreves før bruk; databehandleravtale etter "
        "Normen; ingen overføring til tredjeland uten overføringsgrunnlag og vurdering.",
    ),
)
RISKS = (
    ("Videoopptak lagres hos en skyleverandør utenfor EU/EØS.", 3, 4, "Krav om datalokasjon i EU/EØS."),
    ("Varsel når ikke fram ved nettbrudd hjemme hos brukeren.", 2, 4, "Lokal alarm og mobilnett som reserve."),
)
CRITERIA = (
    {"name": "Pris", "weight": 40},
    {"name": "Kvalitet", "weight": 35},
    {"name": "Brukervennlighet", "weight": 25},
)


@dataclass(frozen=True)
class DemoTender:
    supplier: str
    orgnr: str  # fictional suppliers; numbers made with stdnum to pass the mod-11 check
    days_ago: int
    comment: str  # why the data-location requirement is not met
    scores: tuple[int, int, int]


TENDERS = (
    DemoTender("Nordlys Velferdsteknologi AS", "921000006", 20, "Videoopptak lagres i USA (AWS us-east-1).", (7, 8, 6)),
    DemoTender("Fjellvakt Omsorg AS", "924100001", 18, "Support og lagring hos underleverandør i India.", (8, 6, 7)),
    DemoTender("Tryggheim Digital AS", "927300001", 15, "Kan ikke dokumentere hvor opptak lagres.", (6, 7, 8)),
)
REVISED_DATA_LOCATION = (
    "Data, også videoopptak og sikkerhetskopier, skal lagres og behandles i EU/EØS. Support fra land utenfor "
    "EU/EØS er tillatt bare uten tilgang til personopplysninger. Leverandøren skal legge ved en oversikt over "
    "lagringssteder og underleverandører med tilbudet."
)
CANCELLATION = (
    "Alle tre tilbud ble avvist: ingen oppfylte kravet om datalokasjon og overføring til tredjeland. "
    "Konkurransen lyses ut på nytt med kravet presisert."
)


def run_procurements(session: Session, region_id: int, case_archive_id: int, person: Person) -> None:
    """Run both demo procurements as the purchaser and the teams would."""
    prepare(session, case_archive_id, CASE_ARCHIVE_TEAM, person)
    supervision_id = accept_supervision(session, region_id, person(COORDINATOR))
    session.commit()  # as her request would: the re-matching it asks for runs before the purchaser acts
    prepare(session, supervision_id, SUPERVISION_TEAM, person)
    complete_requirements(session, supervision_id, person)
    compete_and_cancel(session, supervision_id, person)
    restart_with_revised_requirements(session, supervision_id, person)


def accept_supervision(session: Session, region_id: int, coordinator: Principal) -> int:
    """The coordinator accepts the matching's proposal: Notodden's and Flesberg's supervision needs."""
    proposals = region_proposals(session, coordinator, region_id).items
    proposal = next(p for p in proposals if p.status == "open")
    return accept_proposal(session, coordinator, _reread(session, proposal), title=SUPERVISION)


def _reread(session: Session, proposal: MatchProposal) -> MatchProposal:
    return session.scalar(select(MatchProposal).where(MatchProposal.id == proposal.id))


def prepare(session: Session, procurement_id: int, members, person: Person) -> None:
    """Preparation, the team assigned, requirements started and drawn from the region's library."""
    purchaser = person(PURCHASER)
    running.advance(session, purchaser, procurement_id, "preparation", expected_stage="draft")
    assign_team(session, procurement_id, members, person)
    running.advance(session, purchaser, procurement_id, "requirements", expected_stage="preparation")
    drawing.draw(session, purchaser, procurement_id)


def assign_team(session: Session, procurement_id: int, members, person: Person) -> None:
    """As the purchaser would: each person picked by name from the team page's list of candidates."""
    purchaser = person(PURCHASER)
    procurement = team.access_team_procurement(session, purchaser, procurement_id, team.STAFF)
    users = {name: user_id for user_id, name in team.candidates(session, procurement)}
    for name, role in members:
        team.assign(session, purchaser, procurement_id, user_id=users[name], role=role)
    session.flush()  # the members' principals, loaded next, hold their new team roles


def complete_requirements(
    session: Session, procurement_id: int, person: Person, written=SECTIONS, risks_found=RISKS, criteria=CRITERIA
) -> None:
    """Each member writes their own section; IT architecture records the risks; the purchaser the criteria."""
    for name, role, text in written:
        sections.save_section(session, person(name), procurement_id, role, text=text, status="done")
    architect = person("Erik Solberg")
    for description, likelihood, consequence, measure in risks_found:
        risks.add_risk(
            session,
            architect,
            procurement_id,
            description=description,
            likelihood=likelihood,
            consequence=consequence,
            measure=measure,
        )
    risks.save_assessment(session, architect, procurement_id, status="done", dpia_required=True)
    purchaser = person(PURCHASER)
    procurement = team.access_team_procurement(session, purchaser, procurement_id)
    tenders.set_award_criteria(session, purchaser, procurement, [dict(c) for c in criteria])
    tenders.set_requirements(session, purchaser, procurement, mandatory_from_drawn(session, procurement))


def mandatory_from_drawn(session: Session, procurement, revised: dict[str, str] | None = None) -> list[dict]:
    """The tenders' mandatory requirements: the drawn ones' bokmål texts, some revised."""
    revised = revised or {}
    return [
        {"text": revised.get(row.key, f"{row.title_nb}: {row.text_nb}"), "library_ref": row.key}
        for row in drawing.drawn_requirements(session, procurement)
    ]


def compete_and_cancel(session: Session, procurement_id: int, person: Person) -> None:
    """Competition, three tenders each failing the data-location requirement, evaluation, cancellation."""
    purchaser = person(PURCHASER)
    running.advance(session, purchaser, procurement_id, "competition", expected_stage="requirements")
    procurement = team.access_team_procurement(session, purchaser, procurement_id)
    today = utcnow().date()
    for spec in TENDERS:
        _tender(session, purchaser, procurement, spec, today)
    running.advance(session, purchaser, procurement_id, "evaluation", expected_stage="competition")
    if not tenders.evaluation_of(session, purchaser, procurement).all_rejected:
        raise RuntimeError("the demo's supervision tenders must all fail the data-location requirement")
    running.cancel(
        session,
        purchaser,
        procurement_id,
        reason="requirements_not_met",
        text=CANCELLATION,
        expected_stage="evaluation",
    )


def _tender(session: Session, purchaser: Principal, procurement, spec: DemoTender, today: date) -> None:
    values = TenderSchema().load(
        {
            "supplier_name": spec.supplier,
            "supplier_country": "NO",
            "supplier_orgnr": spec.orgnr,
            "received_on": (today - timedelta(days=spec.days_ago)).isoformat(),
        }
    )
    tender = tenders.record_tender(session, purchaser, procurement, **values)
    answers = [
        {
            "requirement_id": r.id,
            "met": r.library_ref != DATA_LOCATION,
            "comment": spec.comment if r.library_ref == DATA_LOCATION else "",
        }
        for r in tenders.requirements_of(session, procurement)
    ]
    scores = [
        {"criterion_id": c.id, "score": score}
        for c, score in zip(tenders.criteria_of(session, procurement), spec.scores, strict=True)
    ]
    recording.record_evaluation(session, purchaser, tender, answers=answers, scores=scores)


def restart_with_revised_requirements(session: Session, procurement_id: int, person: Person) -> int:
    """A new procurement in preparation from the cancelled one: the restart brings its team, drawn requirements
    and award criteria along; the purchaser revises the data-location requirement no supplier met."""
    purchaser = person(PURCHASER)
    restarted = running.restart(session, purchaser, procurement_id, title=SUPERVISION_RESTARTED)
    revised = {DATA_LOCATION: REVISED_DATA_LOCATION}
    tenders.set_requirements(session, purchaser, restarted, mandatory_from_drawn(session, restarted, revised))
    return restarted.id
