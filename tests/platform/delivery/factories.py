"""A procurement of region A as the award and the DPA signing leave it: the contract in the register naming
the procurement, its signed contract (and DPA) among the procurement's documents, the stage reached.
Made as the system, straight into that state (the award and signature areas have their own tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from samverka.platform.contracts.models import Contract
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.services import upload_document
from samverka.platform.procurements import planning
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.tenants.models import PartnerOrganisation
from tests.platform.contracts.support import make_contract
from tests.platform.procurements.factories import make_need
from tests.platform.procurements.stage_factories import procurement_with_need

CONTRACT_PDF = b"%PDF-1.7 Signert kontrakt Kongsbergregionen"
DPA_PDF = b"%PDF-1.7 Signert databehandleravtale Kongsbergregionen"
NEED_TITLE = "Nytt sak- og arkivsystem"


@dataclass(frozen=True)
class Signed:
    procurement_id: int
    contract_id: int


def _system() -> Principal:
    principal = Principal.system("test fixtures: the state the award and the signatures leave")
    bind_principal(db.session, principal)
    return principal


def signed_procurement(
    app,
    world,
    *,
    personal_data: bool = True,
    stage: str | None = None,
    annual_value_minor: int | None = 120_000_000,
    starts_on: date = date(2027, 1, 1),
    ends_on: date = date(2028, 12, 31),
    recipient: bool = True,
    documents: bool = True,
) -> Signed:
    """Kongsberg's and Flesberg's needs in one procurement, signed; K-IKT a recipient unless told otherwise."""
    procurement_id = procurement_with_need(app, world)
    flesberg_need = make_need(app, world.other_tenant_id, "Flesberg arkiv", submit_to=world.region_id)
    contract_id = make_contract(
        app,
        region_id=world.region_id,
        title="Sak- og arkivsystem",
        processes_personal_data=personal_data,
        dpa_status="signed" if personal_data else "not_required",
        starts_on=starts_on,
        ends_on=ends_on,
        extendable_to=None,
        extension_options="",
        annual_value_minor=annual_value_minor,
    )
    with app.app_context():
        principal = _system()
        procurement = db.session.get(JointProcurement, procurement_id)
        db.session.add(
            ProcurementNeed(
                procurement_id=procurement_id,
                region_id=world.region_id,
                need_id=flesberg_need,
                tenant_id=world.other_tenant_id,
            )
        )
        planning.plan(db.session, procurement)  # as preparation would have planned it
        procurement.status = stage or ("dpa_signed" if personal_data else "contract_signed")
        db.session.get(Contract, contract_id).procurement_id = procurement_id
        db.session.get(PartnerOrganisation, world.partner_id).receives_signed_papers = recipient
        if documents:
            _upload(principal, procurement, "contract", "kontrakt.pdf", CONTRACT_PDF)
            if personal_data:
                _upload(principal, procurement, "dpa", "databehandleravtale.pdf", DPA_PDF)
        db.session.commit()
    return Signed(procurement_id, contract_id)


def _upload(principal, procurement, kind: str, filename: str, content: bytes) -> None:
    upload_document(db.session, principal, procurement, kind=kind, filename=filename, content=content)


def deliver_now(app, procurement_id: int) -> None:
    """The delivery job, run as a worker would (it makes its own app context and session)."""
    from samverka.platform.delivery.tasks import deliver_procurement

    with app.app_context():
        deliver_procurement(procurement_id)


def make_delivered_document(app, world) -> int:
    """A delivered procurement of region A; the id of Kongsberg's copy of its contract."""
    from samverka.platform.delivery.models import DeliveredDocument

    signed = signed_procurement(app, world)
    deliver_now(app, signed.procurement_id)
    with app.app_context():
        _system()
        return db.session.scalar(
            select(DeliveredDocument.id).where(
                DeliveredDocument.procurement_id == signed.procurement_id,
                DeliveredDocument.tenant_id == world.tenant_id,
                DeliveredDocument.kind == "contract",
            )
        )
