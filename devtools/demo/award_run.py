"""Demo: *Felles sak- og arkivsystem* from its requirements to a draft award recommendation.

The team writes its sections and the risk assessment; the purchaser sets the award criteria (price 40, quality
60) and the mandatory requirements, records three tenders (fictional Norwegian suppliers, each naming its
sub-processors: the best-ranked one has one in the EEA and one in India under the EU's standard contractual
clauses), evaluates and scores them, uploads the evaluation report and the contract to be signed (small
generated PDFs), drafts the award recommendation and moves the procurement to ``award_recommendation``,
where the coordinator's quality check takes over (issue 12).

Every step goes through the services as the persona who would take it, as in ``procurement_run``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

from babel.numbers import format_decimal
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import SimpleDocTemplate
from sqlalchemy.orm import Session

from samverka.devtools.demo.procurement_run import PURCHASER, Person, complete_requirements
from samverka.platform.core.exports import pdf_paragraph
from samverka.platform.core.time import utcnow
from samverka.platform.documents.services import upload_document
from samverka.platform.procurements import running
from samverka.platform.requirements.services import team
from samverka.platform.tenders import recommendation, recording
from samverka.platform.tenders import services as tenders
from samverka.platform.tenders.schemas import TenderSchema

SECTIONS = (
    (
        "Nina Lie",
        "user_representative",
        "Om lag 120 saksbehandlere i Notodden, Tinn og Flesberg: saksbehandling og journalføring etter Noark 5, "
        "eInnsyn, SvarUt/SvarInn og eFormidling, digital signering av utgående brev, mobil tilgang for ledere.",
    ),
    (
        "Erik Solberg",
        "it_architecture",
        "Levert som tjeneste fra datasenter i EU/EØS; pålogging med kommunenes Entra ID; integrasjoner mot "
        "Altinn, KS FIKS og fagsystemene (Visma, Acos); åpne API-er; eksport av hele arkivet.",
    ),
    (
        "Guro Lund",
        "archive",
        "Noark 5-godkjent; arkivuttrekk etter Noark 5 til IKA Kongsberg; bevaring og kassasjon etter "
        "kommunenes bevarings- og kassasjonsplan.",
    ),
    (
        "Hanne Bakken",
        "data_protection_officer",
        "Personopplysninger om innbyggere, ansatte og brukere av tjenestene, også særlige kategorier i enkelte "
        "saker. Felles databehandleravtale for de tre kommunene; underleverandører og overføring til tredjeland "
        "skal oppgis i tilbudet og godkjennes.",
    ),
)
RISKS = (
    ("Saker med sensitive opplysninger blir synlige for saksbehandlere uten tjenstlig behov.", 3, 4,
     "Tilgangsstyring per enhet og skjerming etter offentleglova § 13; logg over oppslag."),
    ("Underleverandør utenfor EU/EØS får tilgang til personopplysninger ved brukerstøtte.", 2, 4,
     "Standard personvernbestemmelser (SCC) og vurdering av overføringen; tilgang bare etter avtale."),
)  # fmt: skip
CRITERIA = ({"name": "Pris", "weight": 40}, {"name": "Kvalitet", "weight": 60})
SCC = (
    "Brukerstøtte på andre linje fra Bengaluru, India (Kodekraft Technologies Pvt Ltd), med tilgang til "
    "personopplysninger bare når kommunen ber om det. Overføringsgrunnlag: EU-kommisjonens standard "
    "personvernbestemmelser (2021/914, modul 3), med vurdering av overføringen (TIA) vedlagt tilbudet."
)


@dataclass(frozen=True)
class CaseArchiveTender:
    supplier: str
    orgnr: str  # fictional suppliers; the check digit is stdnum.no.orgnr's mod 11
    days_ago: int
    scores: tuple[int, int]  # price, quality
    sub_processors: tuple[dict, ...]
    third_country_transfers: str = ""


TENDERS = (
    CaseArchiveTender(
        "Fjordsak AS",
        "926401238",
        12,
        (8, 9),
        (
            {"name": "Nordisk Skydrift AS", "country": "NO", "service": "Drift og lagring i datasenter i Oslo"},
            {"name": "Kodekraft Technologies Pvt Ltd", "country": "IN", "service": "Brukerstøtte andre linje"},
        ),
        SCC,
    ),
    CaseArchiveTender(
        "Telemark Arkivløsninger AS",
        "918532706",
        10,
        (9, 7),
        ({"name": "Svea Datacenter AB", "country": "SE", "service": "Drift, lagring og sikkerhetskopi"},),
    ),
    CaseArchiveTender("Noark Partner AS", "997654323", 9, (6, 8), ()),
)
CONTRACT_YEARS = 4


def run_to_award_recommendation(
    session: Session, procurement_id: int, person: Person, written=SECTIONS, risks_found=RISKS, offered=TENDERS
) -> None:
    """From requirements, with the team's work and three tenders, to the draft award recommendation (the case
    archive's unless told: the delivered procurement, ``delivered_run``, brings its own)."""
    complete_requirements(session, procurement_id, person, written, risks_found, CRITERIA)
    purchaser = person(PURCHASER)
    running.advance(session, purchaser, procurement_id, "competition", expected_stage="requirements")
    procurement = team.access_team_procurement(session, purchaser, procurement_id)
    today = utcnow().date()
    recorded = [_tender(session, purchaser, procurement, spec, today) for spec in offered]
    running.advance(session, purchaser, procurement_id, "evaluation", expected_stage="competition")
    for tender, spec in zip(recorded, offered, strict=True):
        _evaluate(session, purchaser, procurement, tender, spec)
    evaluation = tenders.evaluation_of(session, purchaser, procurement)
    _upload(
        session, purchaser, procurement, "evaluation_report", "Evalueringsrapport", _report(procurement, evaluation)
    )
    recommendation.draft_recommendation(session, purchaser, procurement)
    winner = evaluation.ranking[0].tender  # the draft recommends the best-ranked
    _upload(session, purchaser, procurement, "contract", "Kontrakt", _contract(procurement, winner, today))
    running.advance(session, purchaser, procurement_id, "award_recommendation", expected_stage="evaluation")


def _tender(session: Session, purchaser, procurement, spec: CaseArchiveTender, today: date):
    values = TenderSchema().load(
        {
            "supplier_name": spec.supplier,
            "supplier_country": "NO",
            "supplier_orgnr": spec.orgnr,
            "received_on": (today - timedelta(days=spec.days_ago)).isoformat(),
            "sub_processors": [dict(row) for row in spec.sub_processors],
            "third_country_transfers": spec.third_country_transfers,
        }
    )
    return tenders.record_tender(session, purchaser, procurement, **values)


def _evaluate(session: Session, purchaser, procurement, tender, spec: CaseArchiveTender) -> None:
    """Every mandatory requirement met; a score per criterion."""
    answers = [
        {"requirement_id": r.id, "met": True, "comment": ""} for r in tenders.requirements_of(session, procurement)
    ]
    scores = [
        {"criterion_id": c.id, "score": score}
        for c, score in zip(tenders.criteria_of(session, procurement), spec.scores, strict=True)
    ]
    recording.record_evaluation(session, purchaser, tender, answers=answers, scores=scores)


def _upload(session: Session, purchaser, procurement, kind: str, name: str, content: bytes) -> None:
    upload_document(session, purchaser, procurement, kind=kind, filename=f"{name}.pdf", content=content)


def _report(procurement, evaluation) -> bytes:
    lines = [
        "Tildelingskriterier: " + ", ".join(f"{c['name']} {c['weight']} %" for c in CRITERIA) + ".",
        "Alle tre tilbud oppfyller samtlige minstekrav.",
        *(
            f"{place}. {ranked.tender.supplier_name} (org.nr. {ranked.tender.supplier_orgnr}): "
            f"vektet poengsum {format_decimal(ranked.score, format='0.00', locale='nb')} av 10"
            for place, ranked in enumerate(evaluation.ranking, start=1)
        ),
    ]
    return _pdf(f"Evalueringsrapport – {procurement.title}", lines)


def _contract(procurement, tender, today: date) -> bytes:
    ends = date(today.year + CONTRACT_YEARS, today.month, min(today.day, 28))
    lines = [
        "Avtale om kjøp av tjenester levert over internett (SSA-L), til signering.",
        f"Gjelder: {procurement.title}.",
        "Kunde: Kongsbergregionen, for Notodden, Tinn og Flesberg kommuner.",
        f"Leverandør: {tender.supplier_name}, org.nr. {tender.supplier_orgnr}.",
        f"Varighet: fra signering til {ends.isoformat()}, med opsjon på forlengelse 1 + 1 år.",
        "Databehandleravtale: regionens felles databehandleravtale, signert av hver deltakende kommune.",
    ]
    return _pdf(f"Kontrakt – {procurement.title}", lines)


def _pdf(title: str, lines: list[str]) -> bytes:
    styles = getSampleStyleSheet()
    out = BytesIO()
    story = [pdf_paragraph(title, styles["Title"]), *(pdf_paragraph(line, styles["BodyText"]) for line in lines)]
    SimpleDocTemplate(out, pagesize=A4, title=title, author="Kongsbergregionen").build(story)
    return out.getvalue()
