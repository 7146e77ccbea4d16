"""The award page: the recommendation, its quality check, every participant's approval, the standstill period
and the contract's signature, each section shown at its stage and its form to whoever may act."""

from __future__ import annotations

from flask import Blueprint, render_template, session, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.awards import approvals, forms, quality, signing
from samverka.platform.awards.labels import (
    DECISION_COLORS,
    DECISION_LABELS,
    KRALJIC_LABELS,
    LEVEL_LABELS,
    OUTCOME_LABELS,
)
from samverka.platform.awards.schemas import ApprovalSchema, ContractFormSchema, QualityCheckSchema
from samverka.platform.awards.services import access_award, award_state
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, submit_form
from samverka.platform.core.money import money
from samverka.platform.core.request import current_principal
from samverka.platform.core.time import local_today
from samverka.platform.procurements.stages import STAGE_LABELS, reached
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on, require_step_up

bp = Blueprint("awards", __name__, template_folder="templates")


@bp.context_processor
def _labels() -> dict:
    return {
        "outcome_labels": OUTCOME_LABELS,
        "decision_labels": DECISION_LABELS,
        "decision_colors": DECISION_COLORS,
        "kraljic_labels": KRALJIC_LABELS,
        "level_labels": LEVEL_LABELS,
        "format_score": lambda score: format_decimal(score, format="0.00"),
        "money": money,
        "procurement_status_labels": STAGE_LABELS,
    }


def _award_page(procurement_id: int, shown: dict[str, HtmlForm] | None = None):
    principal = current_principal()
    state = award_state(db.session, principal, procurement_id)
    procurement = state.procurement
    signable_from = signing.signable_from(db.session, procurement)
    may_sign = procurement.status == "standstill" and holds_on(principal, procurement, perm.REGION_CONTRACT_SIGN)
    page_forms = {
        "quality": HtmlForm(forms.QUALITY_FORM),
        "approval": HtmlForm(forms.APPROVAL_FORM),
        "contract": forms.contract_form(signing.processes_personal_data(db.session, procurement))
        if may_sign
        else HtmlForm(forms.CONTRACT_FORM),
        **(shown or {}),
    }
    deciding = approvals.deciding_tenants(db.session, principal, procurement)
    country_today = local_today(state.decision.country) if state.decision else None
    return render_template(
        "awards/award.html",
        state=state,
        procurement=procurement,
        started=reached(procurement.status, "award_recommendation") or bool(state.checks),
        forms=page_forms,
        may_check=procurement.status == "quality_check"
        and holds_on(principal, procurement, perm.REGION_AWARD_QUALITY_CHECK),
        deciding=deciding,
        deciding_options=[(a.tenant_id, a.tenant_name) for a in deciding],
        may_sign=may_sign,
        signable_from=signable_from,
        standstill_over=bool(signable_from and country_today and country_today >= signable_from),
        recommendation_text=_text_in_locale(state),
    )


def _text_in_locale(state) -> str:
    """The recommendation's text in the reader's language (bokmål when the page is in another)."""
    if state.recommendation is None:
        return ""
    language = str(get_locale() or "nb")[:2]
    return getattr(state.recommendation, f"text_{language}", None) or state.recommendation.text_nb


@bp.get("/procurements/<int:procurement_id>/award")
@login_required
def award(procurement_id: int):
    return _award_page(procurement_id)


def _done(message: str, procurement_id: int, anchor: str):
    return message, url_for(".award", procurement_id=procurement_id, _anchor=anchor)


@bp.post("/procurements/<int:procurement_id>/award/quality-check")
@login_required
def quality_check(procurement_id: int):
    access_award(db.session, current_principal(), procurement_id)
    return submit_form(
        HtmlForm.submitted(forms.QUALITY_FORM),
        schema=QualityCheckSchema(),
        change=lambda data: quality.quality_check(db.session, current_principal(), procurement_id, **data),
        show=lambda shown: _award_page(procurement_id, {"quality": shown}),
        done=lambda check: _done(
            _("The recommendation was approved: the participants' chief executives are asked to approve the award.")
            if check.outcome == "approved"
            else _("The recommendation was returned to the evaluation; the purchaser is e-mailed."),
            procurement_id,
            "quality-heading",
        ),
    )


@bp.post("/procurements/<int:procurement_id>/award/approvals")
@login_required
def decide(procurement_id: int):
    principal = current_principal()
    procurement = access_award(db.session, principal, procurement_id)
    if approvals.deciding_tenants(db.session, principal, procurement):
        require_step_up(principal, perm.TENANT_AWARD_APPROVE)  # before the form is read: it is kept for after e-ID
    form = HtmlForm.submitted(forms.APPROVAL_FORM)
    return submit_form(
        form,
        schema=ApprovalSchema(),
        payload=forms.approval_payload(form),
        change=lambda data: approvals.decide(db.session, principal, procurement_id, acr=session.get("acr", ""), **data),
        show=lambda shown: _award_page(procurement_id, {"approval": shown}),
        done=lambda made: _done(
            _("%(tenant)s approved the award.", tenant=made.tenant_name)
            if made.decision == "approved"
            else _("%(tenant)s withdrew from the procurement.", tenant=made.tenant_name),
            procurement_id,
            "approvals-heading",
        ),
    )


@bp.post("/procurements/<int:procurement_id>/award/contract")
@login_required
def sign_contract(procurement_id: int):
    principal = current_principal()
    procurement = access_award(db.session, principal, procurement_id)
    if holds_on(principal, procurement, perm.REGION_CONTRACT_SIGN):
        require_step_up(principal, perm.REGION_CONTRACT_SIGN)
    form = HtmlForm.submitted(forms.CONTRACT_FORM)
    return submit_form(
        form,
        schema=ContractFormSchema(),
        payload=forms.contract_payload(form),
        shown_as=forms.CONTRACT_SHOWN_AS,
        change=lambda data: signing.sign_contract(
            db.session, principal, procurement_id, data, acr=session.get("acr", "")
        ),
        show=lambda shown: _award_page(procurement_id, {"contract": shown}),
        done=lambda _signed: _done(
            _("The contract was signed and entered in the region's contract register."),
            procurement_id,
            "contract-heading",
        ),
    )
