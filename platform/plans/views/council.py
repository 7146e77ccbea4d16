"""The chief executive's vote on a submitted plan: typed, then sent after an e-ID sign-in at the step-up level."""

from __future__ import annotations

from flask import render_template, session, url_for
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, submit_form
from samverka.platform.core.request import current_principal
from samverka.platform.plans.forms import VOTE_FORM
from samverka.platform.plans.schemas import VoteSchema
from samverka.platform.plans.services import approval
from samverka.platform.plans.services.action_plans import access_plan
from samverka.platform.plans.services.pages import vote_page
from samverka.platform.plans.views import bp
from samverka.tenants.access import require_step_up
from samverka.tenants.permissions import TENANT_PLAN_VOTE


def _vote_page(plan_id: int, form: HtmlForm):
    """The form is shown before the e-ID step-up: sending it asks for level high, and it comes back as typed."""
    principal = current_principal()
    plan = access_plan(db.session, principal, plan_id)
    refusal = str(approval.VOTERS_ONLY) if approval.voting_tenant_id(db.session, principal, plan) is None else None
    page = render_template("plans/vote.html", page=vote_page(db.session, principal, plan), form=form, refusal=refusal)
    return (page, 403) if refusal else page


@bp.get("/action-plans/<int:plan_id>/vote")
@login_required
def vote_form(plan_id: int):
    return _vote_page(plan_id, HtmlForm(VOTE_FORM))


@bp.post("/action-plans/<int:plan_id>/vote")
@login_required
def vote(plan_id: int):
    principal = current_principal()
    plan = access_plan(db.session, principal, plan_id)
    if approval.voting_tenant_id(db.session, principal, plan) is not None:
        require_step_up(principal, TENANT_PLAN_VOTE)  # before the form is read: it is kept for after e-ID
    return submit_form(
        HtmlForm.submitted(VOTE_FORM),
        schema=VoteSchema(),
        change=lambda data: approval.vote(db.session, principal, plan, acr=session.get("acr", ""), **data),
        show=lambda form: _vote_page(plan_id, form),
        done=lambda _cast: (_("Your vote was recorded."), url_for(".plan", plan_id=plan_id)),
    )
