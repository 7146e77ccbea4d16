"""Completion: when every current participant has signed the current version, the agreement is in force.

The contract's ``dpa_status`` becomes ``signed``, the signed PDF is stored as the procurement's ``dpa``
document (its next version), the procurement moves ``contract_signed`` -> ``dpa_signed``, and the hooks
the app factory registered run in the same transaction (``init_app(app, on_dpa_signed=(...))``, each
``hook(session, procurement)``: the delivery area registers one). Run by the job the last signature
enqueues, as the platform, with the procurement row-locked: two last signatures at once complete it once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Flask, current_app
from sqlalchemy.orm import Session

from samverka.platform.contracts.services.contracts import procurement_contract
from samverka.platform.core.errors import Conflict
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.services import upload_document
from samverka.platform.procurements import running
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.services import participant_ids
from samverka.platform.procurements.stages import CONTRACT_SIGNED
from samverka.platform.signatures.services import documents

DPA_SIGNED = "dpa_signed"
_HOOKS = "samverka.dpa_signed_hooks"
Hook = Callable[[Session, JointProcurement], None]


def init_app(app: Flask, on_dpa_signed: Sequence[Hook] = ()) -> None:
    app.extensions[_HOOKS] = tuple(on_dpa_signed)


def complete_if_signed(session: Session, principal: Principal, procurement_id: int) -> bool:
    """True when this call completed the agreement; False when it is not (or no longer) to be completed."""
    try:
        procurement = running.locked(session, principal, procurement_id, CONTRACT_SIGNED)
    except Conflict:
        return False  # completed already, or moved on
    document = documents.current_document(session, procurement.id)
    if document is None:
        return False
    signatures = documents.signatures_of(session, document)
    if not signatures or set(participant_ids(session, procurement)) - {s.tenant_id for s in signatures}:
        return False
    contract = procurement_contract(session, procurement.id)
    contract.dpa_status = "signed"
    upload_document(
        session,
        principal,
        procurement,
        kind="dpa",
        filename=document.filename,
        content=documents.signed_content(signatures[-1]),
    )
    running.move(
        session,
        principal,
        procurement,
        DPA_SIGNED,
        comment=f"DPA version {document.version}: {len(signatures)} signatures",
    )
    for hook in current_app.extensions.get(_HOOKS, ()):
        hook(session, procurement)
    return True
