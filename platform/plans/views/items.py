"""Adding, changing and removing plan items (the region's coordinator)."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.needs.forms import submitted_with_errors
from samverka.platform.plans.forms import ITEM_FORM, ItemFormSchema, item_form_values
from samverka.platform.plans.services import items
from samverka.platform.plans.services.access import RuleViolation, access_item, access_plan, member_tenants
from samverka.platform.plans.views import bp
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import HtmlForm
from samverka.tenants.services import directory


def _form_page(plan, form: HtmlForm, *, item=None, outside: bool = False, status: int = 200):
    principal = current_principal()
    directory.require(principal, perm.REGION_PLAN_WRITE, region_id=plan.region_id)
    return render_template(
        "plans/item_form.html",
        plan=plan,
        item=item,
        form=form,
        outside=outside,
        members=member_tenants(db.session, principal, plan.region_id),
    ), status


def _refused(plan, form: HtmlForm, refused: RuleViolation, **page):
    """Nothing is written: roll back and re-show the form with the service's messages (the rows reload)."""
    db.session.rollback()
    return _form_page(plan, submitted_with_errors(form, refused.messages()), status=UNPROCESSABLE, **page)


def _load(form: HtmlForm, outside: bool) -> dict | None:
    payload = {k: v for k, v in form.values.items() if v not in ("", [])}
    payload.setdefault("participant_ids", [])
    payload.pop("status", None)
    return form.load(ItemFormSchema(), {**payload, "outside_plan": outside})


@bp.get("/action-plans/<int:plan_id>/items/new")
@login_required
def new_item(plan_id: int):
    plan = access_plan(db.session, current_principal(), plan_id)
    outside = request.args.get("outside") == "1"
    everyone = [str(t.id) for t in member_tenants(db.session, current_principal(), plan.region_id)]
    values = {
        "priority": "2",
        "start_quarter": f"{plan.year}-Q1",
        "budget_source": "own" if outside else "plan",
        "participant_ids": everyone,
    }
    return _form_page(plan, HtmlForm(ITEM_FORM, values), outside=outside)


@bp.post("/action-plans/<int:plan_id>/items")
@login_required
def create_item(plan_id: int):
    principal = current_principal()
    plan = access_plan(db.session, principal, plan_id)
    outside = request.form.get("outside_plan") == "yes"
    form = HtmlForm.submitted(ITEM_FORM, lists=("participant_ids",))
    data = _load(form, outside)
    if data is None:
        return _form_page(plan, form, outside=outside, status=UNPROCESSABLE)
    try:
        created = items.add_item(db.session, principal, plan, **data)
    except RuleViolation as refused:
        return _refused(plan, form, refused, outside=outside)
    return commit_and_redirect(_("The item %(title)s was added.", title=created.title), ".plan", plan_id=plan_id)


@bp.get("/plan-items/<int:item_id>/edit")
@login_required
def edit_item(item_id: int):
    item = access_item(db.session, current_principal(), item_id)
    return _form_page(item.plan, HtmlForm(ITEM_FORM, item_form_values(item)), item=item)


@bp.post("/plan-items/<int:item_id>/edit")
@login_required
def update_item(item_id: int):
    principal = current_principal()
    item = access_item(db.session, principal, item_id)
    form = HtmlForm.submitted(ITEM_FORM, lists=("participant_ids",))
    data = _load(form, False)
    if data is None:
        return _form_page(item.plan, form, item=item, status=UNPROCESSABLE)
    data.pop("outside_plan")
    try:
        items.update_item(db.session, principal, item, **data)
    except RuleViolation as refused:
        return _refused(item.plan, form, refused, item=item)
    return commit_and_redirect(_("Your changes were saved."), ".plan", plan_id=item.plan_id)


@bp.post("/plan-items/<int:item_id>/delete")
@login_required
def delete_item(item_id: int):
    principal = current_principal()
    item = access_item(db.session, principal, item_id)
    plan_id, title = item.plan_id, item.title
    try:
        items.delete_item(db.session, principal, item)
    except RuleViolation as refused:
        return _refused(item.plan, HtmlForm(ITEM_FORM, item_form_values(item)), refused, item=item)
    return commit_and_redirect(_("The item %(title)s was removed.", title=title), ".plan", plan_id=plan_id)
