"""What the DPA page shows: the current version, its hash, its parties and facts, each signatory's status,
the voided versions, and what the person may do (draw up a version, sign for their municipality)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from samverka.platform.contracts.models import Contract
from samverka.platform.contracts.services.contracts import procurement_contract
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import access_procurement
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.platform.signatures.models import DpaDocument, DpaSignature
from samverka.platform.signatures.services import ceremony, documents
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on


@dataclass(frozen=True)
class Signatory:
    """One controller of the current version: signed (by whom, when, at which level) or awaited."""

    tenant_id: int
    name: str
    organisation_number: str
    signature: DpaSignature | None
    may_sign: bool


@dataclass(frozen=True)
class DpaPage:
    procurement: JointProcurement
    contract: Contract | None
    current: DpaDocument | None
    signatories: list[Signatory] = field(default_factory=list)
    voided: list[documents.Voided] = field(default_factory=list)
    may_draw_up: bool = False

    @property
    def signed_by_all(self) -> bool:
        return bool(self.signatories) and all(s.signature for s in self.signatories)

    @property
    def last_signature(self) -> DpaSignature | None:
        signed = [s.signature for s in self.signatories if s.signature]
        return max(signed, key=lambda s: s.sequence) if signed else None

    @property
    def in_force_for_personal_data(self) -> bool:
        """A contract that processes personal data is in force for it only once every controller signed."""
        return self.contract is not None and (
            not self.contract.processes_personal_data or self.contract.dpa_status == "signed"
        )

    @property
    def open_for_signing(self) -> bool:
        return self.current is not None and self.procurement.status == CONTRACT_SIGNED


def dpa_page(session: Session, principal: Principal, procurement_id: int) -> DpaPage:
    procurement = access_procurement(session, principal, procurement_id)
    contract = procurement_contract(session, procurement.id)
    found = documents.versions(session, procurement)
    current = found[0] if found else None
    may_draw_up = (
        holds_on(principal, procurement, perm.REGION_DPA_TEMPLATE_WRITE)
        and procurement.status == CONTRACT_SIGNED
        and contract is not None
        and contract.processes_personal_data
    )
    return DpaPage(
        procurement=procurement,
        contract=contract,
        current=current,
        signatories=_signatories(session, principal, procurement, current) if current else [],
        voided=documents.voided_versions(session, found),
        may_draw_up=may_draw_up,
    )


def _signatories(
    session: Session, principal: Principal, procurement: JointProcurement, current: DpaDocument
) -> list[Signatory]:
    """The controllers the version names, each with its signature of this version, if any."""
    signed = {s.tenant_id: s for s in documents.signatures_of(session, current)}
    mine = set(ceremony.signable_tenants(session, principal, procurement))
    return [
        Signatory(
            tenant_id=c["tenant_id"],
            name=c["name"],
            organisation_number=c["organisation_number"],
            signature=signed.get(c["tenant_id"]),
            may_sign=c["tenant_id"] in mine and c["tenant_id"] not in signed,
        )
        for c in current.facts.get("controllers", [])
    ]
