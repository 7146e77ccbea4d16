"""Needs that the matching will group: Kongsberg and Flesberg both replace their case and archive system."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import MatchProposal
from samverka.platform.matching.tasks import match_all_regions
from samverka.platform.needs.models import Need, NeedCpvCode, NeedSubmission

CASE_ARCHIVE = ("Nytt sak- og arkivsystem", "Vi skal erstatte dagens sak- og arkivsystem med elektronisk arkiv.")
CASE_ARCHIVE_2 = ("Erstatte sakarkiv", "Sak- og arkivløsningen må byttes; avtalen går ut. Trenger e-arkiv.")
PAYROLL = ("Lønnssystem", "Nytt lønns- og personalsystem for kommunen.")


def submitted_need(
    tenant_id: int, region_id: int, text: tuple[str, str], *, cpv: str = "48000000", category: str = "business_systems"
) -> int:
    """A need already submitted to ``region_id``; call with the session bound to the system."""
    need = Need(
        tenant_id=tenant_id,
        title=text[0],
        description=text[1],
        kind="replacement",
        category=category,
        status="submitted",
        shared_region_ids=[region_id],
        version=1,
        currency="NOK",
        desired_start="2027-Q1",
        current_solution="ePhorte",
        contract_end=date(2027, 3, 31),
    )
    db.session.add(need)
    db.session.flush()
    db.session.add_all(
        [
            NeedCpvCode(need=need, code=cpv),
            NeedSubmission(need_id=need.id, region_id=region_id, tenant_id=tenant_id),
        ]
    )
    return need.id


def make_proposal(app, tenant_a) -> int:
    """Two matching needs in region A, matched: the id of the open proposal holding them."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test needs"))
        submitted_need(tenant_a.tenant_id, tenant_a.region_id, CASE_ARCHIVE)
        submitted_need(tenant_a.other_tenant_id, tenant_a.region_id, CASE_ARCHIVE_2)
        db.session.commit()
    with app.app_context():
        match_all_regions()
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return db.session.scalars(select(MatchProposal.id).order_by(MatchProposal.id)).first()
