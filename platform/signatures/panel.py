"""The procurement page's part about the data processing agreement: whether the contract is in force for
personal data, and the way to the DPA's page (registered by the app factory, ``procurements.panels``)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy.orm import Session

from samverka.platform.contracts.services.contracts import procurement_contract
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.signatures.services import documents


def dpa_panel(session: Session, principal: Principal, procurement: JointProcurement) -> Markup | None:
    contract = procurement_contract(session, procurement.id)
    current = documents.current_document(session, procurement.id)
    if current is None and (contract is None or not contract.processes_personal_data):
        return None
    html = render_template(
        "signatures/_procurement_panel.html", contract=contract, current=current, procurement=procurement
    )
    return Markup(html)
