"""A purchaser for region A, and a procurement of region A holding a submitted need of Kongsberg."""

from __future__ import annotations

from sqlalchemy import update

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.platform.procurements import services
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_need
from tests.support.world import Person, add_person

PURCHASER_PID = "10017012344"


def add_purchaser(app, world) -> Person:
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        person = add_person(app, "kongsb_purchaser", PURCHASER_PID, "purchaser", region_id=world.region_id)
        db.session.commit()
        return person


def procurement_with_need(app, world, *, desired_start: str | None = "2028-Q1", title="Sak- og arkivsystem") -> int:
    """Made from a need Kongsberg submitted to region A, as the coordinator accepts a proposal."""
    need_id = make_need(app, world.tenant_id, "Nytt sak- og arkivsystem", submit_to=world.region_id)
    with app.app_context():
        bind_principal(db.session, Principal.system("test set-up"))
        db.session.execute(update(Need).where(Need.id == need_id).values(desired_start=desired_start))
        db.session.commit()
        coordinator = load_principal(db.session, world.people["coordinator"].user_id)
        procurement = services.create_from_needs(db.session, coordinator, world.region_id, [need_id], title=title)
        db.session.commit()
        return procurement.id
