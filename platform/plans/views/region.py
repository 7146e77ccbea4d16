"""The region's cost-sharing key and approval rule, and a municipality's own budget lines (page and CSV)."""

from __future__ import annotations

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.errors import Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, submit_form
from samverka.platform.core.request import current_principal
from samverka.platform.plans.exports import budget_lines_csv
from samverka.platform.plans.forms import SETTINGS_FORM, percent, percent_to_basis_points
from samverka.platform.plans.schemas import PlanSettingsSchema
from samverka.platform.plans.services import reports, settings
from samverka.platform.plans.services.action_plans import plans_of_region
from samverka.platform.plans.views import bp
from samverka.tenants.services.directory import member_tenants


def _settings_page(region_id: int, form: HtmlForm, shares: dict[int, str]):
    principal = current_principal()
    region = settings.settings_region(db.session, principal, region_id)
    members = member_tenants(db.session, region.id)
    drafts = [plan for plan in plans_of_region(db.session, principal, region.id) if plan.is_draft]
    return render_template(
        "plans/settings.html", region=region, form=form, shares=shares, members=members, drafts=drafts
    )


@bp.get("/regions/<int:region_id>/cost-sharing")
@login_required
def cost_sharing(region_id: int):
    key = settings.region_key(db.session, current_principal(), region_id)
    values = {"cost_method": key.method, "equal_percent": str(key.equal_percent), "approval_rule": key.approval_rule}
    return _settings_page(region_id, HtmlForm(SETTINGS_FORM, values), {t: percent(bp) for t, bp in key.fixed})


def _fixed_shares(form: HtmlForm, typed: dict[int, str]) -> dict[int, int] | None:
    """The typed fixed shares in basis points (an empty field is 0 %), when the fixed key is chosen."""
    if form.value("cost_method") != "fixed":
        return None
    try:
        return {tenant_id: percent_to_basis_points(text or "0") for tenant_id, text in typed.items()}
    except ValueError:
        raise Refused.field("fixed_shares", SETTINGS_FORM["fixed_shares"]) from None


@bp.post("/regions/<int:region_id>/cost-sharing")
@login_required
def save_cost_sharing(region_id: int):
    principal = current_principal()
    region = settings.settings_region(db.session, principal, region_id)
    typed = {t.id: request.form.get(f"share_{t.id}", "").strip() for t in member_tenants(db.session, region.id)}
    form = HtmlForm.submitted(SETTINGS_FORM)

    def change(data: dict):
        data.pop("fixed_shares", None)
        fixed = _fixed_shares(form, typed)
        return settings.save_settings(db.session, principal, region_id, fixed_shares=fixed, **data)

    return submit_form(
        form,
        schema=PlanSettingsSchema(),
        payload={k: v for k, v in form.values.items() if v != ""},
        change=change,
        show=lambda shown: _settings_page(region_id, shown, typed),
        done=lambda _saved: (
            _("The cost-sharing key and approval rule were saved."),
            url_for(".cost_sharing", region_id=region_id),
        ),
    )


@bp.get("/tenants/<int:tenant_id>/budget")
@login_required
def budget(tenant_id: int):
    principal = current_principal()
    tenant, years = reports.budget(db.session, principal, tenant_id)
    upkeep = reports.maintenance_years(db.session, principal, tenant)
    return render_template("plans/budget.html", tenant=tenant, years=years, maintenance=upkeep)


@bp.get("/tenants/<int:tenant_id>/budget.csv")
@login_required
def budget_csv(tenant_id: int):
    principal = current_principal()
    tenant, years = reports.budget(db.session, principal, tenant_id)
    lines = [line for year in years for line in year.lines]
    lines += reports.maintenance_budget_lines(reports.maintenance_years(db.session, principal, tenant))
    name = f"budget-{tenant.municipality_number}.csv"
    return Response(
        budget_lines_csv(lines, tenant.name),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
