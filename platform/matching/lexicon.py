"""A small hand-made domain lexicon: Norwegian, Swedish and English words for the things
municipalities procure, mapped to language-neutral concepts.

Words are written as people spell them (ø, æ, å, ä, ö); ``text`` folds them the same way
it folds need texts, so "lønn" and "lön" meet as "lonn"/"lon" and both name ``payroll``.
A word is a stem: the compound splitter finds it inside compounds ("lønnssystem",
"ärendehanteringssystem") and accepts the inflection endings in ``SUFFIXES`` after it.

This is general procurement vocabulary (seed 003's category tree and plan lines, the
Norwegian routine of seed 002): add words for new domains here, never for one test case.
"""
from __future__ import annotations

# id: (English label shown in reasons, weight, stems in nb / sv / en).
# Weight 1.0 names a thing that is procured; 0.5 a broad field that only helps; 0.0 a
# generic word kept as a concept only so that COMBINATIONS can see it.
CONCEPTS: dict[str, tuple[str, float, str]] = {
    # business systems: records, case handling, administration
    "case_management": ("case management", 1.0,
                        "sak postjournal journalføring "
                        "ärende ärendehantering diarie diarium diarieföring journalföring case casework"),
    "archive": ("archive", 1.0, "arkiv arkivering arkivdepot depot bevaring bevarande archive archiving"),
    "document": ("documents", 0.5, "dokument dokumentasjon dokumentation document documentation"),
    "payroll": ("payroll", 1.0, "lønn lønning lön löne lönesystem payroll salary salaries"),
    "hr": ("HR", 1.0, "hr personal personell personaladministrasjon medarbeider medarbetare humanresources"),
    "recruitment": ("recruitment", 1.0, "rekruttering rekrutteringsverktøy rekrytering rekryteringsverktyg "
                                        "rekryteringsverktg recruitment recruiting"),
    "rostering": ("staff scheduling", 1.0, "turnus turnusplan vaktplan vaktplanlegging bemanning "
                                           "arbeidstidsplanlegging schema schemaläggning bemanningssystem "
                                           "roster rostering"),
    "attendance": ("attendance", 1.0, "fravær fraværsføring närvaro frånvaro attendance absence"),
    "time_recording": ("time recording", 1.0, "timeregistrering tidregistrering tidsregistrering "
                                              "tidrapportering tidsrapportering timeliste timesheet"),
    "finance": ("finance and accounting (ERP)", 1.0,
                "økonomi regnskap bokføring reskontro budsjett ekonomi redovisning bokföring budget "
                "erp finance accounting ledger"),
    "invoice": ("invoicing", 1.0, "faktura fakturering fakturabehandling fakturamottak kontering invoice invoicing"),
    "e_commerce": ("e-commerce and ordering", 1.0, "ehandel netthandel bestillingsløsning bestillingssystem "
                                                   "beställningssystem ecommerce"),
    "e_tendering": ("tendering system", 1.0, "konkurransegjennomføring kgv anbudssystem upphandlingssystem "
                                             "upphandlingsverktyg etendering"),
    "planning": ("performance management and planning", 1.0,
                 "virksomhetsstyring virksomhetsplanlegging målstyring styringssystem verksamhetsstyrning "
                 "verksamhetsplanering ledningssystem målstyrning"),
    "quality": ("quality and deviation management", 1.0,
                "kvalitetssystem kvalitetsledelse avvik avvikshåndtering internkontroll hms kvalitetsledning "
                "kvalitetsledningssystem avvikelse avvikelsehantering egenkontroll qualitymanagement deviation"),
    "project": ("project management", 1.0, "prosjektstyring prosjektverktøy projektstyrning projektverktyg "
                                          "projectmanagement"),
    "portfolio": ("portfolio management", 1.0, "portefølje portföljstyrning portfölj portfolio"),
    "survey": ("surveys", 1.0, "spørreundersøkelse spørreskjema undersøkelse enkät undersökning survey"),
    "automation": ("process automation (RPA)", 1.0, "rpa robot robotisering automatisering "
                                                    "prosessautomatisering automation"),
    "analytics": ("reporting and analytics", 1.0, "bi beslutsstøtte statistikk beslutsstöd statistik "
                                                  "dashboard analytics"),
    "benefits": ("staff benefits", 1.0, "förmån förmånsportal löneväxling benefits"),
    "booking": ("booking", 1.0, "booking utleie bokning uthyrning"),
    "interpreting": ("interpreting", 1.0, "tolk tolking tolketjeneste tolkning tolkförmedling interpreting"),
    # school and education
    "school": ("school", 0.5, "skole skol skola grunnskole grundskola elev gymnasium "
                              "undervisning school pupil pupils"),
    "administration": ("administration", 0.3, "administrativ administrasjon administrering administration"),
    "school_admin": ("school administration", 1.0, "sas"),
    "preschool": ("preschool", 1.0, "barnehage förskola preschool kindergarten"),
    "admission": ("admission", 0.5, "opptak inntak antagning intagning admission"),
    "adult_education": ("adult education", 1.0, "voksenopplæring vuxenutbildning vux komvux voksen vuxen"),
    "learning": ("learning platform", 1.0, "læring læringsplattform lärande lärplattform lms learning elearning"),
    "library": ("library", 1.0, "bibliotek library mediatek"),
    # health, care and welfare technology
    "welfare": ("welfare", 0.5, "velferd välfärd welfare"),
    "technology": ("technology", 0.0, "teknologi teknologisk teknik tekniker technology"),
    "welfare_tech": ("welfare technology", 1.0, ""),
    "safety": ("safety", 0.5, "trygghet trygghetsskapande safety"),
    "alarm": ("alarm", 0.5, "alarm larm larmcentral responssenter alarmsentral"),
    "safety_alarm": ("safety alarms", 1.0, ""),
    "monitoring": ("remote supervision", 0.5, "tilsyn nattilsyn tillsyn kamera nattkamera monitoring"),
    "medication": ("medication", 1.0, "medisin medisindispenser legemiddel läkemedel dispenser multidose medication"),
    "care": ("care", 0.5, "omsorg pleie eldreomsorg vård omvårdnad äldreomsorg care"),
    "elderly": ("elderly", 0.5, "eldre äldre elderly"),
    "home_care": ("home care", 1.0, "hjemmetjeneste hjemmesykepleie hjemmebasert hjemmeboende hemtjänst hemsjukvård "
                                     "hemmaboende homecare"),
    "housing": ("housing", 0.5, "bolig omsorgsbolig botilbud sykehjem boende äldreboende sjukhem housing"),
    "health": ("health", 0.5, "helse helsestasjon sykepleie hälsa hälso sjukvård health"),
    "health_record": ("health records", 1.0, "journal pasientjournal epj patientjournal ehr"),
    "child_welfare": ("child welfare", 1.0, "barnevern barnavård"),
    "social": ("social services", 0.5, "sosial sosialtjeneste social socialtjänst bistånd"),
    # citizens, identity, communication
    "e_services": ("e-services and forms", 1.0, "etjeneste eskjema skjema etjänst blankett eservice"),
    "mail": ("mail", 0.5, "post postkasse brevlåda mail"),
    "digital": ("digital", 0.0, "digital digitalt digitale digitala"),
    "digital_mail": ("digital mail", 1.0, "digipost svarut eformidling kivra"),
    "signature": ("e-signature", 1.0, "signatur signering signere underskrift esignatur signature signing"),
    "eid": ("e-ID", 1.0, "eid bankid freja idporten legitimasjon legitimation"),
    "iam": ("identity and access management", 1.0,
            "identitet tilgang tilgangsstyring behörighet behörighetsportal iam mim identity"),
    "web": ("website", 1.0, "nettside nettsted hjemmeside webbplats webb web website cms publisering"),
    "intranet": ("intranet", 1.0, "intranett intranät intranet"),
    "meeting": ("meetings", 1.0, "møte møtebehandling möte sammanträde meeting meetings"),
    "video": ("video conferencing", 1.0, "video videokonferanse videokonferens konferanse konferens conference"),
    "webcast": ("webcasting", 1.0, "webcast webbsändning strømming direktesending strömning streaming"),
    "customer": ("customer service", 1.0, "kunde kundesenter kundeservice servicetorg kund kundtjänst kundservice "
                                       "servicecenter customer"),
    "email": ("e-mail", 1.0, "epost email"),
    "office": ("office software", 1.0, "office kontorstøtte microsoft m365 o365 office365 sharepoint teams"),
    "ai": ("artificial intelligence", 1.0, "ai ki kunstig intelligens artificiell maskinlæring "
                                           "maskininlärning chatbot chattbot"),
    # land, buildings, technical services
    "maps": ("maps and GIS", 1.0, "kart kartløsning karta gis geodata geografisk map maps"),
    "cadastre": ("cadastre", 1.0, "matrikkel lantmäteri fastighetsbildning cadastre"),
    "property": ("property", 0.5, "eiendom eiendomsforvaltning fastighet fastighetsförvaltning fdv property"),
    "building_permit": ("building permits", 1.0, "byggesak byggsak byggesøknad bygglov byggelov"),
    "building": ("buildings", 0.5, "bygg bygge bygning byggnad building"),
    "road": ("roads", 1.0, "vei veg väg road roads"),
    "fault_report": ("fault reporting", 1.0, "feilmelding feilrapportering felanmälan felrapportering"),
    "fire": ("fire safety", 1.0, "brann brannvern brand brandskydd fire"),
    "inspection": ("inspection", 0.5, "inspeksjon besiktning inspection"),
    "energy": ("energy", 1.0, "energi energy"),
    "water": ("water and sewage", 1.0, "vann vannverk avløp vatten avlopp"),
    "parking": ("parking", 1.0, "parkering parking"),
    "food": ("meals and diet", 1.0, "kost kosthold måltid kostdata meal meals"),
    "transport": ("transport", 1.0, "skyss skoleskyss transport skjuts skolskjuts färdtjänst"),
    "vehicles": ("vehicles", 1.0, "kjøretøy bilpark fordon vehicle vehicles fleet"),
    # IT infrastructure, hardware, telecom, services
    "security": ("information security", 1.0, "sikkerhet brannmur säkerhet brandvägg siem soc cyber antivirus "
                                               "firewall security"),
    "backup": ("backup", 1.0, "sikkerhetskopi sikkerhetskopiering säkerhetskopiering backup"),
    "server": ("servers", 1.0, "server servrar datasenter datacenter datahall serverhall servers"),
    "storage": ("storage", 1.0, "lagring storage"),
    "cloud": ("cloud services", 0.5, "sky skytjeneste moln molntjänst cloud saas iaas paas"),
    "operations": ("IT operations", 0.5, "drift hosting driftstjeneste operations"),
    "network": ("network", 1.0, "nettverk nätverk network lan wlan wifi trådløs trådlös switch svitsj "
                                "ruter router"),
    "communication": ("communication", 0.3, "kommunikasjon kommunikation communication"),
    "data": ("data", 0.0, "data"),
    "connectivity": ("data connections (WAN)", 1.0, "wan bredbånd bredband fiber forbindelse förbindelse "
                                                    "datakommunikasjon datakommunikation"),
    "telephony": ("telephony", 1.0, "telefoni telefon sentralbord växel telephone telephony switchboard "
                                    "kontaktsenter kontaktcenter"),
    "mobile": ("mobile", 0.5, "mobil mobile smarttelefon"),
    "subscription": ("subscriptions", 0.5, "abonnement abonnemang subscription subscriptions"),
    "tablet": ("tablets", 1.0, "nettbrett lesebrett surfplatt surfplatta ipad tablet tablets"),
    "computer": ("computers", 1.0, "pc datamaskin bærbar klientmaskin arbeidsstasjon dator chromebook "
                                   "laptop computer computers"),
    "monitor": ("monitors", 0.5, "skjerm skärm monitor"),
    "accessories": ("accessories", 0.5, "tilbehør kringutstyr periferiutstyr tillbehör kringutrustning "
                                        "accessories peripherals"),
    "printing": ("printing", 1.0, "skriver utskrift kopimaskin multifunksjon skrivare kopiator "
                                  "multifunktion printer printers printing print"),
    "av": ("audio-visual equipment", 1.0, "prosjektor projektor lydanlegg ljudanläggning audiovisuell "
                                          "projector"),
    "consultant": ("IT consultants", 1.0, "konsulent konsulenttjeneste rådgivning konsult konsulttjänst "
                                          "consultant consultants consultancy"),
    "iot": ("sensors and IoT", 1.0, "sensor iot"),
}

# Word pairs that together name one thing, inside one compound ("skole|administrativt",
# "kund|ärende|hantering": the parts are then replaced by it) or in two neighbouring
# words ("digital post": it is added).
COMBINATIONS: dict[tuple[str, str], str] = {
    ("school", "administration"): "school_admin",
    ("welfare", "technology"): "welfare_tech",
    ("safety", "alarm"): "safety_alarm",
    ("safety", "technology"): "welfare_tech",
    ("digital", "mail"): "digital_mail",
    ("data", "communication"): "connectivity",
    ("building", "case_management"): "building_permit",
    ("customer", "case_management"): "customer",
    ("hr", "benefits"): "benefits",
}

# A narrower concept also counts, at half its weight, as its broader one: a safety alarm
# is welfare technology, a payroll system is part of HR.
BROADER: dict[str, str] = {
    "safety_alarm": "welfare_tech",
    "medication": "welfare_tech",
    "monitoring": "welfare_tech",
    "school_admin": "school",
    "payroll": "hr",
}

# Recognised so that compounds split ("lønns|system", "e-arkiv|løsning"), but they say
# nothing about what is procured.
GENERIC = (
    "system løsning tjeneste tjenester losning lösning tjänst tjänste solution service services ny nytt nye "
    "nya new anskaffelse anskaffing innkjøp innkjøps upphandling inköp procurement purchase prosjekt projekt "
    "project kjøp köp avtale avtal rammeavtale ramavtal kontrakt agreement contract framework leverandør "
    "leverantör supplier vendor støtte stöd stödtjänst support vedlikehold underhåll maintenance forvaltning "
    "förvaltning management behandling håndtering hantering handling verktøy verktyg tool tools plattform "
    "platform portal modul module program programvare programvara software lisens licens license licence "
    "kommune kommun municipality felles gemensam gemensamma common region regional interkommunal erstatning "
    "ersättning ersättare replacement bytte byte utskifting oppgradering uppgradering upgrade innføring "
    "införande implementation behov need needs dynamisk dynamiskt it ikt ict informasjon information "
    "elektronisk elektroniska electronic register verksamhet virksomhet fag fagsystem pilot pilotprosjekt "
    "pilotprojekt forstudie förstudie utredning kartlegging kartläggning kostnad kostnader produksjon "
    "produktion utbetaling utbetalning endring forandring förändring oppfølging uppföljning maskin sentral "
    "central senter center centrum vern skydd melding meldinger anmälan styring styrning planlegging "
    "planering plan verk utstyr utrustning produkt produkter product products hardware maskinvare hårdvara "
    "ressurs resurs nasjonal nationell teknisk moderne modern effektiv leie hyra innbygger invånare "
    "medborgare borger erstatte ersätta byta ansatt anställd kvalitet quality selvbetjening självservice "
    "selfservice bestilling beställning ordering møterom mötesrum möteslokal"
)

# Function words of the three languages: dropped before anything else.
STOPWORDS = frozenset((
    "og och and i in for för til till av of the a an med with en et ett ei som på fra från det den der de vi "
    "ut om at att er är eller or to sin sitt sine vår vara være blir bli skal ska kan må måste vil vill har "
    "have hos ved vid under over över etter efter før före inn inom innen mellom mellan alle alla all nå nu "
    "også även samt både mer mye mycket flere fler andre andra annen annan dagens dag år nåværende nuvarande "
    "befintlig eksisterende existing current by be is are our we this that from new samme samma same slik "
    "sådan så da när når hvor där var mot mod per via kunne kunna skulle ønsker önskar gjennom genom rundt "
    "runt hele hela ingen inga ikke inte ennå ännu nok bare bara kun endast ca mm osv etc tex bl inkl "
    "inkludert inklusive including trenger behöver mangler saknar gjelder gäller meldes anmäls orientering "
    "information planlagt planerad prøver prövar tester testar utreder utreda vurderer överväger ønskes "
    "önskas bør bör"
).split())

# Letters that may join two parts of a compound ("lønn-s-system", "löne-system").
LINKS = ("s", "e")

# Inflection endings accepted after the last part of a word (already folded: no diacritics).
SUFFIXES = frozenset((
    "e er en et ene a ar arna or orna na n t s r ne ers ens ets es ade te ing ingen ingar inger "
    "ingene ig ige igt isk iske iska lig lige ligt het heten tet ter terna erne erna"
).split())
