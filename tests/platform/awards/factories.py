"""A procurement of region A at the award: Kongsberg and Flesberg take part, two tenders are evaluated, the
purchaser's recommendation and evaluation report are in; and the steps after it, through the services."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from samverka.platform.awards import approvals, quality
from samverka.platform.awards.models import AwardDecision
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from samverka.platform.documents.services import upload_document
from samverka.platform.needs.models import Need
from samverka.platform.procurements import services
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.tenders.recommendation import draft_recommendation
from samverka.tenants.models import User
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_need
from tests.platform.tenders.factories import SUPPLIERS, record_tender, set_up_evaluation
from tests.support.world import Person, add_person

HIGH = "idporten-loa-high"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# Kongsberg's and Flesberg's needs' annual costs (øre): the value is 4 years of them (procurements.value).
ANNUAL = {"Kongsberg": 300_000_00, "Flesberg": 100_000_00}


@dataclass(frozen=True)
class AwardWorld:
    procurement_id: int
    chiefs: dict[str, Person]  # by municipality: Kongsberg's (the world's) and Flesberg's
    tenant_ids: dict[str, int]


@contextmanager
def acting(app, person: Person | None, *, stepped_up: bool = True):
    """A request context (English) bound to ``person`` signed in at the step-up level (the system when None)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        principal = (
            load_principal(db.session, person.user_id, stepped_up=stepped_up)
            if person
            else Principal.system("test fixtures")
        )
        bind_principal(db.session, principal)
        yield principal


def flesberg_chief(app, world, key: str = "flesbe_chief", pid: str = "13017012345") -> Person:
    """Flesberg's chief executive (made once: several procurements of one test share them)."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        found = db.session.scalar(select(User.id).where(User.email == f"{key}@example.test"))
        if found is not None:
            return Person(key, pid, found)
        person = add_person(app, key, pid, "chief_executive", tenant_id=world.other_tenant_id)
        db.session.commit()
        return person


def _needs(app, world, *, personal_data: bool) -> list[int]:
    ids = []
    for name, tenant_id in (("Kongsberg", world.tenant_id), ("Flesberg", world.other_tenant_id)):
        need_id = make_need(app, tenant_id, f"Sak- og arkivsystem {name}", submit_to=world.region_id)
        with acting(app, None):
            db.session.execute(
                update(Need)
                .where(Need.id == need_id)
                .values(annual_cost_minor=ANNUAL[name], currency="NOK", processes_personal_data=personal_data)
            )
            db.session.commit()
        ids.append(need_id)
    return ids


def at_quality_check(app, world, *, personal_data: bool = True, report: bool = True) -> AwardWorld:
    """Evaluated (Tieto Norge first, Sikri second), recommended, reported on, and at ``quality_check``."""
    need_ids = _needs(app, world, personal_data=personal_data)
    with acting(app, world.people["coordinator"]) as coordinator:
        procurement = services.create_from_needs(
            db.session, coordinator, world.region_id, need_ids, title="Felles sak- og arkivsystem"
        )
        db.session.commit()
        procurement_id = procurement.id
    ids = set_up_evaluation(app, procurement_id)
    record_tender(app, procurement_id, SUPPLIERS[0], met=(True, True), scores=(8, 6), ids=ids)
    record_tender(app, procurement_id, SUPPLIERS[1], met=(True, True), scores=(5, 5), ids=ids)
    with acting(app, None) as system:
        found = db.session.get(JointProcurement, procurement_id)
        draft_recommendation(db.session, system, found)
        if report:
            upload_document(db.session, system, found, kind="evaluation_report", filename="rapport.pdf", content=PDF)
        found.status = "quality_check"  # the gate's own tests advance to it; here the fixture puts it there
        db.session.commit()
    return AwardWorld(
        procurement_id,
        {"Kongsberg": world.people["chief"], "Flesberg": flesberg_chief(app, world)},
        {"Kongsberg": world.tenant_id, "Flesberg": world.other_tenant_id},
    )


def check(app, world, procurement_id: int, outcome: str = "approved", comment: str = "") -> None:
    with acting(app, world.people["coordinator"]) as coordinator:
        quality.quality_check(db.session, coordinator, procurement_id, outcome=outcome, comment=comment)
        db.session.commit()


def decide(app, person: Person, procurement_id: int, decision: str = "approved", reason: str = "", **kwargs) -> None:
    with acting(app, person) as principal:
        approvals.decide(db.session, principal, procurement_id, decision=decision, reason=reason, acr=HIGH, **kwargs)
        db.session.commit()


def in_approval(app, world, **kwargs) -> AwardWorld:
    made = at_quality_check(app, world, **kwargs)
    check(app, world, made.procurement_id)
    return made


def decided(app, world, **kwargs) -> AwardWorld:
    made = in_approval(app, world, **kwargs)
    for chief in made.chiefs.values():
        decide(app, chief, made.procurement_id)
    return made


def standstill_ends(app, procurement_id: int, days_from_today: int) -> None:
    """Move the decision's standstill end to today (0), or days before or after it, in the app's notion of today."""
    with acting(app, None):
        ends = local_today("NO") + timedelta(days=days_from_today)
        db.session.execute(
            update(AwardDecision).where(AwardDecision.procurement_id == procurement_id).values(standstill_ends_on=ends)
        )
        db.session.commit()


def upload_contract(app, procurement_id: int, content: bytes = PDF + b"% kontrakt") -> int:
    with acting(app, None) as system:
        found = db.session.get(JointProcurement, procurement_id)
        document = upload_document(db.session, system, found, kind="contract", filename="kontrakt.pdf", content=content)
        db.session.commit()
        return document.id


def ready_to_sign(app, world, **kwargs) -> AwardWorld:
    """Decided, its standstill period over yesterday, the contract uploaded."""
    made = decided(app, world, **kwargs)
    standstill_ends(app, made.procurement_id, -1)
    upload_contract(app, made.procurement_id)
    return made


def stage(app, procurement_id: int) -> str:
    with acting(app, None):
        return db.session.scalar(select(JointProcurement.status).where(JointProcurement.id == procurement_id))
