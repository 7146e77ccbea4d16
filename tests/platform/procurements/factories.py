"""A joint procurement of region A with an invitation to join for Kongsberg, made as region A's coordinator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from samverka.platform.needs.services.needs import create_need, submit_need
from samverka.platform.procurements import services
from samverka.tenants.services.principals import load_principal


@dataclass(frozen=True)
class ProcurementWorld:
    procurement_id: int
    join_invitation_id: int


def make_procurement(
    app, world, *, deadline: date | None = None, tenant_ids: list[int] | None = None, title: str = "Sak- og arkivsystem"
) -> ProcurementWorld:
    """Created through the services as the coordinator would; the mail jobs run after the commit."""
    with app.app_context():
        principal = load_principal(db.session, world.people["coordinator"].user_id)
        procurement = services.create_procurement(
            db.session, principal, world.region_id, title=title, category="business_systems"
        )
        invited = services.invite_tenants(
            db.session,
            principal,
            procurement,
            deadline=deadline or local_today("NO") + timedelta(days=14),
            tenant_ids=tenant_ids or [world.tenant_id],
        )
        db.session.commit()
        return ProcurementWorld(procurement.id, invited[0].id)


def make_need(app, tenant_id: int, title: str, *, submit_to: int | None = None) -> int:
    """A need of ``tenant_id`` registered through the needs services (as the system, for any tenant)."""
    with app.app_context():
        principal = Principal.system("test fixtures")
        bind_principal(db.session, principal)
        need = create_need(
            db.session,
            principal,
            tenant_id,
            cpv_codes=["48000000"],
            title=title,
            description=f"{title}: erstatte dagens løsning",
            kind="replacement",
            category="business_systems",
        )
        if submit_to is not None:
            submit_need(db.session, principal, need, region_ids=[submit_to])
        db.session.commit()
        return need.id
