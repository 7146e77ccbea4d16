"""Norwegian and Swedish words of municipal IT that the official CPV labels do not use.

CPV has Swedish and Danish labels but no Norwegian ones, and no label says "sak- og arkivsystem",
"læringsplattform" or "ärendehantering". Each key is a word stem as people type it (folded as the
search folds it: ä→æ, ö→ø); a query word containing it also searches the terms, which are words of the
labels (English, Danish or Swedish). Kept small on purpose: the municipal IT words of the seeds that the
labels alone do not find; tests/platform/cpv/test_search_recall.py measures what it adds.
"""

from __future__ import annotations

TERMS: dict[str, tuple[str, ...]] = {
    # records, case handling and archives
    "arkiv": ("arkiv", "document management", "records management"),
    "saksbehandl": ("document management", "records management"),
    "sakssystem": ("document management",),
    "ærendehant": ("dokumenthantering", "document management"),
    "diari": ("dokumenthantering", "records management"),
    "journalfør": ("journalforvaltning", "document management"),
    # schools and learning
    "skole": ("skole", "undervisning", "educational"),
    "skol": ("skol", "undervisning", "educational"),
    "læring": ("læring", "educational software", "e-learning"),
    "lærande": ("lærande", "educational software", "e-learning"),
    "oppvekst": ("educational",),
    # money and people
    "økonomi": ("accounting", "financial", "regnskab", "redovisning"),
    "ekonomi": ("accounting", "financial", "regnskab", "redovisning"),
    "lønn": ("payroll", "lønning"),
    "løn": ("payroll", "lønehantering"),
    "personal": ("human resources", "personnel"),
    "innkjøp": ("purchasing", "procurement"),
    "inkøp": ("purchasing", "procurement"),
    # devices and networks
    "datamaskin": ("computer",),
    "nettbrett": ("tablet computer",),
    "surfplatt": ("tablet computer", "portföljdator"),
    "skriver": ("printer",),
    "nettverk": ("network", "netværk"),
    "nætverk": ("network", "netværk"),
    "mobiltelefon": ("mobiltelefon",),
    "telefoni": ("telephone",),
    # services and software
    "konsulent": ("consultancy", "konsulent"),
    "konsult": ("consultancy", "konsult"),
    "lisens": ("licens", "licence", "license"),
    "programvare": ("software", "programvara", "programpakke"),
    "fagsystem": ("software package", "information systems"),
    "verksamhetssystem": ("software package", "information systems"),
    "e-post": ("e-mail",),
    "epost": ("e-mail",),
    "informasjonssikkerhet": ("security", "sikkerhed"),
    "informationssækerhet": ("security", "sikkerhed"),
    "velferdsteknologi": ("alarm", "health"),
    "helse": ("health", "sundhed", "hælso"),
    "omsorg": ("care", "pleje", "omsorg"),
}
