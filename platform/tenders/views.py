"""Pages for recording tenders and their evaluation: set-up and tenders, one tender's evaluation, the ranking."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.catalogue import EEA_COUNTRIES
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, submit_form
from samverka.platform.core.request import current_principal
from samverka.platform.procurements.services import access_procurement
from samverka.platform.tenders import forms, recommendation, recording, services
from samverka.platform.tenders.labels import (
    COUNTRY_LABELS,
    CRITERIA_ROWS,
    SUB_PROCESSOR_ROWS,
    VERDICT_COLORS,
    VERDICT_LABELS,
    country_name,
    country_options,
)
from samverka.platform.tenders.schemas import (
    AwardCriteriaSchema,
    DraftRecommendationSchema,
    MandatoryRequirementsSchema,
    TenderEvaluationSchema,
    TenderFormSchema,
)
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on

bp = Blueprint("tenders", __name__, template_folder="templates")

RECOMMENDATION_FORM = {"note": _l("Write at most 2000 characters.")}


@bp.context_processor
def _labels() -> dict:
    return {
        "verdict_labels": VERDICT_LABELS,
        "verdict_colors": VERDICT_COLORS,
        "country_labels": COUNTRY_LABELS,
        "country_name": country_name,
        "country_options": country_options,
        "eea_countries": EEA_COUNTRIES,
        "format_score": lambda score: format_decimal(score, format="0.00"),
    }


def _procurement(procurement_id: int, permission: str = perm.REGION_TENDERS_READ):
    return access_procurement(db.session, current_principal(), procurement_id, permission)


def _tenders_page(procurement_id: int, shown: dict[str, HtmlForm] | None = None):
    principal = current_principal()
    procurement = _procurement(procurement_id)
    criteria = services.criteria_of(db.session, procurement)
    requirements = services.requirements_of(db.session, procurement)
    page_forms = {
        "criteria": forms.criteria_form(criteria),
        "requirements": forms.requirements_form(requirements),
        "tender": HtmlForm(forms.TENDER_FORM),
        **(shown or {}),
    }
    return render_template(
        "tenders/list.html",
        procurement=procurement,
        criteria=criteria,
        requirements=requirements,
        evaluation=services.evaluation_of(db.session, principal, procurement),
        forms=page_forms,
        criteria_rows=range(CRITERIA_ROWS),
        sub_processor_rows=range(SUB_PROCESSOR_ROWS),
        may_write=holds_on(principal, procurement, perm.REGION_TENDERS_WRITE),
    )


@bp.get("/procurements/<int:procurement_id>/tenders")
@login_required
def tenders(procurement_id: int):
    return _tenders_page(procurement_id)


@bp.post("/procurements/<int:procurement_id>/tenders")
@login_required
def record_tender(procurement_id: int):
    procurement = _procurement(procurement_id, perm.REGION_TENDERS_WRITE)
    form = HtmlForm.submitted(forms.TENDER_FORM)
    return submit_form(
        form,
        schema=TenderFormSchema(),
        payload=forms.tender_payload(form),
        change=lambda data: services.record_tender(db.session, current_principal(), procurement, **data),
        show=lambda shown: _tenders_page(procurement_id, {"tender": shown}),
        done=lambda created: (
            _("The tender from %(supplier)s was recorded.", supplier=created.supplier_name),
            url_for(".tender", tender_id=created.id),
        ),
    )


@bp.post("/procurements/<int:procurement_id>/award-criteria")
@login_required
def set_criteria(procurement_id: int):
    procurement = _procurement(procurement_id, perm.REGION_TENDERS_WRITE)
    form = HtmlForm.submitted(forms.CRITERIA_FORM)
    return submit_form(
        form,
        schema=AwardCriteriaSchema(),
        payload=forms.criteria_payload(form),
        change=lambda data: services.set_award_criteria(db.session, current_principal(), procurement, data["criteria"]),
        show=lambda shown: _tenders_page(procurement_id, {"criteria": shown}),
        done=lambda _rows: (_("The award criteria were saved."), url_for(".tenders", procurement_id=procurement_id)),
    )


@bp.post("/procurements/<int:procurement_id>/mandatory-requirements")
@login_required
def set_requirements(procurement_id: int):
    procurement = _procurement(procurement_id, perm.REGION_TENDERS_WRITE)
    form = HtmlForm.submitted(forms.REQUIREMENTS_FORM)
    return submit_form(
        form,
        schema=MandatoryRequirementsSchema(),
        payload=forms.requirements_payload(form),
        change=lambda data: services.set_requirements(
            db.session, current_principal(), procurement, data["requirements"]
        ),
        show=lambda shown: _tenders_page(procurement_id, {"requirements": shown}),
        done=lambda _rows: (
            _("The mandatory requirements were saved."),
            url_for(".tenders", procurement_id=procurement_id),
        ),
    )


def _tender_page(tender_id: int, form: HtmlForm | None = None):
    principal = current_principal()
    tender = services.access_tender(db.session, principal, tender_id)
    procurement = _procurement(tender.procurement_id)
    criteria = services.criteria_of(db.session, procurement)
    requirements = services.requirements_of(db.session, procurement)
    return render_template(
        "tenders/tender.html",
        tender=tender,
        procurement=procurement,
        criteria=criteria,
        requirements=requirements,
        form=form or forms.evaluation_form(tender, requirements, criteria),
        may_write=holds_on(principal, tender, perm.REGION_TENDERS_WRITE),
    )


@bp.get("/tenders/<int:tender_id>")
@login_required
def tender(tender_id: int):
    return _tender_page(tender_id)


@bp.post("/tenders/<int:tender_id>")
@login_required
def evaluate_tender(tender_id: int):
    principal = current_principal()
    found = services.access_tender(db.session, principal, tender_id, perm.REGION_TENDERS_WRITE)
    procurement = _procurement(found.procurement_id)
    requirements = services.requirements_of(db.session, procurement)
    criteria = services.criteria_of(db.session, procurement)
    form = HtmlForm.submitted(forms.evaluation_messages(requirements, criteria))
    return submit_form(
        form,
        schema=TenderEvaluationSchema(),
        payload=forms.evaluation_payload(form, requirements, criteria),
        change=lambda data: recording.record_evaluation(db.session, principal, found, **data),
        show=lambda shown: _tender_page(tender_id, shown),
        done=lambda _saved: (
            _("The evaluation of %(supplier)s was saved.", supplier=found.supplier_name),
            url_for(".evaluation", procurement_id=found.procurement_id),
        ),
    )


def _evaluation_page(procurement_id: int, form: HtmlForm | None = None):
    principal = current_principal()
    procurement = _procurement(procurement_id)
    return render_template(
        "tenders/evaluation.html",
        procurement=procurement,
        evaluation=services.evaluation_of(db.session, principal, procurement),
        latest=recommendation.latest_recommendation(db.session, procurement),
        form=form or HtmlForm(RECOMMENDATION_FORM),
        may_write=holds_on(principal, procurement, perm.REGION_TENDERS_WRITE),
    )


@bp.get("/procurements/<int:procurement_id>/evaluation")
@login_required
def evaluation(procurement_id: int):
    return _evaluation_page(procurement_id)


@bp.post("/procurements/<int:procurement_id>/award-recommendations")
@login_required
def draft_recommendation(procurement_id: int):
    procurement = _procurement(procurement_id, perm.REGION_TENDERS_WRITE)
    return submit_form(
        HtmlForm.submitted(RECOMMENDATION_FORM),
        schema=DraftRecommendationSchema(),
        change=lambda data: recommendation.draft_recommendation(db.session, current_principal(), procurement, **data),
        show=lambda shown: _evaluation_page(procurement_id, shown),
        done=lambda _drafted: (
            _("A draft award recommendation was made from the ranking."),
            url_for(".evaluation", procurement_id=procurement_id, _anchor="recommendation-heading"),
        ),
    )
