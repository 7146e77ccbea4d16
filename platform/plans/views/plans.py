"""The region's plans, one plan, submitting it, new versions, the timeline and the council's exports."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm import selectinload

from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.needs.forms import submitted_with_errors
from samverka.platform.needs.labels import CATEGORY_LABELS
from samverka.platform.plans.exports import plan_pdf, plan_xlsx
from samverka.platform.plans.forms import PLAN_ACTION_FORM
from samverka.platform.plans.models import ActionPlan
from samverka.platform.plans.services import approval, drafting, reports
from samverka.platform.plans.services.access import RuleViolation, access_plan, plans_of_region
from samverka.platform.plans.views import bp
from samverka.platform.plans.views.pages import plan_page
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import HtmlForm
from samverka.tenants.models.base import utcnow
from samverka.tenants.services import directory


@bp.get("/regions/<int:region_id>/action-plans")
@login_required
def region_plans(region_id: int):
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id)
    return render_template(
        "plans/list.html",
        region=region,
        next_year=utcnow().year + 1,
        plans=plans_of_region(db.session, principal, region.id, selectinload(ActionPlan.items)),
        may_write=perm.has_permission(principal, perm.REGION_PLAN_WRITE, region_id=region.id),
        may_configure=perm.has_permission(principal, perm.REGION_SETTINGS_WRITE, region_id=region.id),
    )


@bp.post("/regions/<int:region_id>/action-plans/draft")
@login_required
def request_draft(region_id: int):
    year = utcnow().year + 1
    drafting.request_draft(db.session, current_principal(), region_id, year)
    return commit_and_redirect(
        _("The plan for %(year)s is being drafted. Reload the page in a moment.", year=year),
        ".region_plans",
        region_id=region_id,
    )


def _plan_page(plan_id: int, form: HtmlForm | None = None, status: int = 200):
    principal = current_principal()
    page = plan_page(db.session, principal, access_plan(db.session, principal, plan_id))
    return render_template("plans/plan.html", page=page, form=form or HtmlForm(PLAN_ACTION_FORM)), status


@bp.get("/action-plans/<int:plan_id>")
@login_required
def plan(plan_id: int):
    return _plan_page(plan_id)


def _refused(plan_id: int, refused: RuleViolation):
    db.session.rollback()
    return _plan_page(plan_id, submitted_with_errors(HtmlForm(PLAN_ACTION_FORM), refused.messages()), UNPROCESSABLE)


@bp.post("/action-plans/<int:plan_id>/submit")
@login_required
def submit(plan_id: int):
    principal = current_principal()
    found = access_plan(db.session, principal, plan_id)
    try:
        approval.submit(db.session, principal, found)
    except RuleViolation as refused:
        return _refused(plan_id, refused)
    return commit_and_redirect(
        _("The plan was submitted to the chief executives for approval."), ".plan", plan_id=plan_id
    )


@bp.post("/action-plans/<int:plan_id>/new-version")
@login_required
def new_version(plan_id: int):
    principal = current_principal()
    found = access_plan(db.session, principal, plan_id)
    try:
        created = approval.new_version(db.session, principal, found)
    except RuleViolation as refused:
        return _refused(plan_id, refused)
    return commit_and_redirect(
        _("Version %(version)s was made as a draft.", version=created.version), ".plan", plan_id=created.id
    )


@bp.get("/action-plans/<int:plan_id>/timeline")
@login_required
def timeline(plan_id: int):
    plan = access_plan(db.session, current_principal(), plan_id)
    return render_template("plans/timeline.html", plan=plan, rows=[TimelineRow(item) for item in plan.items])


class TimelineRow:
    """What the timeline macro reads of an item."""

    def __init__(self, item):
        self.title, self.start_quarter, self.priority = item.title, item.start_quarter, item.priority
        self.category_label, self.outside_plan = CATEGORY_LABELS[item.category], item.outside_plan
        self.url = f"/action-plans/{item.plan_id}#item-{item.id}"


def _export(plan_id: int):
    principal = current_principal()
    found = access_plan(db.session, principal, plan_id)
    return found, reports.plan_export(db.session, principal, found, utcnow().date())


def _download(content: bytes, mimetype: str, plan, extension: str) -> Response:
    name = f"action-plan-{plan.region_id}-{plan.year}-v{plan.version}.{extension}"
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/action-plans/<int:plan_id>/export.xlsx")
@login_required
def export_xlsx(plan_id: int):
    found, export = _export(plan_id)
    return _download(
        plan_xlsx(export), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", found, "xlsx"
    )


@bp.get("/action-plans/<int:plan_id>/export.pdf")
@login_required
def export_pdf(plan_id: int):
    found, export = _export(plan_id)
    return _download(plan_pdf(export), "application/pdf", found, "pdf")
