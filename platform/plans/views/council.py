"""The chief executive's vote on a submitted plan, after an e-ID sign-in at level high."""

from __future__ import annotations

from flask import render_template, session
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.auth import stepup
from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.needs.forms import submitted_with_errors
from samverka.platform.plans.forms import VOTE_FORM
from samverka.platform.plans.schemas import VoteSchema
from samverka.platform.plans.services import approval
from samverka.platform.plans.services.access import RuleViolation, access_plan
from samverka.platform.plans.views import bp
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants.forms import HtmlForm
from samverka.tenants.services.directory import PermissionDenied


def _vote_page(plan_id: int, form: HtmlForm, status: int = 200):
    principal = current_principal()
    plan = access_plan(db.session, principal, plan_id)
    voter = approval.voting_tenant_id(db.session, principal, plan)
    refusal = str(approval.VOTERS_ONLY) if voter is None else None
    return render_template("plans/vote.html", plan=plan, form=form, refusal=refusal), 403 if refusal else status


@bp.get("/action-plans/<int:plan_id>/vote")
@login_required
def vote_form(plan_id: int):
    return _vote_page(plan_id, HtmlForm(VOTE_FORM))


@bp.post("/action-plans/<int:plan_id>/vote")
@login_required
def vote(plan_id: int):
    access_plan(db.session, current_principal(), plan_id)  # another region's plan is a 404, before any step-up
    return _cast_vote(plan_id)


@stepup.require_acr(stepup.HIGH)
def _cast_vote(plan_id: int):
    principal = current_principal()
    plan = access_plan(db.session, principal, plan_id)
    form = HtmlForm.submitted(VOTE_FORM)
    data = form.load(VoteSchema())
    if data is None:
        return _vote_page(plan_id, form, UNPROCESSABLE)
    try:
        approval.vote(db.session, principal, plan, acr=session.get("acr", ""), **data)
    except PermissionDenied:
        return _vote_page(plan_id, form, 403)
    except RuleViolation as refused:
        db.session.rollback()
        return _vote_page(plan_id, submitted_with_errors(form, refused.messages()), UNPROCESSABLE)
    return commit_and_redirect(_("Your vote was recorded."), ".plan", plan_id=plan_id)
