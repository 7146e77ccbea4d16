"""The contract's signature by the coordinator, once the standstill period is over.

The signed contract is the uploaded ``contract`` document (its version and SHA-256 are recorded);
signing enters it in the region's contract register as the joint contract of every participant, through
the register's own service (its checks, its audit), so the lead-time planning sees its re-procurement
in time. Then the procurement moves to ``contract_signed`` and the hooks the app factory registered run
(``init_app(app, on_contract_signed=(...))``, each ``hook(session, procurement)``, in the same
transaction): the delivery area is one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.awards.models import ContractSigning
from samverka.platform.awards.services import decision_of, participants
from samverka.platform.awards.standstill import first_signing_day
from samverka.platform.contracts.models import Contract
from samverka.platform.contracts.services.access import Owner
from samverka.platform.contracts.services.contracts import create_contract
from samverka.platform.core.errors import Conflict, Forbidden, Refused
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from samverka.platform.documents.services import latest_document
from samverka.platform.needs.models import Need, NeedCpvCode
from samverka.platform.procurements import running
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.services import access_procurement
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.platform.tenders.models import AwardRecommendation, Tender
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on, require_step_up
from samverka.tenants.models import Region

STANDSTILL = "standstill"
HOOKS_KEY = "samverka.awards.on_contract_signed"
ContractSignedHook = Callable[[Session, JointProcurement], None]
NOT_IN_STANDSTILL = _l("The contract is signed after the award is decided and its standstill period has begun.")
NO_CONTRACT_DOCUMENT = _l("Upload the contract to the procurement's documents (kind: contract) before signing it.")
# The fields the coordinator gives; the rest comes from the procurement, the tender and the needs.
GIVEN = ("starts_on", "ends_on", "extension_options", "extendable_to", "annual_value_minor", "kraljic")


def init_app(app, on_contract_signed: Sequence[ContractSignedHook] = ()) -> None:
    app.extensions[HOOKS_KEY] = tuple(on_contract_signed)


def contract_signed_hooks() -> Sequence[ContractSignedHook]:
    return current_app.extensions.get(HOOKS_KEY, ())


def processes_personal_data(session: Session, procurement: JointProcurement) -> bool:
    """The form's default: yes when any participant's need in the procurement processes personal data."""
    with acting_as(session, Principal.system("contract: whether the needs process personal data")):
        stmt = (
            select(Need.id)
            .join(ProcurementNeed, ProcurementNeed.need_id == Need.id)
            .where(ProcurementNeed.procurement_id == procurement.id, Need.processes_personal_data.is_(True))
        )
        return session.scalar(stmt.limit(1)) is not None


def _cpv_codes(session: Session, procurement: JointProcurement) -> list[str]:
    with acting_as(session, Principal.system("contract: the needs' CPV codes")):
        stmt = (
            select(NeedCpvCode.code)
            .join(ProcurementNeed, ProcurementNeed.need_id == NeedCpvCode.need_id)
            .where(ProcurementNeed.procurement_id == procurement.id)
            .distinct()
        )
        return sorted(session.scalars(stmt))


def signable_from(session: Session, procurement: JointProcurement) -> date | None:
    """The first day the contract may be signed: the day after the standstill period (None before a decision)."""
    decision = decision_of(session, procurement)
    return first_signing_day(decision.standstill_ends_on) if decision else None


def _check_standstill_over(session: Session, procurement: JointProcurement) -> None:
    decision = decision_of(session, procurement)
    if procurement.status != STANDSTILL or decision is None:
        raise Conflict("not_in_standstill", NOT_IN_STANDSTILL)
    first = first_signing_day(decision.standstill_ends_on)
    if local_today(decision.country) < first:
        message = _l(
            "The standstill period runs until %(end)s: the contract can be signed from %(first)s.",
            end=format_date(decision.standstill_ends_on, "long"),
            first=format_date(first, "long"),
        )
        raise Refused.field("standstill", message)


def sign_contract(
    session: Session, principal: Principal, procurement_id: int, values: dict, *, acr: str = ""
) -> ContractSigning:
    """Sign the contract (``values``: the fields of ``GIVEN`` and ``processes_personal_data``)."""
    procurement = access_procurement(session, principal, procurement_id)
    if not holds_on(principal, procurement, perm.REGION_CONTRACT_SIGN):
        raise Forbidden(perm.REGION_CONTRACT_SIGN)
    _check_standstill_over(session, procurement)
    if latest_document(session, procurement, "contract") is None:
        raise Refused.field("document", NO_CONTRACT_DOCUMENT)
    require_step_up(principal, perm.REGION_CONTRACT_SIGN)
    procurement = running.locked(session, principal, procurement_id, STANDSTILL, permission=perm.REGION_CONTRACT_SIGN)
    document = latest_document(session, procurement, "contract")  # the version signed: the latest, once locked
    contract = _register(session, principal, procurement, values)
    signing = ContractSigning(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        contract_id=contract.id,
        document_id=document.id,
        document_version=document.version,
        document_sha256=document.sha256,
        signed_by_id=principal.user_id,
        signed_by_name=running.actor_name(session, principal),
        acr=acr,
    )
    session.add(signing)
    session.flush()
    running.move(session, principal, procurement, CONTRACT_SIGNED)
    summary = {"contract_id": contract.id, "document_version": document.version, "sha256": document.sha256, "acr": acr}
    record(session, principal, "contract.sign", signing, region_id=signing.region_id, summary=summary)
    for hook in contract_signed_hooks():
        hook(session, procurement)
    return signing


def _register(session: Session, principal: Principal, procurement: JointProcurement, values: dict) -> Contract:
    """The region's joint contract in the register, with every participant, from the recommended tender."""
    decision = decision_of(session, procurement)
    tender = session.get(Tender, session.get(AwardRecommendation, decision.recommendation_id).tender_id)
    personal = bool(values.get("processes_personal_data"))
    contract = create_contract(
        session,
        principal,
        Owner(region=session.get(Region, procurement.region_id)),
        {
            **{name: values.get(name) for name in GIVEN},
            "title": procurement.title,
            "supplier_name": tender.supplier_name,
            "supplier_organisation_number": tender.supplier_orgnr,
            "supplier_country": tender.supplier_country,
            "category": procurement.category,
            "cpv_codes": _cpv_codes(session, procurement),
            "documents": [],
            "processes_personal_data": personal,
            "dpa_status": "in_progress" if personal else "not_required",
            "participant_ids": [p.tenant_id for p in participants(session, procurement)],
        },
    )
    contract.procurement_id = procurement.id
    session.flush()
    return contract
