"""What a contract's DPA says besides its template: the parties and the processing, gathered from the procurement.

Controllers: every participating municipality, with its organisation number. Processor: the contract's supplier.
The purposes, categories of personal data and data subjects: the participants' needs in the procurement.
Sub-processors and transfers outside the EEA: the tender of the contract's supplier. The municipalities'
needs and rows are theirs, not the coordinator's to read one by one: they are read as the platform, after
the coordinator reached the procurement and its contract through their own access.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.contracts.models import Contract
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.platform.needs.personal_data import DATA_CATEGORIES, DATA_SUBJECTS, SPECIAL_CATEGORIES
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.services import participant_ids
from samverka.platform.tenders.models import Tender
from samverka.tenants.models import Tenant


def gather_facts(session: Session, procurement: JointProcurement, contract: Contract) -> dict:
    """The facts as plain data (kept with the document version, shown on its page, printed in its PDF)."""
    with acting_as(session, Principal.system("data processing agreement: the parties and the processing")):
        tenant_ids = participant_ids(session, procurement)
        tenants = session.scalars(select(Tenant).where(Tenant.id.in_(tenant_ids)).order_by(Tenant.name)).all()
        needs = _participant_needs(session, procurement)
        tender = session.scalar(
            select(Tender)
            .where(
                Tender.procurement_id == procurement.id, Tender.supplier_orgnr == contract.supplier_organisation_number
            )
            .order_by(Tender.id)
            .limit(1)
        )
    names = {t.id: t.name for t in tenants}
    return {
        "procurement": {"id": procurement.id, "title": procurement.title},
        "contract": {"id": contract.id, "title": contract.title},
        "controllers": [_controller(t) for t in tenants],
        "processor": {
            "name": contract.supplier_name,
            "organisation_number": contract.supplier_organisation_number,
            "country": contract.supplier_country,
        },
        "purposes": [
            {"municipality": names.get(n.tenant_id, ""), "need": n.title, "purpose": n.personal_data_purpose.strip()}
            for n in needs
            if n.personal_data_purpose.strip()
        ],
        "categories": _in_order(DATA_CATEGORIES, (c for n in needs for c in n.personal_data_categories)),
        "special_categories": _in_order(
            DATA_CATEGORIES, (c for n in needs for c in n.personal_data_categories if c in SPECIAL_CATEGORIES)
        ),
        "data_subjects": _in_order(DATA_SUBJECTS, (s for n in needs for s in n.data_subjects)),
        "sub_processors": [_sub_processor(s) for s in (tender.sub_processors if tender else [])],
        "third_country_transfers": (tender.third_country_transfers.strip() if tender else ""),
    }


def _participant_needs(session: Session, procurement: JointProcurement) -> list[Need]:
    return list(
        session.scalars(
            select(Need)
            .join(ProcurementNeed, ProcurementNeed.need_id == Need.id)
            .where(ProcurementNeed.procurement_id == procurement.id)
            .order_by(Need.id)
        )
    )


def _controller(tenant: Tenant) -> dict:
    return {
        "tenant_id": tenant.id,
        "name": tenant.name,
        "organisation_number": tenant.organisation_number,
        "country": tenant.country,
    }


def _sub_processor(entry: dict) -> dict:
    return {key: str(entry.get(key, "")).strip() for key in ("name", "country", "service")}


def _in_order(known: tuple[str, ...], codes) -> list[str]:
    """Each known code once, in the catalogue's order (an unknown code is not printed)."""
    found = set(codes)
    return [code for code in known if code in found]


def language_of(facts: dict) -> str:
    """Swedish when the controllers are Swedish municipalities, else bokmål (the region's language)."""
    countries = [c["country"] for c in facts["controllers"]]
    return "sv" if countries and countries.count("SE") > len(countries) / 2 else "nb"
