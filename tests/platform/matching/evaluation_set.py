"""A labelled evaluation set for the matching engine (issue 3, item 5).

75 needs of 19 municipalities in three regions: Norwegian municipalities writing
Norwegian (Kongsbergregionen), Swedish ones writing Swedish (Södertörn) and a
cross-border region where both languages meet. A further ``HELD_OUT`` block (39 needs
of 12 municipalities in Vest-Telemark and Fyrbodal) was written after the engine had
been tuned on the first block and run once as it stood: pairwise precision 1.00,
recall 0.79 (it missed a backup/storage pair bought under different categories and
a care-records need worded without "journal"). Both blocks are measured. Needs are modelled on the procurement
plan lines of seed 003 §9.1 and the routine of seed 002. ``TRUE_GROUPS`` lists which
needs belong in one joint procurement; every other need should stay alone. Among them
are hard negatives: same category and CPV but a different thing (building permits vs
case and archive, learning platform vs school administration, a customer-service
case system vs a records system), the same thing years apart, and mobile phones
(hardware) vs mobile subscriptions (telecom).
"""
from __future__ import annotations

from datetime import date

from samverka.platform.matching.engine import NeedFeatures

TODAY = date(2025, 9, 1)

KONGSBERGREGIONEN, SODERTORN, GRANSREGIONEN = 1, 2, 3
REGION_OF = {
    # Kongsbergregionen (NO)
    101: KONGSBERGREGIONEN, 102: KONGSBERGREGIONEN, 103: KONGSBERGREGIONEN, 104: KONGSBERGREGIONEN,
    105: KONGSBERGREGIONEN, 106: KONGSBERGREGIONEN, 107: KONGSBERGREGIONEN,
    # Södertörn (SE)
    201: SODERTORN, 202: SODERTORN, 203: SODERTORN, 204: SODERTORN, 205: SODERTORN, 206: SODERTORN,
    # a cross-border region: Arvika, Eda, Årjäng (SE); Kongsvinger, Eidskog, Åsnes (NO)
    301: GRANSREGIONEN, 302: GRANSREGIONEN, 303: GRANSREGIONEN,
    304: GRANSREGIONEN, 305: GRANSREGIONEN, 306: GRANSREGIONEN,
    # held out: Vest-Telemark (NO), Fyrbodal (SE)
    **{tenant: 4 for tenant in range(401, 407)}, **{tenant: 5 for tenant in range(501, 507)},
}
(KONGSBERG, FLESBERG, ROLLAG, NORE_OG_UVDAL, NOTODDEN, HJARTDAL, TINN) = range(101, 108)
(HUDDINGE, BOTKYRKA, HANINGE, NYNASHAMN, SALEM, TYRESO) = range(201, 207)
(ARVIKA, EDA, ARJANG, KONGSVINGER, EIDSKOG, ASNES) = range(301, 307)
(TOKKE, VINJE, SELJORD, KVITESEID, NISSEDAL, FYRESDAL) = range(401, 407)
(UDDEVALLA, TROLLHATTAN, VANERSBORG, LYSEKIL, STROMSTAD, TANUM) = range(501, 507)

BUSINESS, HARDWARE, SERVICE, WELFARE = "business_systems", "it_hardware", "it_as_a_service", "welfare_technology"
CONSULTANTS, TELECOM, OTHER = "it_consultants", "telecom", "other_it"


def _need(need_id, tenant, kind, category, cpv, title, description, *, start=None, end=None, ext=None,
          solution=None, supplier=None) -> NeedFeatures:
    return NeedFeatures(need_id, tenant, REGION_OF[tenant], kind, category, tuple(cpv.split()), title,
                        description, start, end, ext, solution, supplier)


NEEDS = [
    # --- Kongsbergregionen --------------------------------------------------------------
    _need(1001, NOTODDEN, "replacement", BUSINESS, "48000000 48311000", "Nytt sak- og arkivsystem",
          "Dagens sak- og arkivsystem må erstattes. Vi trenger en løsning for saksbehandling, journalføring "
          "og elektronisk arkiv med avlevering til arkivdepot.",
          end=date(2026, 12, 31), ext=date(2027, 12, 31), solution="ePhorte", supplier="Sikri AS"),
    _need(1002, TINN, "replacement", BUSINESS, "48311000", "Erstatte sak/arkiv",
          "Tinn kommune ønsker å bytte saksbehandlingssystem og arkivløsning; nåværende løsning er kostbar.",
          start="2027-Q4", solution="Elements", supplier="Sikri"),
    _need(1003, HJARTDAL, "new", BUSINESS, "48000000", "Saksbehandling og arkiv i skyen",
          "Vi mangler en moderne løsning for journalføring og arkiv og ønsker en skybasert sak-arkivløsning "
          "etter Noark 5.", start="2028-Q1"),
    _need(1004, KONGSBERG, "replacement", BUSINESS, "48450000", "Lønns- og personalsystem",
          "Ny løsning for lønn, personaladministrasjon og reiseregning. Dagens avtale kan forlenges ett år.",
          end=date(2027, 6, 30), ext=date(2028, 6, 30), solution="Visma Enterprise HRM",
          supplier="Visma Enterprise AS"),
    _need(1005, ROLLAG, "new", BUSINESS, "48450000", "Nytt lønnssystem",
          "Rollag trenger et lønnssystem med selvbetjening for ansatte og integrasjon mot økonomi.",
          start="2028-Q1"),
    _need(1006, FLESBERG, "new", WELFARE, "35121700 33196200", "Digitale trygghetsalarmer",
          "Overgang fra analoge til digitale trygghetsalarmer for hjemmeboende eldre, med responssenter "
          "og digitalt tilsyn.", start="2026-Q4"),
    _need(1007, NORE_OG_UVDAL, "new", WELFARE, "33196200", "Velferdsteknologi i hjemmetjenesten",
          "Anskaffe velferdsteknologiske løsninger: trygghetsalarm, elektronisk medisindispenser og sensorer.",
          start="2027-Q1"),
    _need(1008, NOTODDEN, "initiative", WELFARE, "", "Pilot: digitalt tilsyn og trygghetsteknologi",
          "Notodden prøver ut nattkamera og digitalt tilsyn i omsorgsboliger. Ingen anskaffelse planlagt "
          "ennå; meldes til orientering."),
    _need(1009, KONGSBERG, "replacement", SERVICE, "30120000 50313000", "Utskrift som tjeneste",
          "Leie av multifunksjonsskrivere med service, forbruksmateriell og sikker utskrift.",
          end=date(2026, 8, 31), ext=date(2027, 2, 28), supplier="Canon Norge AS"),
    _need(1010, TINN, "new", HARDWARE, "30120000 30232100", "Skrivere og kopimaskiner",
          "Tinn skal fornye skriverparken i rådhuset, skolene og sykehjemmet og vurderer en leieavtale.",
          start="2026-Q4"),
    _need(1011, FLESBERG, "replacement", BUSINESS, "48190000", "Skoleadministrativt system",
          "Bytte av skoleadministrativt system (SAS) for grunnskolen: elevregister, fravær, vurdering og "
          "timeplan.", end=date(2027, 7, 31), solution="Visma Flyt Skole", supplier="Visma"),
    _need(1012, ROLLAG, "replacement", BUSINESS, "48190000", "Elevadministrativt system for grunnskolen",
          "Nåværende løsning for elevadministrasjon, karakterer og fraværsføring må erstattes.",
          end=date(2027, 7, 31), solution="Visma Flyt Skole", supplier="Visma Software AS"),
    _need(1013, HJARTDAL, "new", BUSINESS, "48000000", "System for skoleadministrasjon",
          "Felles skoleadministrativt verktøy med foreldrekommunikasjon og fraværsregistrering.",
          start="2027-Q3"),
    _need(1014, KONGSBERG, "replacement", HARDWARE, "30213000 30231300", "PC-er og bærbare datamaskiner",
          "Rammeavtale for bærbare og stasjonære PC-er, skjermer og tilbehør til administrasjonen.",
          end=date(2026, 10, 31), ext=date(2027, 10, 31)),
    _need(1015, NOTODDEN, "new", HARDWARE, "30200000", "Datamaskiner og skjermer",
          "Innkjøp av klientmaskiner til ansatte i kommunen, inkludert dokkingstasjoner.", start="2027-Q1"),
    _need(1016, HJARTDAL, "new", HARDWARE, "30213100", "Elev-PC-er til ungdomsskolen",
          "Bærbare maskiner (Chromebook) til elevene på 8.-10. trinn.", start="2026-Q3"),
    _need(1017, KONGSBERG, "new", BUSINESS, "48440000", "Nytt økonomisystem (ERP)",
          "Regnskap, budsjett, fakturabehandling og innkjøp i én løsning.", start="2028-Q1",
          solution="Agresso", supplier="Unit4"),
    _need(1018, NOTODDEN, "new", BUSINESS, "48000000", "Byggesaksbehandling",
          "Fagsystem for byggesaker, delingssaker og tilsyn etter plan- og bygningsloven.", start="2027-Q4"),
    _need(1019, NORE_OG_UVDAL, "replacement", BUSINESS, "48450000", "Lønnssystem",
          "Nytt lønnssystem når dagens avtale går ut ved utgangen av 2030.",
          end=date(2030, 12, 31), start="2031-Q1"),
    _need(1020, TINN, "new", BUSINESS, "48326000", "Kartløsning og GIS",
          "Innsynsløsning for kart og geodata, matrikkel og planregister.", start="2027-Q2"),
    _need(1021, FLESBERG, "replacement", TELECOM, "64212000", "Mobilabonnement",
          "Avtale om mobiltelefoni og mobilt bredbånd for ansatte.", end=date(2026, 3, 31)),
    _need(1022, ROLLAG, "new", HARDWARE, "32250000", "Mobiltelefoner og nettbrett",
          "Innkjøp av smarttelefoner og nettbrett til hjemmetjenesten.", start="2026-Q2"),
    _need(1023, HJARTDAL, "initiative", OTHER, "", "Kartlegging av informasjonssikkerhet",
          "Internt prosjekt for risikovurdering og internkontroll av informasjonssikkerhet; ingen anskaffelse."),
    _need(1024, KONGSBERG, "new", BUSINESS, "48190000", "Læringsplattform",
          "Ny læringsplattform for grunnskolen med vurdering og innleveringer.", start="2027-Q3"),
    _need(1025, NORE_OG_UVDAL, "new", CONSULTANTS, "72000000", "Rammeavtale for IT-konsulenter",
          "Konsulentbistand ved behov til prosjekter og drift.", start="2026-Q4"),
    _need(1026, FLESBERG, "new", BUSINESS, "48000000", "Turnus og bemanning i helse og omsorg",
          "Verktøy for turnusplanlegging, vaktbytte og bemanning.", start="2027-Q2"),
    # --- Södertörn ----------------------------------------------------------------------------
    _need(2001, HUDDINGE, "new", BUSINESS, "48000000", "E-arkiv",
          "Upphandling av e-arkiv för långtidsbevarande av allmänna handlingar, med integrationer mot "
          "verksamhetssystemen.", start="2027-Q4"),
    _need(2002, BOTKYRKA, "replacement", BUSINESS, "48311000 48329000", "E-arkiv och informationsförvaltning",
          "Nuvarande e-arkivtjänst ska ersättas; behov av arkivering, sökning och gallring.",
          end=date(2027, 12, 31), supplier="Formpipe Software AB"),
    _need(2003, HANINGE, "new", BUSINESS, "48000000", "Digitalt arkiv – e-arkivlösning",
          "Vi behöver en e-arkivlösning för bevarande av digitala handlingar från ärendehanteringssystemet.",
          start="2028-Q1"),
    _need(2004, NYNASHAMN, "replacement", BUSINESS, "48000000", "Nytt ärendehanteringssystem",
          "Diariesystemet ersätts av ett modernt ärendehanterings- och diarieföringssystem.",
          end=date(2026, 11, 21), ext=date(2027, 11, 21), solution="W3D3", supplier="Formpipe Software AB"),
    _need(2005, SALEM, "replacement", BUSINESS, "48311000", "Diarium och ärendehantering",
          "Byte av diarium; dagens avtal löper ut.", end=date(2027, 6, 30), solution="Public 360",
          supplier="Tietoevry Sweden AB"),
    _need(2006, HANINGE, "replacement", BUSINESS, "48450000", "Lönesystem",
          "Upphandling av lönesystem inklusive självservice för chefer och medarbetare.",
          end=date(2027, 3, 31), ext=date(2028, 3, 31), solution="Heroma", supplier="CGI Sverige AB"),
    _need(2007, SALEM, "new", BUSINESS, "48450000", "Löne- och personalsystem (HR)",
          "Personaladministration, lön och schemaläggning i ett system.", start="2028-Q2"),
    _need(2008, BOTKYRKA, "replacement", WELFARE, "35121700", "Trygghetslarm",
          "Digitala trygghetslarm med larmmottagning för äldre i ordinärt boende.",
          end=date(2026, 9, 30), supplier="Tunstall Nordic AB"),
    _need(2009, TYRESO, "new", WELFARE, "33196200 35121700", "Välfärdsteknik: digital tillsyn och trygghetslarm",
          "Kameratillsyn nattetid och larm för hemtjänstens brukare.", start="2026-Q4"),
    _need(2010, NYNASHAMN, "initiative", WELFARE, "", "Förstudie välfärdsteknik",
          "Kartläggning av behov av välfärdsteknik inom äldreomsorgen, t.ex. läkemedelsautomater och "
          "sensorer. Ingen upphandling planerad ännu."),
    _need(2011, HUDDINGE, "replacement", SERVICE, "30120000 79810000", "Utskrift som tjänst",
          "Skrivare och multifunktionsskrivare som tjänst inklusive förbrukningsmaterial och support.",
          end=date(2024, 12, 13), supplier="Ricoh Sverige AB"),
    _need(2012, NYNASHAMN, "new", SERVICE, "30121200", "Skrivare och kopiatorer som tjänst",
          "Hyra av kopiatorer och skrivare till skolor och förvaltningar.", start="2026-Q3", supplier="Ricoh"),
    _need(2013, TYRESO, "replacement", BUSINESS, "48190000", "Elevadministrativt system",
          "Ersättning av elevregister, närvarohantering och betygsadministration för grundskola och gymnasium.",
          end=date(2027, 6, 30), solution="Procapita Utbildning", supplier="Tietoevry"),
    _need(2014, SALEM, "new", BUSINESS, "48190000", "Skoladministrativt system",
          "Nytt system för skoladministration: schemaläggning, frånvaro och betyg.", start="2027-Q3"),
    _need(2015, HUDDINGE, "new", CONSULTANTS, "72000000", "Dynamiskt inköpssystem för IT-konsulter",
          "Behov av avtal för IT-konsulter inom utveckling, förvaltning och projektledning.", start="2026-Q2"),
    _need(2016, BOTKYRKA, "replacement", CONSULTANTS, "72000000 72200000", "Ramavtal IT-konsulttjänster",
          "Nuvarande ramavtal för IT-konsulter löper ut; behov av resurskonsulter inom IT.",
          end=date(2026, 6, 30)),
    _need(2017, HANINGE, "replacement", HARDWARE, "30213000", "Datorer och kringutrustning",
          "Bärbara datorer, skärmar och tillbehör till kommunens medarbetare.", end=date(2026, 12, 31)),
    _need(2018, NYNASHAMN, "new", HARDWARE, "30213100", "Bärbara datorer till skolan",
          "Elevdatorer (Chromebooks) för årskurs 4–9.", start="2027-Q1"),
    _need(2019, HUDDINGE, "new", BUSINESS, "48000000", "Kundärendehanteringssystem",
          "System för kontaktcenter: registrering av invånarnas frågor och ärenden till kundtjänst.",
          start="2027-Q4"),
    _need(2020, BOTKYRKA, "new", BUSINESS, "48326000", "Kartproduktionssystem",
          "System för kartproduktion och geodata för stadsbyggnad.", start="2027-Q2"),
    _need(2021, SALEM, "new", BUSINESS, "48000000", "Förmånsportal",
          "Portal för personalförmåner och löneväxling.", start="2027-Q3"),
    _need(2022, TYRESO, "new", BUSINESS, "48000000", "Kostdatasystem",
          "Recept, menyplanering och näringsberäkning för skolmåltider.", start="2027-Q1"),
    _need(2023, NYNASHAMN, "new", BUSINESS, "48440000", "Ekonomisystem",
          "Nytt ekonomisystem: redovisning, budget och e-handel.", start="2027-Q2"),
    _need(2024, HANINGE, "new", BUSINESS, "48440000", "Ekonomisystem",
          "Upphandling av nytt ekonomisystem med redovisning och fakturahantering.", start="2030-Q4"),
    _need(2025, HUDDINGE, "replacement", TELECOM, "64210000 64212000", "Kommunikation som tjänst",
          "Telefoni, växel och mobilabonnemang som tjänst.", end=date(2026, 11, 15)),
    _need(2026, TYRESO, "new", HARDWARE, "32250000", "Mobiltelefoner, surfplattor och tillbehör",
          "Inköp av mobiltelefoner och surfplattor till skolor och hemtjänst.", start="2026-Q4"),
    _need(2027, SALEM, "initiative", OTHER, "", "AI-pilot för potthålsregistrering",
          "Pilotprojekt med artificiell intelligens för skaderegistrering av potthål."),
    # --- the cross-border region ------------------------------------------------------------
    _need(3001, KONGSVINGER, "replacement", BUSINESS, "48311000", "Sak- og arkivsystem",
          "Erstatning av dagens løsning for saksbehandling og arkiv; krav til Noark 5 og eInnsyn.",
          end=date(2027, 12, 31), solution="Public 360", supplier="Tietoevry Norway AS"),
    _need(3002, ARVIKA, "replacement", BUSINESS, "48311000", "Ärendehanteringssystem och e-arkiv",
          "Diarieföring, ärendehantering och e-arkiv; dagens system ska ersättas.",
          end=date(2028, 3, 31), solution="Public 360", supplier="Tietoevry Sweden AB"),
    _need(3003, EIDSKOG, "new", BUSINESS, "48000000", "Ny sak/arkivløsning",
          "Eidskog trenger et nytt system for saksbehandling, journalføring og elektronisk arkiv.",
          start="2028-Q2"),
    _need(3004, ASNES, "replacement", BUSINESS, "48450000", "Lønnssystem",
          "Dagens lønnssystem må erstattes.", end=date(2027, 12, 31), solution="Visma Lønn", supplier="Visma"),
    _need(3005, EDA, "new", BUSINESS, "48450000", "Lönesystem",
          "Ett nytt lönesystem med stöd för lönekörning och lönerevision.", start="2028-Q1"),
    _need(3006, EIDSKOG, "new", WELFARE, "33196200", "Velferdsteknologi",
          "Trygghetsalarmer, digitalt tilsyn og lokaliseringsteknologi (GPS) til hjemmeboende.",
          start="2027-Q1"),
    _need(3007, ARJANG, "replacement", WELFARE, "35121700", "Välfärdsteknik – trygghetslarm",
          "Byte av trygghetslarm och larmcentral för hemtjänsten.", end=date(2026, 12, 31),
          supplier="Careium Sverige AB"),
    _need(3008, KONGSVINGER, "new", BUSINESS, "48190000", "Skoleadministrativt system",
          "Felles skoleadministrativt system for grunnskole og voksenopplæring.", start="2028-Q1"),
    _need(3009, ARVIKA, "replacement", BUSINESS, "48190000", "Elevadministrativt system",
          "Ersätta systemet för elevadministration, närvaro och betyg.", end=date(2027, 12, 31)),
    _need(3010, ASNES, "new", BUSINESS, "48326000", "Kartløsning og GIS",
          "Kartløsning for saksbehandlere og innbyggere, med geodata og matrikkel.", start="2027-Q4"),
    _need(3011, EDA, "replacement", BUSINESS, "48326100", "Kartproduktionssystem",
          "GIS för kartproduktion och geodata; nuvarande avtal löper ut.",
          end=date(2027, 2, 28), ext=date(2028, 2, 28)),
    _need(3012, ARJANG, "replacement", TELECOM, "64210000", "Telefoni och växel",
          "Växeltjänst och IP-telefoni för kommunens verksamheter.", end=date(2027, 3, 31)),
    _need(3013, KONGSVINGER, "new", TELECOM, "64210000", "Telefoni og sentralbord",
          "Ny løsning for sentralbord og telefoni, integrert med Teams.", start="2027-Q2"),
    _need(3014, ARVIKA, "initiative", BUSINESS, "", "Förstudie robotisering (RPA)",
          "Vi utreder automatisering av arbetsprocesser med RPA inom ekonomi och HR."),
    _need(3015, EIDSKOG, "initiative", BUSINESS, "", "Prosjekt: robotisering av prosesser",
          "Eidskog prøver ut RPA for automatisering av rutineoppgaver."),
    _need(3016, EDA, "new", BUSINESS, "48000000", "Bokningssystem för lokaler",
          "Bokning av idrottshallar och möteslokaler.", start="2027-Q1"),
    _need(3017, ASNES, "new", BUSINESS, "48161000", "Bibliotekssystem",
          "Nytt biblioteksystem for folkebibliotek og skolebibliotek.", start="2027-Q3"),
    _need(3018, ARJANG, "new", HARDWARE, "32420000", "Nätverk och trådlöst",
          "Switchar och trådlösa accesspunkter till skolor och förvaltning.", start="2026-Q4"),
    _need(3019, KONGSVINGER, "new", BUSINESS, "48450000", "Lønnssystem",
          "Nytt lønnssystem ved neste kontraktsperiode.", start="2031-Q2"),
    _need(3020, EIDSKOG, "new", BUSINESS, "48000000", "Kvalitetssystem og avvikshåndtering",
          "System for internkontroll, avviksmeldinger og HMS.", start="2027-Q3"),
    _need(3021, ARVIKA, "new", OTHER, "48224000", "Webbplats och intranät",
          "Ny webbplats och nytt intranät med publiceringsverktyg.", start="2027-Q1"),
    _need(3022, ASNES, "initiative", WELFARE, "", "Velferdsteknologiprogram",
          "Åsnes kartlegger behov for trygghetsalarmer og digitalt tilsyn; meldes til orientering."),
]

TRUE_GROUPS = [
    {1001, 1002, 1003},        # case and archive
    {1004, 1005},              # payroll and HR
    {1006, 1007, 1008},        # welfare technology, with an initiative
    {1009, 1010},              # printers, one as a service and one bought
    {1011, 1012, 1013},        # school administration
    {1014, 1015, 1016},        # PCs
    {2001, 2002, 2003},        # e-archive
    {2004, 2005},              # case management and registry
    {2006, 2007},              # payroll
    {2008, 2009, 2010},        # safety alarms, with an initiative
    {2011, 2012},              # printing as a service
    {2013, 2014},              # school administration
    {2015, 2016},              # IT consultants
    {2017, 2018},              # PCs
    {3001, 3002, 3003},        # case and archive across the border
    {3004, 3005},              # payroll across the border
    {3006, 3007, 3022},        # welfare technology across the border, with an initiative
    {3008, 3009},              # school administration across the border
    {3010, 3011},              # maps and GIS across the border
    {3012, 3013},              # telephony across the border
    {3014, 3015},              # two RPA initiatives: duplicate work
]


HELD_OUT = [
    _need(4001, VINJE, "new", BUSINESS, "48000000", "Elektronisk signering",
          "Løsning for digital signering av avtaler og vedtak med BankID.", start="2026-Q4"),
    _need(4002, SELJORD, "new", BUSINESS, "48000000", "E-signatur for kommunen",
          "Vi trenger en tjeneste for elektronisk signatur integrert med sak/arkiv.", start="2027-Q3"),
    _need(4003, TOKKE, "replacement", HARDWARE, "30233000", "Lagring og sikkerhetskopi",
          "Ny lagringsløsning og backup for servere i datarommet.", end=date(2026, 12, 31)),
    _need(4004, KVITESEID, "new", OTHER, "48710000", "Backupløsning",
          "Sikkerhetskopiering av Microsoft 365 og fagsystemer til sky.", start="2027-Q1"),
    _need(4005, NISSEDAL, "replacement", BUSINESS, "48180000", "Journalsystem for helse og omsorg",
          "Erstatte dagens EPJ for hjemmesykepleie og sykehjem.", end=date(2027, 6, 30), solution="Gerica",
          supplier="Tieto"),
    _need(4006, FYRESDAL, "replacement", BUSINESS, "48180000", "Elektronisk pasientjournal (EPJ)",
          "Ny pasientjournal for pleie og omsorg samt helsestasjon.", end=date(2027, 12, 31), solution="Gerica"),
    _need(4007, VINJE, "new", BUSINESS, "48000000", "Fagsystem for pleie og omsorg",
          "Dokumentasjon av tjenester i hjemmetjenesten og institusjon.", start="2028-Q1"),
    _need(4008, TOKKE, "new", BUSINESS, "48000000", "Fagsystem for barnevern",
          "Saksbehandling og dokumentasjon i barneverntjenesten.", start="2027-Q2"),
    _need(4009, SELJORD, "replacement", BUSINESS, "48000000", "Barnevernssystem",
          "Dagens barnevernssystem må byttes.", end=date(2027, 9, 30), solution="Familia", supplier="Visma"),
    _need(4010, KVITESEID, "replacement", HARDWARE, "32420000", "Trådløst nettverk i skolene",
          "Utskifting av aksesspunkter og svitsjer.", end=date(2026, 6, 30)),
    _need(4011, NISSEDAL, "new", HARDWARE, "32420000", "Nettverksutstyr",
          "Brannmur, svitsjer og trådløst nett til rådhus og skoler.", start="2027-Q1"),
    _need(4012, VINJE, "initiative", OTHER, "", "Innbyggerdialog med chatbot",
          "Vinje tester en chatbot (KI) på nettsidene."),
    _need(4013, FYRESDAL, "initiative", OTHER, "", "Prosjekt kunstig intelligens i kundesenteret",
          "Utprøving av KI-assistent for å svare innbyggere."),
    _need(4014, TOKKE, "new", BUSINESS, "48000000", "Møtesystem for politiske møter",
          "Løsning for møtebehandling, innkalling og protokoll for politiske utvalg.", start="2027-Q4"),
    _need(4015, SELJORD, "new", TELECOM, "64210000", "Fiberforbindelser mellom kommunale bygg",
          "Leie av mørk fiber mellom rådhus, skoler og sykehjem.", start="2026-Q4"),
    _need(4016, KVITESEID, "new", BUSINESS, "48000000", "Depotløsning for elektronisk arkiv",
          "Avlevering av historiske arkiver til interkommunalt arkivdepot.", start="2028-Q2"),
    _need(4017, NISSEDAL, "new", BUSINESS, "48000000", "Timeregistrering og fravær",
          "System for registrering av arbeidstid og fravær for ansatte.", start="2027-Q3"),
    _need(4018, VINJE, "new", HARDWARE, "32250000", "Mobiltelefoner", "Smarttelefoner til ansatte.", start="2026-Q4"),
    _need(4019, FYRESDAL, "new", BUSINESS, "48000000", "Barnehageadministrasjon",
          "Opptak, foreldrebetaling og kommunikasjon for barnehagene.", start="2027-Q2"),
    _need(5001, UDDEVALLA, "new", BUSINESS, "48000000", "Digital post",
          "Anslutning till Mina meddelanden för utskick av digital post till invånare.", start="2027-Q1"),
    _need(5002, LYSEKIL, "new", BUSINESS, "48000000", "Tjänst för digitala utskick",
          "Skicka beslut och brev digitalt till invånarnas digitala brevlådor (Kivra m.fl.).", start="2027-Q2"),
    _need(5003, TROLLHATTAN, "replacement", BUSINESS, "48000000", "E-tjänsteplattform",
          "Plattform för e-tjänster och digitala blanketter med BankID-inloggning.", end=date(2027, 4, 30),
          solution="Abou"),
    _need(5004, TANUM, "new", BUSINESS, "48000000", "Plattform för e-tjänster",
          "Självservice för invånare: ansökningar och formulär.", start="2027-Q4"),
    _need(5005, VANERSBORG, "new", BUSINESS, "48000000", "System för systematiskt brandskyddsarbete",
          "Besiktning, egenkontroller och brandskyddsdokumentation i kommunens fastigheter.", start="2027-Q2"),
    _need(5006, STROMSTAD, "new", BUSINESS, "48000000", "Brandskyddskontroll",
          "Digitalt stöd för brandskyddsronder och besiktningsprotokoll.", start="2027-Q4"),
    _need(5007, UDDEVALLA, "replacement", BUSINESS, "48000000", "Enkätverktyg",
          "Verktyg för medarbetar- och brukarenkäter.", end=date(2028, 4, 30)),
    _need(5008, TROLLHATTAN, "new", BUSINESS, "48000000", "Enkät- och undersökningsverktyg",
          "Webbenkäter till invånare och personal.", start="2028-Q2"),
    _need(5009, LYSEKIL, "replacement", HARDWARE, "48820000", "Servrar och lagring",
          "Ramavtal för servrar, lagring och tillhörande konsulttjänster.", end=date(2026, 12, 31)),
    _need(5010, TANUM, "new", HARDWARE, "48820000 30233000", "Serverhall: servrar och lagringssystem",
          "Nya servrar och lagring till kommunens serverhall.", start="2027-Q2"),
    _need(5011, VANERSBORG, "new", BUSINESS, "48000000", "Rekryteringssystem",
          "Stöd för annonsering, urval och anställning.", start="2027-Q3"),
    _need(5012, STROMSTAD, "new", BUSINESS, "48000000", "Rekryteringsverktyg",
          "Verktyg för att hantera rekryteringar och ansökningar.", start="2028-Q1"),
    _need(5013, UDDEVALLA, "new", BUSINESS, "48000000", "Ärendehantering för bygglov",
          "System för bygglovshandläggning och tillsyn.", start="2027-Q3"),
    _need(5014, TROLLHATTAN, "new", BUSINESS, "48000000", "Färdtjänst och skolskjuts",
          "Planering och beställning av skolskjuts och färdtjänstresor.", start="2027-Q2"),
    _need(5015, VANERSBORG, "new", WELFARE, "33196200", "Läkemedelsautomater",
          "Automatiserad läkemedelsutdelning i hemtjänsten.", start="2027-Q1"),
    _need(5016, LYSEKIL, "replacement", TELECOM, "64212000", "Mobilabonnemang",
          "Abonnemang för mobiltelefoni till anställda.", end=date(2026, 10, 31)),
    _need(5017, TANUM, "new", BUSINESS, "48440000", "Ekonomisystem", "Redovisning, budget och leverantörsfakturor.",
          start="2027-Q1"),
    _need(5018, STROMSTAD, "new", BUSINESS, "48440000", "Ekonomisystem",
          "Nytt ekonomisystem när nuvarande avtal löper ut.", start="2031-Q1"),
    _need(5019, UDDEVALLA, "initiative", OTHER, "", "Informationssäkerhetsarbete",
          "Införande av ledningssystem för informationssäkerhet (LIS)."),
    _need(5020, TROLLHATTAN, "new", BUSINESS, "48000000", "Kostdatasystem",
          "Planering av måltider i skola och äldreomsorg.", start="2027-Q1"),
]

HELD_OUT_GROUPS = [
    {4001, 4002},              # e-signature
    {4003, 4004},              # backup: storage hardware and a backup service
    {4005, 4006, 4007},        # care records
    {4008, 4009},              # child welfare
    {4010, 4011},              # network equipment
    {4012, 4013},              # two AI initiatives: duplicate work
    {5001, 5002},              # digital mail
    {5003, 5004},              # e-services
    {5005, 5006},              # fire safety
    {5007, 5008},              # surveys
    {5009, 5010},              # servers and storage
    {5011, 5012},              # recruitment
]
