"""The coordinator's page of proposed joint procurements: read the reasons, accept or dismiss."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.matching import services
from samverka.platform.matching.schemas import AcceptSchema, DismissSchema
from samverka.platform.matching.wording import reasons_sentence
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import HtmlForm
from samverka.tenants.services import directory

bp = Blueprint("matching", __name__, template_folder="templates")
ACCEPT_FORM = {"title": _l("Enter a title, 3 to 200 characters.")}
DISMISS_FORM = {"reason": _l("Say why, 3 to 2000 characters: the region will see it later.")}
STATUS_LABELS = {"open": _l("Open"), "accepted": _l("Accepted"), "dismissed": _l("Dismissed")}


def _rows(principal, region_id: int) -> list[dict]:
    tenants = {t.id: t.name for t in directory.list_tenants(db.session, principal)}
    rows = []
    for proposal in services.region_proposals(db.session, principal, region_id):
        needs = services.proposal_needs(db.session, proposal)
        rows.append(
            {
                "proposal": proposal,
                "reasons": reasons_sentence(proposal.reasons),
                "needs": [(n, tenants.get(n.tenant_id, "")) for n in needs],
                "default_title": needs[0].title if needs else "",
            }
        )
    return rows


def _page(region_id: int, forms: dict | None = None, status: int = 200):
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id)
    return render_template(
        "matching/proposals.html",
        region=region,
        rows=_rows(principal, region.id),
        forms=forms or {},
        status_labels=STATUS_LABELS,
        may_decide=perm.has_permission(principal, perm.REGION_PROPOSALS_DECIDE, region_id=region.id),
    ), status


@bp.get("/regions/<int:region_id>/proposals")
@login_required
def proposals(region_id: int):
    return _page(region_id)


def _decide(proposal_id: int, form_spec: dict, schema, action):
    principal = current_principal()
    proposal = services.access_proposal(db.session, principal, proposal_id)
    form = HtmlForm.submitted(form_spec)
    data = form.load(schema)
    if data is None:
        return _page(proposal.region_id, {proposal.id: form}, UNPROCESSABLE)
    try:
        message = action(principal, proposal, data)
    except services.DecisionRefused:
        db.session.rollback()
        form.fail(next(iter(form_spec)), _("This proposal has already been decided."))
        return _page(proposal.region_id, {proposal.id: form}, UNPROCESSABLE)
    return commit_and_redirect(message, ".proposals", region_id=proposal.region_id)


@bp.post("/proposals/<int:proposal_id>/accept")
@login_required
def accept(proposal_id: int):
    def act(principal, proposal, data):
        services.accept_proposal(db.session, principal, proposal, title=data["title"])
        return _("The proposal was accepted as a draft joint procurement.")

    return _decide(proposal_id, ACCEPT_FORM, AcceptSchema(), act)


@bp.post("/proposals/<int:proposal_id>/dismiss")
@login_required
def dismiss(proposal_id: int):
    def act(principal, proposal, data):
        services.dismiss_proposal(db.session, principal, proposal, reason=data["reason"])
        return _("The proposal was dismissed.")

    return _decide(proposal_id, DISMISS_FORM, DismissSchema(), act)
