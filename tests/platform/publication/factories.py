"""A delivered joint procurement of region A with its award, tenders and evaluation, and its publication.

Kongsberg and Flesberg take part (needs with personal data); two tenders were evaluated (Tieto Norge won,
Sikri lost); the contract and the DPA are signed and delivered. Made through the award's factories, then
as the system straight into the signed state (the signature areas have their own tests).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from samverka.platform.contracts.models import Contract
from samverka.platform.core.extensions import db
from samverka.platform.documents.services import upload_document
from samverka.platform.needs.models import Need
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed, StageChange
from samverka.platform.publication import services
from tests.platform.awards.factories import PDF, acting, ready_to_sign
from tests.platform.contracts.support import make_contract
from tests.platform.delivery.factories import deliver_now

PURPOSE = "Saksbehandling av barnevernssaker for Ola Nordmann-typen brukere"
WINNER, LOSER = "Tieto Norge AS", "Sikri AS"


def _competition_entered(procurement: JointProcurement) -> None:
    """The stage history the real run leaves (the award's factories set the stage directly): the
    competition began after the procurement was created and before the award was decided."""
    db.session.add(
        StageChange(
            procurement_id=procurement.id,
            region_id=procurement.region_id,
            from_stage="requirements",
            to_stage="competition",
            changed_at=procurement.created_at + timedelta(microseconds=1),
        )
    )


def delivered_procurement(app, world) -> int:
    """The whole routine up to the delivery; the procurement's id."""
    made = ready_to_sign(app, world)
    contract_id = make_contract(
        app,
        region_id=world.region_id,
        title="Felles sak- og arkivsystem",
        supplier_name=WINNER,
        supplier_organisation_number="974760673",
        starts_on=date(2027, 1, 1),
        ends_on=date(2030, 12, 31),
        extendable_to=None,
        extension_options="",
        annual_value_minor=400_000_00,
        documents=[],
    )
    with acting(app, None) as system:
        procurement = db.session.get(JointProcurement, made.procurement_id)
        need_ids = select(ProcurementNeed.need_id).where(ProcurementNeed.procurement_id == procurement.id)
        db.session.execute(update(Need).where(Need.id.in_(need_ids)).values(personal_data_purpose=PURPOSE))
        db.session.get(Contract, contract_id).procurement_id = procurement.id
        upload_document(db.session, system, procurement, kind="dpa", filename="dpa.pdf", content=PDF + b"% dpa")
        _competition_entered(procurement)
        procurement.status = "dpa_signed"
        db.session.commit()
    deliver_now(app, made.procurement_id)
    return made.procurement_id


def publish(app, world, procurement_id: int) -> None:
    """Published by region A's coordinator, through the service."""
    with acting(app, world.people["coordinator"]) as coordinator:
        services.publish(db.session, coordinator, procurement_id)
        db.session.commit()


def withdraw(app, world, procurement_id: int) -> None:
    with acting(app, world.people["coordinator"]) as coordinator:
        services.withdraw(db.session, coordinator, procurement_id)
        db.session.commit()
