"""Pages for needs, their lifecycle and benefit plans, the regions' lists and templates, and CPV lookup.

Views translate HTTP into service calls and back. A need, tenant or region out of
reach is a 404 before any form is read; a role that may not act is a 403. After a
change: commit, a translated confirmation, and a redirect (post/redirect/get). Bad
input re-shows the page with what to fix, status 422, and nothing is written.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.cpv import services as cpv
from samverka.platform.matching.wording import grounds_text
from samverka.platform.needs import labels
from samverka.platform.needs.forms import (
    LINE_FORM,
    NEED_FORM,
    SUBMISSION_FORM,
    TEMPLATE_FORM,
    TRANSITION_FORM,
    LineFormSchema,
    NeedFormSchema,
    need_form_values,
    submitted_with_errors,
)
from samverka.platform.needs.schemas import BenefitTemplateSchema, SubmissionSchema, TransitionSchema
from samverka.platform.needs.services import needs, pages, plans, templates
from samverka.platform.needs.services.access import RuleViolation, access_need
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import HtmlForm
from samverka.tenants.services import directory
from samverka.tenants.services.directory import NotFoundError

bp = Blueprint("needs", __name__, template_folder="templates")


@bp.context_processor
def _vocabulary() -> dict:
    return {
        **labels.template_context(),
        "cpv_display": cpv.display,
        "cpv_lookup": cpv.lookup,
        "number": _number,
        "grounds_text": grounds_text,
    }


def _number(value: Decimal | None) -> str:
    return "–" if value is None else format_decimal(value, format="#,##0.##")


# --- A municipality's needs ----------------------------------------------------------------------


@bp.get("/tenants/<int:tenant_id>/needs")
@login_required
def tenant_needs(tenant_id: int):
    principal = current_principal()
    tenant = directory.access_tenant(db.session, principal, tenant_id)
    return render_template(
        "needs/tenant_needs.html",
        tenant=tenant,
        needs=needs.tenant_needs(db.session, principal, tenant),
        may_register=pages.may_write_needs(principal, tenant.id),
    )


def _need_form_page(form: HtmlForm, *, tenant=None, need=None, status: int = 200):
    return render_template("needs/need_form.html", form=form, tenant=tenant, need=need), status


@bp.get("/tenants/<int:tenant_id>/needs/new")
@login_required
def new_need(tenant_id: int):
    tenant = directory.access_tenant(db.session, current_principal(), tenant_id)
    directory.require(current_principal(), perm.TENANT_NEEDS_WRITE, tenant_id=tenant.id)
    return _need_form_page(HtmlForm(NEED_FORM, {"kind": "replacement"}), tenant=tenant)


@bp.post("/tenants/<int:tenant_id>/needs")
@login_required
def create_need(tenant_id: int):
    principal = current_principal()
    tenant = directory.access_tenant(db.session, principal, tenant_id)
    form = HtmlForm.submitted(NEED_FORM)
    data = form.load(NeedFormSchema())
    if data is None:
        return _need_form_page(form, tenant=tenant, status=UNPROCESSABLE)
    need = needs.create_need(db.session, principal, tenant, **data)
    return commit_and_redirect(
        _("The need %(title)s was registered as a draft.", title=need.title), ".need", need_id=need.id
    )


# --- One need ------------------------------------------------------------------------------------


def _need_page(need_id: int, status: int = 200, **forms: HtmlForm):
    page = pages.need_page(db.session, current_principal(), need_id)
    blank = {"submission_form": HtmlForm(SUBMISSION_FORM), "transition_form": HtmlForm(TRANSITION_FORM)}
    return render_template("needs/need.html", page=page, **{**blank, **forms}), status


@bp.get("/needs/<int:need_id>")
@login_required
def need(need_id: int):
    return _need_page(need_id)


@bp.get("/needs/<int:need_id>/edit")
@login_required
def edit_need(need_id: int):
    found = access_need(db.session, current_principal(), need_id)
    return _need_form_page(HtmlForm(NEED_FORM, need_form_values(found)), need=found)


@bp.post("/needs/<int:need_id>/edit")
@login_required
def update_need(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    form = HtmlForm.submitted(NEED_FORM)
    data = form.load(NeedFormSchema())
    if data is None:
        return _need_form_page(form, need=found, status=UNPROCESSABLE)
    try:
        needs.update_need(db.session, principal, found, **data)
    except RuleViolation as refused:
        db.session.rollback()
        form = submitted_with_errors(HtmlForm.submitted(NEED_FORM), refused.messages())
        return _need_form_page(form, need=access_need(db.session, principal, need_id), status=UNPROCESSABLE)
    return commit_and_redirect(_("Your changes were saved."), ".need", need_id=need_id)


@bp.post("/needs/<int:need_id>/delete")
@login_required
def delete_need(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    tenant_id, title = found.tenant_id, found.title
    try:
        needs.delete_need(db.session, principal, found)
    except RuleViolation as refused:
        db.session.rollback()
        return _need_page(
            need_id, UNPROCESSABLE, transition_form=submitted_with_errors(HtmlForm(TRANSITION_FORM), refused.messages())
        )
    return commit_and_redirect(_("The draft %(title)s was deleted.", title=title), ".tenant_needs", tenant_id=tenant_id)


@bp.post("/needs/<int:need_id>/submission")
@login_required
def submit_need(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    form = HtmlForm.submitted(SUBMISSION_FORM, lists=("region_ids",))
    data = form.load(SubmissionSchema(), {k: v for k, v in form.values.items() if v != ""})
    if data is None:
        return _need_page(need_id, UNPROCESSABLE, submission_form=form)
    try:
        needs.submit_need(db.session, principal, found, **data)
    except RuleViolation as refused:
        db.session.rollback()
        return _need_page(need_id, UNPROCESSABLE, submission_form=submitted_with_errors(form, refused.messages()))
    return commit_and_redirect(_("The need was submitted."), ".need", need_id=need_id)


@bp.post("/needs/<int:need_id>/transitions")
@login_required
def move_need(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    form = HtmlForm.submitted(TRANSITION_FORM)
    data = form.load(TransitionSchema(), {k: v for k, v in form.values.items() if v != ""})
    if data is None:
        return _need_page(need_id, UNPROCESSABLE, transition_form=form)
    try:
        needs.move_need(db.session, principal, found, **data)
    except RuleViolation as refused:
        db.session.rollback()
        return _need_page(need_id, UNPROCESSABLE, transition_form=submitted_with_errors(form, refused.messages()))
    status = labels.STATUS_LABELS[found.status]
    return commit_and_redirect(_("The need is now: %(status)s.", status=status), ".need", need_id=need_id)


# --- Benefit plan --------------------------------------------------------------------------------


def _plan_page(need_id: int, form: HtmlForm | None = None, status: int = 200):
    page = pages.need_page(db.session, current_principal(), need_id)
    return render_template("needs/plan.html", page=page, form=form or HtmlForm(LINE_FORM)), status


@bp.get("/needs/<int:need_id>/plan")
@login_required
def plan(need_id: int):
    return _plan_page(need_id)


@bp.post("/needs/<int:need_id>/plan/lines")
@login_required
def add_line(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    form = HtmlForm.submitted(LINE_FORM)
    data = form.load(LineFormSchema())
    if data is None:
        return _plan_page(need_id, form, UNPROCESSABLE)
    try:
        plans.add_line(db.session, principal, found, **data)
    except RuleViolation as refused:
        db.session.rollback()
        return _plan_page(need_id, submitted_with_errors(form, refused.messages()), UNPROCESSABLE)
    return commit_and_redirect(_("The benefit was added to the plan."), ".plan", need_id=need_id)


@bp.post("/needs/<int:need_id>/plan/lines/remove")
@login_required
def remove_line(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    line_id = request.form.get("line_id", "")
    if not line_id.isdigit():
        raise NotFoundError()
    plans.remove_line(db.session, principal, found, int(line_id))
    return commit_and_redirect(_("The benefit was removed from the plan."), ".plan", need_id=need_id)


# --- A region's needs and template ---------------------------------------------------------------


@bp.get("/regions/<int:region_id>/needs")
@login_required
def region_needs(region_id: int):
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id)
    return render_template(
        "needs/region_needs.html",
        region=region,
        needs=needs.region_needs(db.session, principal, region),
        may_edit_template=pages.may_edit_template(principal, region.id),
    )


def _template_page(region, form: HtmlForm, status: int = 200):
    return render_template(
        "needs/template.html",
        region=region,
        form=form,
        may_edit=pages.may_edit_template(current_principal(), region.id),
    ), status


@bp.get("/regions/<int:region_id>/benefit-template")
@login_required
def benefit_template(region_id: int):
    region = directory.access_region(db.session, current_principal(), region_id)
    saved = templates.template_for(db.session, region.id)
    values = {"benefit_types": saved.benefit_types, "required_fields": saved.required_fields}
    return _template_page(region, HtmlForm(TEMPLATE_FORM, values))


@bp.post("/regions/<int:region_id>/benefit-template")
@login_required
def save_benefit_template(region_id: int):
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id)
    form = HtmlForm.submitted(TEMPLATE_FORM, lists=("benefit_types", "required_fields"))
    data = form.load(BenefitTemplateSchema())
    if data is None:
        return _template_page(region, form, UNPROCESSABLE)
    templates.save_template(db.session, principal, region, **data)
    return commit_and_redirect(
        _("The benefit template of %(region)s was saved.", region=region.name), ".benefit_template", region_id=region_id
    )


# --- CPV lookup ----------------------------------------------------------------------------------


@bp.get("/cpv")
@login_required
def cpv_search():
    query = request.args.get("q", "").strip()[:100]
    found = cpv.search(query) if len(query) >= 2 else []
    return render_template("needs/cpv.html", query=query, found=found)
