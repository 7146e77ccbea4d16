"""A joint procurement of region A holding Kongsberg's need, classified as asked, with a team around it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.platform.procurements import services as procurements
from samverka.platform.requirements.services import drawing, library, risks, sections, team
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_need
from tests.support.world import Person, add_person

LEVEL_NAMES = {1: "negligible", 2: "moderate", 3: "significant", 4: "severe"}


@dataclass(frozen=True)
class TeamWorld:
    procurement_id: int
    need_id: int
    people: dict[str, Person]


def classify_need(app, need_id: int, *, personal_data: bool = False, **levels: int) -> None:
    """Set a need's levels (1–4 per aspect) and personal-data flag directly, as the system."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        values = {aspect: LEVEL_NAMES[level] for aspect, level in levels.items()}
        db.session.execute(
            update(Need).where(Need.id == need_id).values(processes_personal_data=personal_data, **values)
        )
        db.session.commit()


def make_team_world(app, world, *, library_loaded: bool = True) -> TeamWorld:
    """The procurement from Kongsberg's need; the region's library loaded; no one on the team yet."""
    need_id = make_need(app, world.tenant_id, "Sak og arkiv", submit_to=world.region_id)
    with app.app_context():
        coordinator = load_principal(db.session, world.people["coordinator"].user_id)
        procurement = procurements.create_from_needs(
            db.session, coordinator, world.region_id, [need_id], title="Felles sak- og arkivsystem"
        )
        if library_loaded:
            library.load_default_library(db.session, coordinator, world.region_id)
        db.session.commit()
        return TeamWorld(procurement.id, need_id, dict(world.people))


def add_team_partner(app, world, key: str, pid: str) -> Person:
    """Another user of the region's partner (K-IKT): a partner reader, as partner users are."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        person = add_person(app, key, pid, "partner_reader", partner_id=world.partner_id, region_id=world.region_id)
        db.session.commit()
        return person


def assign(app, world, procurement_id: int, person: Person, role: str) -> int:
    with app.app_context():
        coordinator = load_principal(db.session, world.people["coordinator"].user_id)
        member = team.assign(db.session, coordinator, procurement_id, user_id=person.user_id, role=role)
        db.session.commit()
        return member.id


def make_team_objects(app, world, procurement_id: int) -> dict[str, int]:
    """A team member (the partner, as IT architecture), a risk they recorded and a library requirement."""
    member_id = assign(app, world, procurement_id, world.people["partner"], "it_architecture")
    with app.app_context():
        coordinator = load_principal(db.session, world.people["coordinator"].user_id)
        library.load_default_library(db.session, coordinator, world.region_id)
        requirement_id = library.current_library(db.session, world.region_id)[0].id
        architect = load_principal(db.session, world.people["partner"].user_id)
        risk = risks.add_risk(
            db.session,
            architect,
            procurement_id,
            description="Data i tredjeland",
            likelihood=2,
            consequence=3,
            measure="",
        )
        db.session.commit()
        return {"member_id": member_id, "risk_id": risk.id, "requirement_id": requirement_id}


def library_ids(app, region_id: int) -> list[int]:
    """The current version of each requirement in the region's library."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return [row.id for row in library.current_library(db.session, region_id)]


def _as(world, key: str):
    return load_principal(db.session, world.people[key].user_id)


def finish_competition_gates(app, world, procurement_id: int, *, dpo: bool = False) -> None:
    """Everything the requirements' competition gates ask for, each done by its role: the user representative
    (the IT coordinator) and IT architecture (the partner) must be on the team already (``assign``)."""
    with app.app_context():
        sections.save_section(
            db.session, _as(world, "it"), procurement_id, "user_representative", text="Behov", status="done"
        )
        architect = _as(world, "partner")
        sections.save_section(db.session, architect, procurement_id, "it_architecture", text="Ark", status="done")
        risks.add_risk(
            db.session,
            architect,
            procurement_id,
            description="Data utenfor EØS",
            likelihood=2,
            consequence=4,
            measure="Krav om EØS",
        )
        risks.save_assessment(db.session, architect, procurement_id, status="done", dpia_required=dpo)
        drawing.draw(db.session, _as(world, "coordinator"), procurement_id)
        if dpo:
            dpo_principal = _as(world, "chief")
            sections.save_section(
                db.session, dpo_principal, procurement_id, "data_protection_officer", text="DPIA", status="done"
            )
        db.session.commit()


def ready_for_competition(app, world, procurement_id: int) -> None:
    """A team whose work is done and the region's library loaded: the requirements' gates hold nothing back."""
    with app.app_context():
        library.load_default_library(db.session, _as(world, "coordinator"), world.region_id)
        db.session.commit()
    assign(app, world, procurement_id, world.people["it"], "user_representative")
    assign(app, world, procurement_id, world.people["partner"], "it_architecture")
    finish_competition_gates(app, world, procurement_id)
