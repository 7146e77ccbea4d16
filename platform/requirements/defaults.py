"""The default requirement library a region starts from (seed 003, §9.2.4 d and h; §5.1.5; §5.2.2).

Security requirements apply from a level of one aspect upwards (a requirement at confidentiality 2 is
drawn by every procurement whose confidentiality is 2, 3 or 4). The other kinds apply to every
procurement. Texts in bokmål, Swedish and English; the coordinator changes them as new versions.
"""

from __future__ import annotations

# (key, kind, aspect, level, {language: (title, text)})
DEFAULT_LIBRARY = (
    (
        "encryption-in-transit",
        "security",
        "confidentiality",
        1,
        {
            "nb": (
                "Kryptering under overføring",
                "All trafikk til og fra løsningen skal krypteres med TLS 1.2 eller nyere; eldre protokoller og svake chiffer skal være avslått.",
            ),
            "sv": (
                "Kryptering vid överföring",
                "All trafik till och från lösningen ska krypteras med TLS 1.2 eller senare; äldre protokoll och svaga chiffer ska vara avstängda.",
            ),
            "en": (
                "Encryption in transit",
                "All traffic to and from the solution shall be encrypted with TLS 1.2 or later; older protocols and weak ciphers shall be disabled.",
            ),
        },
    ),
    (
        "sub-processors",
        "security",
        "confidentiality",
        1,
        {
            "nb": (
                "Underleverandører",
                "Leverandøren skal oppgi alle underleverandører som behandler kundens data, og varsle minst 30 dager før en ny tas i bruk; kunden kan motsette seg endringen.",
            ),
            "sv": (
                "Underbiträden",
                "Leverantören ska ange alla underbiträden som behandlar kundens data och meddela minst 30 dagar innan ett nytt anlitas; kunden kan invända mot ändringen.",
            ),
            "en": (
                "Sub-processors",
                "The supplier shall name every sub-processor that processes the customer's data and give at least 30 days' notice before engaging a new one; the customer may object.",
            ),
        },
    ),
    (
        "encryption-at-rest",
        "security",
        "confidentiality",
        2,
        {
            "nb": (
                "Kryptering av lagrede data",
                "Data og sikkerhetskopier skal krypteres ved lagring (AES-256 eller tilsvarende), med nøkler forvaltet atskilt fra dataene.",
            ),
            "sv": (
                "Kryptering av lagrade data",
                "Data och säkerhetskopior ska krypteras vid lagring (AES-256 eller motsvarande), med nycklar som förvaltas åtskilt från data.",
            ),
            "en": (
                "Encryption at rest",
                "Data and backups shall be encrypted at rest (AES-256 or equivalent), with keys managed separately from the data.",
            ),
        },
    ),
    (
        "data-location",
        "security",
        "confidentiality",
        2,
        {
            "nb": (
                "Datalokasjon og overføring til tredjeland",
                "Leverandøren skal oppgi hvor data lagres og behandles. Overføring til land utenfor EU/EØS, også ved support, krever en dokumentert vurdering av overføringen (GDPR kapittel V) godkjent av kunden.",
            ),
            "sv": (
                "Datalokalisering och överföring till tredje land",
                "Leverantören ska ange var data lagras och behandlas. Överföring till land utanför EU/EES, även vid support, kräver en dokumenterad överföringsbedömning (GDPR kapitel V) som kunden godkänt.",
            ),
            "en": (
                "Data location and third-country transfer",
                "The supplier shall state where data is stored and processed. Any transfer outside the EU/EEA, support access included, requires a documented transfer impact assessment (GDPR chapter V) approved by the customer.",
            ),
        },
    ),
    (
        "data-in-eea-only",
        "security",
        "confidentiality",
        3,
        {
            "nb": (
                "Behandling kun i EU/EØS",
                "Data skal lagres og behandles kun i EU/EØS, og ingen utenfor EU/EØS skal ha tilgang, heller ikke leverandørens eller underleverandørenes support.",
            ),
            "sv": (
                "Behandling endast inom EU/EES",
                "Data ska lagras och behandlas endast inom EU/EES, och ingen utanför EU/EES ska ha åtkomst, inte heller leverantörens eller underbiträdenas support.",
            ),
            "en": (
                "Processing in the EU/EEA only",
                "Data shall be stored and processed only in the EU/EEA, and no one outside it shall have access, the supplier's and sub-processors' support included.",
            ),
        },
    ),
    (
        "customer-held-keys",
        "security",
        "confidentiality",
        4,
        {
            "nb": (
                "Kundestyrte nøkler",
                "Krypteringsnøklene skal kontrolleres av kunden (egen nøkkelhåndtering eller HSM), slik at leverandøren ikke kan lese data uten kundens medvirkning.",
            ),
            "sv": (
                "Kundstyrda nycklar",
                "Krypteringsnycklarna ska kontrolleras av kunden (egen nyckelhantering eller HSM), så att leverantören inte kan läsa data utan kundens medverkan.",
            ),
            "en": (
                "Customer-held keys",
                "The encryption keys shall be controlled by the customer (its own key management or HSM), so that the supplier cannot read data without the customer.",
            ),
        },
    ),
    (
        "information-security-management",
        "security",
        "integrity",
        2,
        {
            "nb": (
                "Systematisk informasjonssikkerhetsarbeid",
                "Leverandøren skal drive et systematisk, risikobasert informasjonssikkerhetsarbeid etter ISO/IEC 27001 eller tilsvarende, og legge fram dokumentasjon: anvendelseserklæring, siste risikovurdering og siste internrevisjon.",
            ),
            "sv": (
                "Systematiskt informationssäkerhetsarbete",
                "Leverantören ska bedriva ett systematiskt, riskbaserat informationssäkerhetsarbete enligt ISO/IEC 27001 eller motsvarande och redovisa underlag: tillämplighetsförklaring, senaste riskbedömning och senaste internrevision.",
            ),
            "en": (
                "Systematic information-security work",
                "The supplier shall run systematic, risk-based information-security work following ISO/IEC 27001 or equivalent, and show evidence: statement of applicability, latest risk assessment and latest internal audit.",
            ),
        },
    ),
    (
        "certified-isms",
        "security",
        "integrity",
        3,
        {
            "nb": (
                "Sertifisert styringssystem og inntrengingstest",
                "Leverandøren skal ha gyldig ISO/IEC 27001-sertifikat fra et akkreditert organ som dekker tjenesten, og legge fram en uavhengig inntrengingstest fra de siste 12 månedene.",
            ),
            "sv": (
                "Certifierat ledningssystem och penetrationstest",
                "Leverantören ska ha ett giltigt ISO/IEC 27001-certifikat från ett ackrediterat organ som omfattar tjänsten och redovisa ett oberoende penetrationstest från de senaste 12 månaderna.",
            ),
            "en": (
                "Certified management system and penetration test",
                "The supplier shall hold a valid ISO/IEC 27001 certificate from an accredited body covering the service, and show an independent penetration test from the last 12 months.",
            ),
        },
    ),
    (
        "logging",
        "security",
        "traceability",
        1,
        {
            "nb": (
                "Logging og sporbarhet",
                "Løsningen skal logge pålogging, tilgang til og endring av data med hvem, hva og når; loggene skal oppbevares i minst 12 måneder og kunne leveres kunden.",
            ),
            "sv": (
                "Loggning och spårbarhet",
                "Lösningen ska logga inloggning, åtkomst till och ändring av data med vem, vad och när; loggarna ska sparas i minst 12 månader och kunna lämnas ut till kunden.",
            ),
            "en": (
                "Logging and traceability",
                "The solution shall log sign-ins, access to and changes of data with who, what and when; logs shall be kept for at least 12 months and be available to the customer.",
            ),
        },
    ),
    (
        "tamper-evident-logs",
        "security",
        "traceability",
        3,
        {
            "nb": (
                "Manipuleringssikre logger",
                "Loggene skal være beskyttet mot endring og sletting, og kunne sendes fortløpende til kundens loggsystem (SIEM).",
            ),
            "sv": (
                "Manipuleringsskyddade loggar",
                "Loggarna ska vara skyddade mot ändring och radering och kunna skickas löpande till kundens loggsystem (SIEM).",
            ),
            "en": (
                "Tamper-evident logs",
                "Logs shall be protected against change and deletion, and be streamed continuously to the customer's log system (SIEM).",
            ),
        },
    ),
    (
        "backup-restore",
        "security",
        "availability",
        1,
        {
            "nb": (
                "Sikkerhetskopi og gjenoppretting",
                "Data skal sikkerhetskopieres daglig; gjenoppretting skal testes minst årlig og resultatet rapporteres kunden (RPO 24 timer, RTO 72 timer).",
            ),
            "sv": (
                "Säkerhetskopiering och återställning",
                "Data ska säkerhetskopieras dagligen; återställning ska testas minst årligen och resultatet rapporteras till kunden (RPO 24 timmar, RTO 72 timmar).",
            ),
            "en": (
                "Backup and restore",
                "Data shall be backed up daily; restore shall be tested at least yearly and the result reported to the customer (RPO 24 hours, RTO 72 hours).",
            ),
        },
    ),
    (
        "high-availability",
        "security",
        "availability",
        3,
        {
            "nb": (
                "Høy tilgjengelighet",
                "Tjenesten skal ha minst 99,8 % oppetid, sikkerhetskopi på et geografisk atskilt sted, RPO 1 time og RTO 8 timer, med gjenopprettingstest to ganger i året.",
            ),
            "sv": (
                "Hög tillgänglighet",
                "Tjänsten ska ha minst 99,8 % tillgänglighet, säkerhetskopior på en geografiskt åtskild plats, RPO 1 timme och RTO 8 timmar, med återställningstest två gånger per år.",
            ),
            "en": (
                "High availability",
                "The service shall be available at least 99.8 % of the time, with backups at a geographically separate site, RPO 1 hour and RTO 8 hours, and restore tests twice a year.",
            ),
        },
    ),
    (
        "data-portability",
        "security",
        "availability",
        1,
        {
            "nb": (
                "Utlevering av data og dataportabilitet",
                "Kunden eier dataene og skal når som helst, og ved avtalens slutt, kunne hente ut alle data med metadata i åpne, dokumenterte formater uten ekstra kostnad.",
            ),
            "sv": (
                "Utlämning av data och dataportabilitet",
                "Kunden äger data och ska när som helst, och vid avtalets slut, kunna hämta ut alla data med metadata i öppna, dokumenterade format utan extra kostnad.",
            ),
            "en": (
                "Data export and portability",
                "The customer owns the data and shall at any time, and at the end of the contract, be able to export all data with metadata in open, documented formats at no extra cost.",
            ),
        },
    ),
    (
        "accessibility-wcag",
        "accessibility",
        None,
        None,
        {
            "nb": (
                "Universell utforming (WCAG 2.1 AA)",
                "Løsningens brukergrensesnitt skal oppfylle WCAG 2.1 nivå AA (EN 301 549); leverandøren skal legge fram en tilgjengelighetserklæring og rette avvik innen avtalt tid.",
            ),
            "sv": (
                "Tillgänglighet (WCAG 2.1 AA)",
                "Lösningens användargränssnitt ska uppfylla WCAG 2.1 nivå AA (EN 301 549); leverantören ska redovisa en tillgänglighetsredogörelse och åtgärda avvikelser inom avtalad tid.",
            ),
            "en": (
                "Accessibility (WCAG 2.1 AA)",
                "The solution's user interface shall meet WCAG 2.1 level AA (EN 301 549); the supplier shall provide an accessibility statement and fix deviations within an agreed time.",
            ),
        },
    ),
    (
        "exit-strategy",
        "exit",
        None,
        None,
        {
            "nb": (
                "Exitstrategi",
                "Leverandøren skal legge fram en exitplan og bistå ved overgang til ny leverandør i inntil seks måneder etter avtalens slutt, til avtalte priser.",
            ),
            "sv": (
                "Exitstrategi",
                "Leverantören ska redovisa en exitplan och bistå vid övergång till ny leverantör i upp till sex månader efter avtalets slut, till avtalade priser.",
            ),
            "en": (
                "Exit strategy",
                "The supplier shall provide an exit plan and assist the move to a new supplier for up to six months after the contract ends, at agreed prices.",
            ),
        },
    ),
    (
        "crisis-clauses",
        "crisis",
        None,
        None,
        {
            "nb": (
                "Beredskap og krise",
                "Leverandøren skal ha en kontinuitetsplan, prioritere kunden ved krise og kunne kontaktes hele døgnet; planen skal øves årlig.",
            ),
            "sv": (
                "Beredskap och kris",
                "Leverantören ska ha en kontinuitetsplan, prioritera kunden vid kris och kunna nås dygnet runt; planen ska övas årligen.",
            ),
            "en": (
                "Preparedness and crisis",
                "The supplier shall keep a continuity plan, give the customer priority in a crisis and be reachable around the clock; the plan shall be exercised yearly.",
            ),
        },
    ),
)
