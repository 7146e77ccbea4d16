"""A procurement of region A at ``contract_signed`` with Kongsberg and Flesberg participating, the awarded
tender's sub-processors, and the register's contract (made directly: the contract's signing is another area's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import update

from samverka.platform.contracts.models import Contract
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.platform.tenders.models import Tender
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_need
from tests.platform.procurements.stage_factories import procurement_with_need
from tests.platform.tenders.factories import SUPPLIERS, record_tender
from tests.support.login import HIGH_LEVEL
from tests.support.world import Person, add_person

FLESBERG_CHIEF_PID = "11017012345"
PURPOSE = "Saksbehandling og arkivering av innbyggernes henvendelser"


@dataclass(frozen=True)
class SignedContract:
    procurement_id: int
    contract_id: int
    tender_id: int


def add_flesberg_chief(app, world) -> Person:
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        person = add_person(
            app, "flesberg_chief", FLESBERG_CHIEF_PID, "chief_executive", tenant_id=world.other_tenant_id
        )
        db.session.commit()
        return person


def contract_signed(app, world, *, personal_data: bool = True, stage: str = CONTRACT_SIGNED) -> SignedContract:
    """Kongsberg's need and Flesberg's, a tender with sub-processors, and the joint contract in the register."""
    procurement_id = procurement_with_need(app, world)
    flesberg_need = make_need(app, world.other_tenant_id, "Sak og arkiv Flesberg", submit_to=world.region_id)
    tender_id = record_tender(app, procurement_id)
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        db.session.add(
            ProcurementNeed(
                procurement_id=procurement_id,
                region_id=world.region_id,
                need_id=flesberg_need,
                tenant_id=world.other_tenant_id,
            )
        )
        db.session.execute(
            update(Need)
            .where(Need.id.in_(_need_ids(procurement_id)))
            .values(
                processes_personal_data=True,
                personal_data_purpose=PURPOSE,
                personal_data_categories=["identification", "case_records", "health"],
                data_subjects=["residents", "employees"],
            )
        )
        db.session.execute(
            update(Tender)
            .where(Tender.id == tender_id)
            .values(
                sub_processors=[{"name": "Azure Norge", "country": "NO", "service": "Drift"}],
                third_country_transfers="Ingen overføring utenfor EØS.",
            )
        )
        db.session.execute(update(JointProcurement).where(JointProcurement.id == procurement_id).values(status=stage))
        contract = _contract(world, procurement_id, personal_data)
        db.session.add(contract)
        db.session.commit()
        return SignedContract(procurement_id, contract.id, tender_id)


def _need_ids(procurement_id: int) -> list[int]:
    rows = db.session.query(ProcurementNeed.need_id).filter(ProcurementNeed.procurement_id == procurement_id)
    return [row[0] for row in rows]


def _contract(world, procurement_id: int, personal_data: bool) -> Contract:
    name, country, orgnr = SUPPLIERS[0]
    contract = Contract(
        region_id=world.region_id,
        procurement_id=procurement_id,
        title="Felles sak- og arkivsystem",
        supplier_name=name,
        supplier_organisation_number=orgnr,
        supplier_country=country,
        category="business_systems",
        starts_on=date(2027, 6, 1),
        ends_on=date(2031, 5, 31),
        currency="NOK",
        kraljic="strategic",
        processes_personal_data=personal_data,
        dpa_status="missing" if personal_data else "not_required",
    )
    db.session.add(contract)
    db.session.flush()
    return contract


def draw_up(app, world, procurement_id: int, replaces_version: int | None = None):
    """The coordinator draws up the next version through the service; returns (id, version, sha256)."""
    from samverka.platform.signatures.services import documents

    with app.app_context():
        coordinator = load_principal(db.session, world.people["coordinator"].user_id)
        bind_principal(db.session, coordinator)
        document = documents.draw_up(db.session, coordinator, procurement_id, replaces_version=replaces_version)
        db.session.commit()
        return document.id, document.version, document.sha256


def make_dpa_objects(app, world) -> dict[str, int]:
    """A DPA version of region A signed by Kongsberg's chief executive through e-ID: what its routes reach by id."""
    from samverka.platform.signatures.models import DpaSignature
    from tests.platform.signatures.support import sign
    from tests.support.login import sign_in

    made = contract_signed(app, world)
    document_id, version, sha256 = draw_up(app, world, made.procurement_id)
    client, chief = app.test_client(), world.people["chief"]
    sign_in(client, chief)
    answer = sign(
        client, chief, made.procurement_id, tenant_id=world.tenant_id, version=version, sha256=sha256, acr=HIGH_LEVEL
    )
    assert answer.status_code == 302, answer.status_code
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        signature_id = db.session.query(DpaSignature.id).filter(DpaSignature.document_id == document_id).scalar()
    return {
        "dpa_document_id": document_id,
        "dpa_signature_id": signature_id,
        "dpa_procurement_id": made.procurement_id,
        "dpa_tender_id": made.tender_id,
    }
