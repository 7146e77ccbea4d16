"""The region's plans, one plan, submitting it, new versions, the timeline and the council's exports."""

from __future__ import annotations

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, act, commit_and_redirect
from samverka.platform.core.money import money_in
from samverka.platform.core.request import current_principal
from samverka.platform.core.routing import id_links
from samverka.platform.core.time import CURRENCY_COUNTRIES, earliest_local_today, local_today
from samverka.platform.plans import labels
from samverka.platform.plans.exports import plan_pdf, plan_xlsx
from samverka.platform.plans.forms import PLAN_ACTION_FORM
from samverka.platform.plans.page_tables import split_tables
from samverka.platform.plans.services import approval, council, drafting, reports, visibility
from samverka.platform.plans.services.action_plans import access_plan, plan_rows_of_region
from samverka.platform.plans.services.pages import plan_page
from samverka.platform.plans.views import bp
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on


@bp.get("/regions/<int:region_id>/action-plans")
@login_required
def region_plans(region_id: int):
    principal = current_principal()
    region, plans = plan_rows_of_region(db.session, principal, region_id)
    return render_template(
        "plans/list.html",
        region=region,
        next_year=local_today(CURRENCY_COUNTRIES[region.currency]).year + 1,
        plans=plans,
        may_write=holds_on(principal, region, perm.REGION_PLAN_WRITE),
        may_configure=holds_on(principal, region, perm.REGION_SETTINGS_WRITE),
    )


@bp.post("/regions/<int:region_id>/action-plans/draft")
@login_required
def request_draft(region_id: int):
    year = earliest_local_today().year + 1
    drafted = drafting.draft_now(db.session, current_principal(), region_id, year)
    return commit_and_redirect(_drafted_message(drafted, year), ".plan", plan_id=drafted.plan.id)


def _drafted_message(drafted: drafting.Drafted, year: int) -> str:
    """What the drafting did, said on the plan it did it to (nothing to reload: it is done)."""
    if not drafted.plan.is_draft:
        status = labels.PLAN_STATUS_LABELS[drafted.plan.status]
        return _(
            "The plan for %(year)s is no longer a draft (%(status)s): it was left as it is.", year=year, status=status
        )
    if drafted.created:
        return ngettext(
            "The plan for %(year)s was drafted with %(num)d item.",
            "The plan for %(year)s was drafted with %(num)d items.",
            drafted.added,
            year=year,
        )
    if drafted.added:
        return ngettext(
            "%(num)d new item was added to the draft for %(year)s.",
            "%(num)d new items were added to the draft for %(year)s.",
            drafted.added,
            year=year,
        )
    return _("The draft for %(year)s already holds everything there is to add.", year=year)


def _plan_page(plan_id: int, form: HtmlForm | None = None):
    page = plan_page(db.session, current_principal(), plan_id)
    amount = money_in(page.plan.currency)
    return render_template(
        "plans/plan.html",
        page=page,
        form=form or HtmlForm(PLAN_ACTION_FORM),
        amount=amount,
        split_tables=split_tables(page, amount) if page.shows_amounts else (),
        budget_csv_link=id_links(".budget_csv", "tenant_id"),
    )


@bp.get("/action-plans/<int:plan_id>")
@login_required
def plan(plan_id: int):
    return _plan_page(plan_id)


def _refused(plan_id: int, refused):
    return _plan_page(plan_id, HtmlForm(PLAN_ACTION_FORM).refuse(refused))


@bp.post("/action-plans/<int:plan_id>/submit")
@login_required
def submit(plan_id: int):
    principal = current_principal()
    found = access_plan(db.session, principal, plan_id, perm.REGION_PLAN_WRITE)
    mailed = sum(len(seat.chiefs) for seat in council.submission_council(db.session, principal, found))
    return act(
        lambda: approval.submit(db.session, principal, found),
        done=lambda _submitted: (
            ngettext(
                "The plan was submitted for approval: %(num)d chief executive is e-mailed and asked to vote.",
                "The plan was submitted for approval: %(num)d chief executives are e-mailed and asked to vote.",
                mailed,
            ),
            url_for(".plan", plan_id=plan_id),
        ),
        refused=lambda refused: _refused(plan_id, refused),
    )


@bp.post("/action-plans/<int:plan_id>/new-version")
@login_required
def new_version(plan_id: int):
    principal = current_principal()
    found = access_plan(db.session, principal, plan_id, perm.REGION_PLAN_WRITE)
    return act(
        lambda: approval.new_version(db.session, principal, found),
        done=lambda created: (
            _("Version %(version)s was made as a draft.", version=created.version),
            url_for(".plan", plan_id=created.id),
        ),
        refused=lambda refused: _refused(plan_id, refused),
    )


@bp.post("/action-plans/<int:plan_id>/public")
@login_required
def set_public(plan_id: int):
    public = request.form.get("public") == "yes"
    visibility.set_public(db.session, current_principal(), plan_id, public)
    message = (
        _("The plan is public: the region's partners see its amounts.")
        if public
        else _("The plan's amounts are hidden from the region's partners.")
    )
    return commit_and_redirect(message, ".plan", plan_id=plan_id)


@bp.get("/action-plans/<int:plan_id>/timeline")
@login_required
def timeline(plan_id: int):
    principal = current_principal()
    plan = access_plan(db.session, principal, plan_id)
    return render_template("plans/timeline.html", plan=plan, shows_amounts=visibility.shows_amounts(principal, plan))


def _export(plan_id: int):
    principal = current_principal()
    found = access_plan(db.session, principal, plan_id, perm.REGION_PLAN_EXPORT)
    return found, reports.plan_export(db.session, principal, found, earliest_local_today())


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
