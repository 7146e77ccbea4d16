"""The region's cost-sharing key and approval rule, and a municipality's own budget lines (page and CSV)."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.needs.forms import submitted_with_errors
from samverka.platform.plans.exports import budget_lines_csv
from samverka.platform.plans.forms import SETTINGS_FORM, percent, percent_to_basis_points
from samverka.platform.plans.schemas import PlanSettingsSchema
from samverka.platform.plans.services import reports, settings
from samverka.platform.plans.services.access import RuleViolation, member_tenants
from samverka.platform.plans.views import bp
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import HtmlForm
from samverka.tenants.services import directory


def _settings_page(region_id: int, form: HtmlForm, shares: dict[int, str], status: int = 200):
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id)
    directory.require(principal, perm.REGION_SETTINGS_WRITE, region_id=region.id)
    return render_template(
        "plans/settings.html",
        region=region,
        form=form,
        shares=shares,
        members=member_tenants(db.session, principal, region.id),
    ), status


@bp.get("/regions/<int:region_id>/cost-sharing")
@login_required
def cost_sharing(region_id: int):
    key = settings.region_key(db.session, current_principal(), region_id)
    values = {"cost_method": key.method, "equal_percent": str(key.equal_percent), "approval_rule": key.approval_rule}
    return _settings_page(region_id, HtmlForm(SETTINGS_FORM, values), {t: percent(bp) for t, bp in key.fixed})


@bp.post("/regions/<int:region_id>/cost-sharing")
@login_required
def save_cost_sharing(region_id: int):
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id)
    form = HtmlForm.submitted(SETTINGS_FORM)
    members = member_tenants(db.session, principal, region.id)
    typed = {t.id: request.form.get(f"share_{t.id}", "").strip() for t in members}
    data = form.load(PlanSettingsSchema(), {k: v for k, v in form.values.items() if v != ""})
    fixed = None
    if form.value("cost_method") == "fixed":
        try:  # an empty field is 0 %
            fixed = {t: percent_to_basis_points(text or "0") for t, text in typed.items()}
        except ValueError:
            data = None
            form.fail("fixed_shares", SETTINGS_FORM["fixed_shares"])
    if data is None:
        return _settings_page(region_id, form, typed, UNPROCESSABLE)
    data.pop("fixed_shares", None)
    try:
        settings.save_settings(db.session, principal, region.id, fixed_shares=fixed, **data)
    except RuleViolation as refused:
        db.session.rollback()
        return _settings_page(region_id, submitted_with_errors(form, refused.messages()), typed, UNPROCESSABLE)
    return commit_and_redirect(
        _("The cost-sharing key and approval rule were saved."), ".cost_sharing", region_id=region_id
    )


@bp.get("/tenants/<int:tenant_id>/budget")
@login_required
def budget(tenant_id: int):
    principal = current_principal()
    tenant = directory.access_tenant(db.session, principal, tenant_id)
    return render_template(
        "plans/budget.html", tenant=tenant, years=reports.budget_years(db.session, principal, tenant)
    )


@bp.get("/tenants/<int:tenant_id>/budget.csv")
@login_required
def budget_csv(tenant_id: int):
    principal = current_principal()
    tenant = directory.access_tenant(db.session, principal, tenant_id)
    lines = [line for year in reports.budget_years(db.session, principal, tenant) for line in year.lines]
    name = f"budget-{tenant.municipality_number}.csv"
    return Response(
        budget_lines_csv(lines, tenant.name),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
