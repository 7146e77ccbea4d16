"""Pages for needs, their lifecycle and benefit plans, the regions' lists and templates, and CPV lookup.

Views translate HTTP into service calls and back. A need, tenant or region out of reach is a
404 before any form is read; a role that may not act is a 403. Every form goes through
``submit_form``: bad input re-shows the page with what to fix (422) and nothing is written;
a change is committed and followed by a redirect.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.errors import NotFound
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, act, submit_form
from samverka.platform.core.money import page_money
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.core.routing import id_links
from samverka.platform.cpv import services as cpv
from samverka.platform.needs import labels
from samverka.platform.needs.forms import (
    LINE_FORM,
    NEED_FORM,
    NEED_FORM_LISTS,
    SUBMISSION_FORM,
    TEMPLATE_FORM,
    TRANSITION_FORM,
    LineFormSchema,
    NeedFormSchema,
    need_form_values,
    with_cpv_code,
)
from samverka.platform.needs.schemas import BenefitTemplateSchema, SubmissionSchema, TransitionSchema
from samverka.platform.needs.services import benefit_plans, needs, pages, templates
from samverka.platform.needs.services.access import access_need
from samverka.tenants import permissions as perm
from samverka.tenants.services.directory import access_tenant

bp = Blueprint("needs", __name__, template_folder="templates", static_folder="static", static_url_path="/static/needs")


@bp.context_processor
def _vocabulary() -> dict:
    return {
        **labels.template_context(),
        "cpv_display": cpv.display,
        "cpv_label": lambda code: cpv.label(code, str(get_locale())),
        "number": _number,
    }


def _number(value: Decimal | None) -> str:
    return "–" if value is None else format_decimal(value, format="#,##0.##")


def _typed(form: HtmlForm) -> dict:
    """An empty field means "not given", not an invalid value."""
    return {name: value for name, value in form.values.items() if value != ""}


# --- A municipality's needs ----------------------------------------------------------------------


@bp.get("/tenants/<int:tenant_id>/needs")
@login_required
def tenant_needs(tenant_id: int):
    principal, args = current_principal(), request.args
    page = pages.tenant_needs_page(db.session, principal, tenant_id, page_request(args), args)
    return _list_page("needs/tenant_needs.html", page, tenant=page.owner)


def _list_page(template: str, page: pages.NeedsListPage, **owner):
    """A list of needs, its rows' links and amounts written without asking url_for and the language for each."""
    links = id_links(".need", "need_id")
    return render_template(template, page=page, needs=page.needs, need_link=links, money=page_money(), **owner)


def _need_form_page(form: HtmlForm, *, tenant=None, need=None, cpv_query: str = "", cpv_found=None):
    return render_template(
        "needs/need_form.html", form=form, tenant=tenant, need=need, cpv_query=cpv_query, cpv_found=cpv_found
    )


def _looking_up_cpv() -> bool:
    """The need form's CPV search (or one of its "Add" buttons) was pressed, not "Save"."""
    return request.form.get("action") == "search_cpv" or "cpv_add" in request.form


def _cpv_look_up(show):
    """The need form shown again with everything typed, the codes found and the one chosen added; nothing saved.

    It is the same form posted to the same route, so the look-up works without script and loses nothing.
    """
    form = HtmlForm.submitted(NEED_FORM, lists=NEED_FORM_LISTS)
    query = request.form.get("cpv_query", "").strip()[:100]
    added = request.form.get("cpv_add", "")
    if cpv.lookup(added):
        form.values["cpv_codes"] = with_cpv_code(form.value("cpv_codes"), added)
    return show(form, cpv_query=query, cpv_found=cpv.search(query) if len(query) >= 2 else None)


@bp.get("/tenants/<int:tenant_id>/needs/new")
@login_required
def new_need(tenant_id: int):
    tenant = access_tenant(db.session, current_principal(), tenant_id, perm.TENANT_NEEDS_WRITE)
    return _need_form_page(HtmlForm(NEED_FORM, {"kind": "replacement"}), tenant=tenant)


@bp.post("/tenants/<int:tenant_id>/needs")
@login_required
def create_need(tenant_id: int):
    principal = current_principal()
    tenant = access_tenant(db.session, principal, tenant_id, perm.TENANT_READ)
    if _looking_up_cpv():
        return _cpv_look_up(lambda form, **found: _need_form_page(form, tenant=tenant, **found))
    return submit_form(
        HtmlForm.submitted(NEED_FORM, lists=NEED_FORM_LISTS),
        schema=NeedFormSchema(),
        change=lambda data: needs.create_need(db.session, principal, tenant_id, **data),
        show=lambda form: _need_form_page(form, tenant=tenant),
        done=lambda need: (
            _("The need %(title)s was registered as a draft.", title=need.title),
            url_for(".need", need_id=need.id),
        ),
    )


# --- One need ------------------------------------------------------------------------------------


def _need_page(need_id: int, **forms: HtmlForm):
    page = pages.need_page(db.session, current_principal(), need_id)
    # The only region there is to submit to is chosen already; with two or more, the person chooses.
    only = [region.id for region in page.submit_choices] if len(page.submit_choices) == 1 else []
    blank = {
        "submission_form": HtmlForm(SUBMISSION_FORM, {"region_ids": only}),
        "transition_form": HtmlForm(TRANSITION_FORM),
    }
    return render_template("needs/need.html", page=page, **{**blank, **forms})


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
    if _looking_up_cpv():
        return _cpv_look_up(lambda form, **shown: _need_form_page(form, need=found, **shown))
    return submit_form(
        HtmlForm.submitted(NEED_FORM, lists=NEED_FORM_LISTS),
        schema=NeedFormSchema(),
        change=lambda data: needs.update_need(db.session, principal, found, **data),
        show=lambda form: _need_form_page(form, need=access_need(db.session, principal, need_id)),
        done=lambda _changed: (_("Your changes were saved."), url_for(".need", need_id=need_id)),
    )


@bp.post("/needs/<int:need_id>/delete")
@login_required
def delete_need(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    tenant_id, title = found.tenant_id, found.title
    return act(
        lambda: needs.delete_need(db.session, principal, found),
        done=lambda _deleted: (
            _("The draft %(title)s was deleted.", title=title),
            url_for(".tenant_needs", tenant_id=tenant_id),
        ),
        refused=lambda refused: _need_page(need_id, transition_form=HtmlForm(TRANSITION_FORM).refuse(refused)),
    )


@bp.post("/needs/<int:need_id>/submission")
@login_required
def submit_need(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    form = HtmlForm.submitted(SUBMISSION_FORM, lists=("region_ids",))
    return submit_form(
        form,
        schema=SubmissionSchema(),
        payload=_typed(form),
        change=lambda data: needs.submit_need(db.session, principal, found, **data),
        show=lambda shown: _need_page(need_id, submission_form=shown),
        done=lambda _submitted: (_("The need was submitted."), url_for(".need", need_id=need_id)),
    )


@bp.post("/needs/<int:need_id>/transitions")
@login_required
def move_need(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    form = HtmlForm.submitted(TRANSITION_FORM)
    return submit_form(
        form,
        schema=TransitionSchema(),
        payload=_typed(form),
        change=lambda data: needs.move_need(db.session, principal, found, **data),
        show=lambda shown: _need_page(need_id, transition_form=shown),
        done=lambda moved: (
            _("The need is now: %(status)s.", status=labels.STATUS_LABELS[moved.status]),
            url_for(".need", need_id=need_id),
        ),
    )


# --- Benefit plan --------------------------------------------------------------------------------


def _benefit_plan_page(need_id: int, form: HtmlForm | None = None):
    page = pages.need_page(db.session, current_principal(), need_id)
    return render_template("needs/benefit_plan.html", page=page, form=form or HtmlForm(LINE_FORM))


@bp.get("/needs/<int:need_id>/benefit-plan")
@login_required
def benefit_plan(need_id: int):
    return _benefit_plan_page(need_id)


@bp.post("/needs/<int:need_id>/benefit-plan/lines")
@login_required
def add_line(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    return submit_form(
        HtmlForm.submitted(LINE_FORM),
        schema=LineFormSchema(),
        change=lambda data: benefit_plans.add_line(db.session, principal, found, **data),
        show=lambda form: _benefit_plan_page(need_id, form),
        done=lambda _line: (_("The benefit was added to the plan."), url_for(".benefit_plan", need_id=need_id)),
    )


@bp.post("/needs/<int:need_id>/benefit-plan/lines/remove")
@login_required
def remove_line(need_id: int):
    principal = current_principal()
    found = access_need(db.session, principal, need_id)
    line_id = request.form.get("line_id", "")
    if not line_id.isdigit():
        raise NotFound()
    return act(
        lambda: benefit_plans.remove_line(db.session, principal, found, int(line_id)),
        done=lambda _removed: (_("The benefit was removed from the plan."), url_for(".benefit_plan", need_id=need_id)),
        refused=lambda refused: _benefit_plan_page(need_id, HtmlForm(LINE_FORM).refuse(refused)),
    )


# --- A region's needs and template ---------------------------------------------------------------


@bp.get("/regions/<int:region_id>/needs")
@login_required
def region_needs(region_id: int):
    principal, args = current_principal(), request.args
    page = pages.region_needs_page(db.session, principal, region_id, page_request(args), args)
    return _list_page("needs/region_needs.html", page, region=page.owner)


def _template_page(region_id: int, form: HtmlForm | None = None):
    page = pages.template_page(db.session, current_principal(), region_id)
    if form is None:
        values = {"benefit_types": page.template.benefit_types, "required_fields": page.template.required_fields}
        form = HtmlForm(TEMPLATE_FORM, values)
    return render_template("needs/template.html", region=page.region, form=form, may_edit=page.may_edit)


@bp.get("/regions/<int:region_id>/benefit-template")
@login_required
def benefit_template(region_id: int):
    return _template_page(region_id)


@bp.post("/regions/<int:region_id>/benefit-template")
@login_required
def save_benefit_template(region_id: int):
    return submit_form(
        HtmlForm.submitted(TEMPLATE_FORM, lists=("benefit_types", "required_fields")),
        schema=BenefitTemplateSchema(),
        change=lambda data: templates.save_template(db.session, current_principal(), region_id, **data),
        show=lambda form: _template_page(region_id, form),
        done=lambda saved: (
            _("The benefit template of %(region)s was saved.", region=saved.region.name),
            url_for(".benefit_template", region_id=region_id),
        ),
    )


# --- CPV lookup ----------------------------------------------------------------------------------


@bp.get("/cpv")
@login_required
def cpv_search():
    query = request.args.get("q", "").strip()[:100]
    found = cpv.search(query) if len(query) >= 2 else []
    return render_template("needs/cpv.html", query=query, found=found)
