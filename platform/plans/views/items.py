"""Adding, changing and removing plan items (the region's coordinator)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, act, submit_form
from samverka.platform.core.request import current_principal
from samverka.platform.plans.forms import ITEM_FORM, ItemFormSchema, item_form_values
from samverka.platform.plans.services import items
from samverka.platform.plans.services.action_plans import access_item, access_plan
from samverka.platform.plans.views import bp
from samverka.tenants import permissions as perm
from samverka.tenants.services.directory import member_tenants


def _form_page(plan, form: HtmlForm, *, item=None, outside: bool = False):
    return render_template(
        "plans/item_form.html",
        plan=plan,
        item=item,
        form=form,
        outside=outside,
        members=member_tenants(db.session, plan.region_id),
    )


def _payload(form: HtmlForm, outside: bool) -> dict:
    payload = {k: v for k, v in form.values.items() if v not in ("", [])}
    payload.setdefault("participant_ids", [])
    payload.pop("status", None)
    return {**payload, "outside_plan": outside}


@bp.get("/action-plans/<int:plan_id>/items/new")
@login_required
def new_item(plan_id: int):
    plan = access_plan(db.session, current_principal(), plan_id, perm.REGION_PLAN_WRITE)
    outside = request.args.get("outside") == "1"
    everyone = [str(t.id) for t in member_tenants(db.session, plan.region_id)]
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
    plan = access_plan(db.session, principal, plan_id, perm.REGION_PLAN_WRITE)
    outside = request.form.get("outside_plan") == "yes"
    form = HtmlForm.submitted(ITEM_FORM, lists=("participant_ids",))
    return submit_form(
        form,
        schema=ItemFormSchema(),
        payload=_payload(form, outside),
        change=lambda data: items.add_item(db.session, principal, plan, **data),
        show=lambda shown: _form_page(plan, shown, outside=outside),
        done=lambda created: (
            _("The item %(title)s was added.", title=created.title),
            url_for(".plan", plan_id=plan_id),
        ),
    )


@bp.get("/plan-items/<int:item_id>/edit")
@login_required
def edit_item(item_id: int):
    item = access_item(db.session, current_principal(), item_id, perm.REGION_PLAN_WRITE)
    return _form_page(item.plan, HtmlForm(ITEM_FORM, item_form_values(item)), item=item)


@bp.post("/plan-items/<int:item_id>/edit")
@login_required
def update_item(item_id: int):
    principal = current_principal()
    item = access_item(db.session, principal, item_id, perm.REGION_PLAN_WRITE)
    plan_id = item.plan_id
    form = HtmlForm.submitted(ITEM_FORM, lists=("participant_ids",))

    def change(data: dict):
        data.pop("outside_plan")
        return items.update_item(db.session, principal, item, **data)

    return submit_form(
        form,
        schema=ItemFormSchema(),
        payload=_payload(form, False),
        change=change,
        show=lambda shown: _form_page(item.plan, shown, item=item),
        done=lambda _updated: (_("Your changes were saved."), url_for(".plan", plan_id=plan_id)),
    )


@bp.post("/plan-items/<int:item_id>/delete")
@login_required
def delete_item(item_id: int):
    principal = current_principal()
    item = access_item(db.session, principal, item_id, perm.REGION_PLAN_WRITE)
    plan_id, title = item.plan_id, item.title
    return act(
        lambda: items.delete_item(db.session, principal, item),
        done=lambda _deleted: (_("The item %(title)s was removed.", title=title), url_for(".plan", plan_id=plan_id)),
        refused=lambda refused: _form_page(
            item.plan, HtmlForm(ITEM_FORM, item_form_values(item)).refuse(refused), item=item
        ),
    )
