"""What *Felles læringsplattform for grunnskolen* is made of: the three needs with their benefit plans, the team's
sections and risks, and the three tenders (fictional Norwegian suppliers; organisation numbers pass mod 11).

Notodden, Tinn and Flesberg replace their ageing learning platforms together. Each need's benefit plan has three
lines, on the region's template: teacher hours saved on assessment, a lower licence cost, and a quality line
scored on a five-step scale; Tinn's and Flesberg's are smaller than Notodden's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samverka.devtools.demo.award_run import CaseArchiveTender

CPV = ("48190000",)  # educational software package
CATEGORY = "business_systems"  # a learning platform is a business system (verksamhetssystem, seed 003)
TARGET_DATE = date(2027, 12, 31)
PURPOSE = (
    "Undervisning, vurdering og oppfølging av elevene i grunnskolen, og kommunikasjon mellom skole, elever og "
    "foresatte."
)
DATA_CATEGORIES = ("identification", "contact", "education", "usage_logs")
DATA_SUBJECTS = ("pupils", "children", "employees")


@dataclass(frozen=True)
class LearningNeed:
    tenant: str
    author: str  # the municipality's IT coordinator
    one_off_nok: int
    annual_nok: int
    hours: int  # teacher hours saved on assessment a year, by the target date
    licence_nok: int  # licence cost saved a year
    quality: tuple[str, str, str]  # description, indicator, owner


NEEDS = (
    LearningNeed(
        "Notodden",
        "Nina Lie",
        420_000,
        210_000,
        1_200,
        180_000,
        (
            "Bedre oversikt over elevenes progresjon for lærere og foresatte",
            "Lærernes vurdering av oversikten, skala 1–5",
            "Kommunalsjef oppvekst",
        ),
    ),
    LearningNeed(
        "Tinn",
        "Tor Rjukan",
        190_000,
        95_000,
        500,
        80_000,
        (
            "Raskere og tydeligere tilbakemelding til foresatte",
            "Foresattes vurdering av informasjonen fra skolen, skala 1–5",
            "Oppvekstsjef",
        ),
    ),
    LearningNeed(
        "Flesberg",
        "Lars Berg",
        90_000,
        45_000,
        250,
        40_000,
        (
            "Lik praksis for vurdering på tvers av skolene",
            "Rektorenes vurdering av praksisen, skala 1–5",
            "Rektor Flesberg skole",
        ),
    ),
)
TITLE = "Ny læringsplattform for grunnskolen"


def description(spec: LearningNeed) -> str:
    return (
        f"{spec.tenant} bytter ut dagens læringsplattform, som leverandøren slutter å utvikle: vurdering og "
        "tilbakemelding, innleveringer, meldinger til foresatte og integrasjon mot skoleadministrativt system "
        "og Feide."
    )


def benefit_lines(spec: LearningNeed, baseline_date: date) -> list[dict]:
    """The need's benefit plan: hours, kroner and a quality line, each measured from the delivery on."""
    common = {"baseline_date": baseline_date, "target_date": TARGET_DATE}
    quality, indicator, owner = spec.quality
    return [
        {
            **common,
            "description": "Sparte lærertimer på vurdering og tilbakemelding",
            "benefit_type": "time_saved",
            "indicator": "Lærertimer spart per år",
            "unit": "timer",
            "baseline_value": "0",
            "target_value": str(spec.hours),
            "owner": owner,
            "measurement": "Tidsregistrering i et utvalg klasser hvert halvår, regnet opp til hele skoleåret",
        },
        {
            **common,
            "description": "Lavere lisenskostnad",
            "benefit_type": "cost_saved",
            "indicator": "Sparte lisenskostnader per år",
            "unit": "NOK",
            "baseline_value": "0",
            "target_value": str(spec.licence_nok),
            "owner": "Økonomisjef",
            "measurement": "Fakturaene for læringsplattformene, sammenlignet med året før byttet",
        },
        {
            **common,
            "description": quality,
            "benefit_type": "quality",
            "indicator": indicator,
            "unit": "skala 1–5",
            "baseline_value": "2",
            "target_value": "4",
            "owner": owner,
            "measurement": "Spørreundersøkelse hvert år i mai",
        },
    ]


TEAM = (
    ("Nina Lie", "user_representative"),
    ("Tor Rjukan", "user_representative"),
    ("Lars Berg", "user_representative"),
    ("Erik Solberg", "it_architecture"),
    ("Hanne Bakken", "data_protection_officer"),
    ("Per Innkjøp", "purchaser"),
)
SECTIONS = (
    (
        "Nina Lie",
        "user_representative",
        "Om lag 350 lærere og 3 200 elever i Notodden, Tinn og Flesberg: vurdering og tilbakemelding, "
        "innleveringer, meldinger til foresatte, universell utforming for elever med tilrettelegging.",
    ),
    (
        "Erik Solberg",
        "it_architecture",
        "Levert som tjeneste fra datasenter i EU/EØS; pålogging med Feide; integrasjon mot det skoleadministrative "
        "systemet (Visma Flyt Skole) og Microsoft 365; åpne API-er og eksport av alle data ved avtalens slutt.",
    ),
    (
        "Hanne Bakken",
        "data_protection_officer",
        "Personopplysninger om barn: elevenes arbeider, vurderinger og tilrettelegging. DPIA før bruk; felles "
        "databehandleravtale for de tre kommunene; ingen profilering eller reklame.",
    ),
)
RISKS = (
    ("Vurderinger og tilrettelegging blir synlige for flere enn elevens lærere.", 2, 4,
     "Tilgang per gruppe og fag fra det skoleadministrative systemet; logg over oppslag."),
    ("Leverandøren bruker elevdata til produktutvikling eller analyse.", 2, 3,
     "Forbud i databehandleravtalen; revisjon og rapport hvert år."),
)  # fmt: skip
TENDERS = (
    CaseArchiveTender(
        "Læringsløftet AS",
        "928401235",
        14,
        (8, 9),
        (
            {"name": "Nordisk Skydrift AS", "country": "NO", "service": "Drift og lagring i datasenter i Oslo"},
            {"name": "Svea Datacenter AB", "country": "SE", "service": "Sikkerhetskopi"},
        ),
    ),
    CaseArchiveTender(
        "Skolelys AS",
        "998123453",
        12,
        (9, 6),
        ({"name": "Nordisk Skydrift AS", "country": "NO", "service": "Drift og lagring"},),
    ),
    CaseArchiveTender("Kunnskapsnett Norge AS", "931556703", 10, (6, 7), ()),
)
