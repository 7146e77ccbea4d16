"""The JSON API of the award, under /api/v1: its whole state, the quality check, approvals, the contract."""

from __future__ import annotations

from flask import session
from flask_babel import get_locale

from samverka.platform.awards import approvals, quality, signing
from samverka.platform.awards.schemas import (
    ApprovalSchema,
    AwardSchema,
    ContractSigningSchema,
    ContractSignSchema,
    QualityCheckSchema,
)
from samverka.platform.awards.services import AwardState, access_award, award_state
from samverka.platform.awards.standstill import first_signing_day
from samverka.platform.core.api import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.procurements.models import JointProcurement

blp = ApiBlueprint(
    "awards_api",
    __name__,
    url_prefix="/api/v1",
    description="A joint procurement's award: quality check, every participant's approval, standstill, contract.",
    path_models={"procurement_id": JointProcurement},
)


def _document(document) -> dict | None:
    if document is None:
        return None
    return {"id": document.id, "version": document.version, "filename": document.filename, "sha256": document.sha256}


def _recommendation(state: AwardState) -> dict | None:
    if state.recommendation is None:
        return None
    language = str(get_locale() or "nb")[:2]
    return {
        "id": state.recommendation.id,
        "supplier_name": state.tender.supplier_name,
        "supplier_orgnr": state.tender.supplier_orgnr,
        "supplier_country": state.tender.supplier_country,
        "score": state.score,
        "scores": [vars(score) for score in state.scores],
        "text": getattr(state.recommendation, f"text_{language}", state.recommendation.text_nb),
    }


def _approval(approval, share_minor: int | None) -> dict:
    """The approval's fields as the answer names them (``ParticipantShareSchema``), with its share."""
    return {name: getattr(approval, name) for name in ApprovalSchema().fields} | {"share_minor": share_minor}


def _decision(decision) -> dict:
    names = ("decided_at", "decided_on", "country", "standstill_days", "standstill_ends_on")
    return {
        **{name: getattr(decision, name) for name in names},
        "signable_from": first_signing_day(decision.standstill_ends_on),
    }


def _answer(state: AwardState) -> dict:
    decision = state.decision
    return {
        "procurement_id": state.procurement.id,
        "stage": state.procurement.status,
        "recommendation": _recommendation(state),
        "evaluation_report": _document(state.report),
        "contract_document": _document(state.contract_document),
        "quality_checks": state.checks,
        "currency": state.currency,
        "estimated_value_minor": state.value_minor,
        "approvals": [_approval(a, state.shares.get(a.tenant_id)) for a in state.approvals],
        "decision": None if decision is None else _decision(decision),
        "contract": state.signing,
    }


@blp.route("/procurements/<int:procurement_id>/award", methods=["GET"])
@blp.response(200, AwardSchema)
def award(procurement_id: int):
    """The award as it stands: recommendation, checks, each participant's decision and share, decision, contract."""
    return _answer(award_state(db.session, current_principal(), procurement_id))


@blp.route("/procurements/<int:procurement_id>/award/quality-check", methods=["POST"])
@blp.arguments(QualityCheckSchema)
@blp.response(201, QualityCheckSchema)
def quality_check(body, procurement_id: int):
    """The coordinator approves the recommendation (the participants are asked) or returns it with a comment."""
    access_award(db.session, current_principal(), procurement_id)
    return quality.quality_check(db.session, current_principal(), procurement_id, **body)


@blp.route("/procurements/<int:procurement_id>/award/approvals", methods=["POST"])
@blp.arguments(ApprovalSchema)
@blp.response(201, ApprovalSchema)
def decide(body, procurement_id: int):
    """A participant's chief executive approves the award, or withdraws the municipality (e-ID level high)."""
    return approvals.decide(db.session, current_principal(), procurement_id, acr=session.get("acr", ""), **body)


@blp.route("/procurements/<int:procurement_id>/award/contract", methods=["POST"])
@blp.arguments(ContractSignSchema)
@blp.response(201, ContractSigningSchema)
def sign_contract(body, procurement_id: int):
    """The coordinator signs the uploaded contract after the standstill period (e-ID level high); it enters the
    region's contract register."""
    principal = current_principal()
    procurement = access_award(db.session, principal, procurement_id)
    if body.get("processes_personal_data") is None:
        body["processes_personal_data"] = signing.processes_personal_data(db.session, procurement)
    return signing.sign_contract(db.session, principal, procurement_id, body, acr=session.get("acr", ""))
