"""Demo data: Kongsbergregionen, its seven municipalities, partners and one persona per role.

Identity numbers here are synthetic and exist only for the development e-ID
provider. Organisation numbers pass the mod-11 check; confirm them against the
Brønnøysund register before using them for anything real.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select

from samverka.devtools.demo.content import load_demo_content
from samverka.platform.audit.services import record
from samverka.platform.auth.identity import identity_hash
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.thresholds.services.thresholds import seed_thresholds
from samverka.tenants.models import PartnerOrganisation, Region, RegionMembership, RoleAssignment, Tenant, User

REGION = "Kongsbergregionen"
# name, municipality number (2024), organisation number, population (SSB, 1 Jan 2024, rounded)
MUNICIPALITIES = (
    ("Kongsberg", "3303", "942402465", 28200),
    ("Flesberg", "3334", "964962766", 2750),
    ("Rollag", "3336", "964962944", 1400),
    ("Nore og Uvdal", "3338", "964962928", 2450),
    ("Notodden", "4005", "964963193", 13100),
    ("Hjartdal", "4024", "964963258", 1600),
    ("Tinn", "4026", "964963738", 5700),
)
# Name, kind, organisation number, and whether it receives the signed papers of each delivery: the shared IT
# service budgets the maintenance from them (seed 002, step 11).
PARTNERS = (
    ("K-IKT", "shared_it_service", "913505727", True),
    ("Arkivnettverket", "archive_network", None, False),
)


@dataclass(frozen=True)
class DemoPersona:
    pid: str
    name: str
    email: str
    role: str
    scope: str  # a municipality, partner or region name; "" for the operator


PERSONAS = (
    DemoPersona("01018012345", "Olav Drift", "olav.drift@samverka.example", "operator", ""),
    DemoPersona("02028012345", "Kari Nordmann", "kari.nordmann@kongsbergregionen.example", "coordinator", REGION),
    DemoPersona("03038012345", "Per Innkjøp", "per.innkjop@kongsbergregionen.example", "purchaser", REGION),
    DemoPersona("04048012345", "Ingrid Haugen", "ingrid.haugen@flesberg.example", "chief_executive", "Flesberg"),
    # The rest of the council of chief executives (rådmannsutvalget): one per member municipality.
    DemoPersona("09098012345", "Kjetil Moen", "kjetil.moen@kongsberg.example", "chief_executive", "Kongsberg"),
    DemoPersona("10108012345", "Anne Rustad", "anne.rustad@rollag.example", "chief_executive", "Rollag"),
    DemoPersona("11118012345", "Geir Uvdal", "geir.uvdal@noreoguvdal.example", "chief_executive", "Nore og Uvdal"),
    DemoPersona("12128012345", "Hilde Sauar", "hilde.sauar@notodden.example", "chief_executive", "Notodden"),
    DemoPersona("13018112345", "Ola Tuddal", "ola.tuddal@hjartdal.example", "chief_executive", "Hjartdal"),
    DemoPersona("14028112345", "Marit Vestfjord", "marit.vestfjord@tinn.example", "chief_executive", "Tinn"),
    DemoPersona("05058012345", "Lars Berg", "lars.berg@flesberg.example", "it_coordinator", "Flesberg"),
    DemoPersona("06068012345", "Nina Lie", "nina.lie@notodden.example", "it_coordinator", "Notodden"),
    DemoPersona("07078012345", "Tor Rjukan", "tor.rjukan@tinn.example", "it_coordinator", "Tinn"),
    DemoPersona("08088012345", "Siri Dahl", "siri.dahl@k-ikt.example", "partner_reader", "K-IKT"),
    # The procurement team's specialists, partner users each assigned per procurement (README, issue 11):
    # K-IKT's IT architect and the data protection officer K-IKT provides its municipalities, and
    # Arkivnettverket's archivist.
    DemoPersona("15038112345", "Erik Solberg", "erik.solberg@k-ikt.example", "partner_reader", "K-IKT"),
    DemoPersona("16048112345", "Hanne Bakken", "hanne.bakken@k-ikt.example", "partner_reader", "K-IKT"),
    DemoPersona("17058112345", "Guro Lund", "guro.lund@arkivnettverket.example", "partner_reader", "Arkivnettverket"),
)


def _one(model, **where):
    return db.session.scalars(select(model).filter_by(**where)).one_or_none()


def _region() -> Region:
    region = _one(Region, name=REGION) or Region(name=REGION, currency="NOK")
    db.session.add(region)
    db.session.flush()
    return region


def _tenants(region: Region) -> dict[str, Tenant]:
    tenants = {}
    for name, number, orgnr, population in MUNICIPALITIES:
        tenant = _one(Tenant, organisation_number=orgnr) or Tenant(
            name=name, country="NO", municipality_number=number, organisation_number=orgnr, population=population
        )
        db.session.add(tenant)
        db.session.flush()
        if _one(RegionMembership, region_id=region.id, tenant_id=tenant.id) is None:
            db.session.add(RegionMembership(region_id=region.id, tenant_id=tenant.id))
        tenants[name] = tenant
    return tenants


def _partners(region: Region) -> dict[str, PartnerOrganisation]:
    partners = {}
    for name, kind, orgnr, receives in PARTNERS:
        partner = _one(PartnerOrganisation, region_id=region.id, name=name) or PartnerOrganisation(
            region_id=region.id, name=name, kind=kind, organisation_number=orgnr, receives_signed_papers=receives
        )
        db.session.add(partner)
        partners[name] = partner
    db.session.flush()
    return partners


def _scope(persona: DemoPersona, region, tenants, partners) -> dict:
    if persona.role in ("coordinator", "purchaser"):
        return {"region_id": region.id}
    if persona.role == "partner_reader":
        return {"partner_id": partners[persona.scope].id, "region_id": region.id}
    if persona.role == "operator":
        return {}
    return {"tenant_id": tenants[persona.scope].id}


def _people(key: str, region, tenants, partners) -> None:
    for persona in PERSONAS:
        eid = identity_hash(persona.pid, key)
        user = _one(User, eid_hash=eid) or User(name=persona.name, email=persona.email, eid_hash=eid, locale="nb")
        db.session.add(user)
        db.session.flush()
        scope = _scope(persona, region, tenants, partners)
        if _one(RoleAssignment, user_id=user.id, role=persona.role, **scope) is None:
            db.session.add(RoleAssignment(user_id=user.id, role=persona.role, **scope))


def load_demo_data(content: bool = True) -> str:
    """Create what is missing; running it again changes nothing. Without ``content``: only the region, its
    municipalities, partners, personas and thresholds (what signing in needs), in seconds."""
    from flask import current_app

    system = Principal.system("demo data")
    bind_principal(db.session, system)
    existed = _one(Region, name=REGION) is not None
    region = _region()
    tenants = _tenants(region)
    partners = _partners(region)
    _people(current_app.config["IDENTITY_HASH_KEY"], region, tenants, partners)
    # The personas then act with their own rights, on the web role's connection (on PostgreSQL), which
    # sees only what the system's connection has committed.
    db.session.commit()
    if content:
        load_demo_content(db.session, region, tenants)
        db.session.commit()  # the personas' audit events hold the chain's head until then
    seed_thresholds(db.session)
    if not existed:
        record(db.session, system, "demo.load", region, region_id=region.id, summary={"tenants": len(tenants)})
    db.session.commit()
    return persona_guide()


def persona_guide() -> str:
    lines = ["Demo personas (choose one on the development e-ID login page):"]
    for p in PERSONAS:
        where = f" – {p.scope}" if p.scope else ""
        lines.append(f"  {p.name:<15} {p.role:<16}{where}")
    return "\n".join(lines)


def run_dev_provider(app: Flask, host: str, port: int) -> None:
    """Serve the development e-ID provider with the demo personas and the app as its client."""
    from samverka.devtools.eid_provider import Client, Persona, ProviderConfig, create_provider_app

    if app.config["SAMVERKA_ENV"] == "production":
        raise SystemExit("the development e-ID provider must never run in production")
    public = app.config["PUBLIC_URL"]
    client = Client(
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        redirect_uris=(f"{public}/auth/callback",),
        post_logout_redirect_uris=(f"{public}/signed-out",),
    )
    personas = tuple(Persona(p.pid, p.name, note=f"{p.role}{', ' + p.scope if p.scope else ''}") for p in PERSONAS)
    config = ProviderConfig(issuer=f"http://{host}:{port}", clients=(client,), personas=personas)
    create_provider_app(config).run(host=host, port=port)
