"""The coordinator's page of proposed joint procurements: read the reasons, accept or dismiss."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, submit_form
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.core.routing import id_links
from samverka.platform.matching import services
from samverka.platform.matching.schemas import AcceptSchema, DismissSchema
from samverka.tenants import permissions as perm

bp = Blueprint("matching", __name__, template_folder="templates")

ACCEPT_FORM = {"title": _l("Enter a title, 3 to 200 characters.")}
DISMISS_FORM = {"reason": _l("Say why, 3 to 2000 characters: the region will see it later.")}
STATUS_LABELS = {"open": _l("Open"), "accepted": _l("Accepted"), "dismissed": _l("Dismissed")}


def _page(region_id: int, forms: dict | None = None):
    page = services.proposals_page(db.session, current_principal(), region_id, page_request(request.args))
    return render_template(
        "matching/proposals.html",
        region=page.region,
        rows=page.rows,
        proposals=page.proposals,
        may_decide=page.may_decide,
        forms=forms or {},
        # Each status's label translated once for the page, not once per proposal.
        status_labels={status: str(label) for status, label in STATUS_LABELS.items()},
        # Each proposal's forms and procurement linked without asking url_for for each.
        accept_link=id_links(".accept", "proposal_id"),
        dismiss_link=id_links(".dismiss", "proposal_id"),
        procurement_link=id_links("procurements.procurement", "procurement_id"),
    )


@bp.get("/regions/<int:region_id>/proposals")
@login_required
def proposals(region_id: int):
    return _page(region_id)


def _decide(proposal_id: int, form_spec: dict, schema, change, message: str):
    proposal = services.access_proposal(db.session, current_principal(), proposal_id, perm.REGION_PROPOSALS_READ)
    region_id = proposal.region_id
    return submit_form(
        HtmlForm.submitted(form_spec),
        schema=schema,
        change=lambda data: change(proposal, data),
        show=lambda form: _page(region_id, {proposal_id: form}),
        done=lambda _result: (message, url_for(".proposals", region_id=region_id)),
    )


@bp.post("/proposals/<int:proposal_id>/accept")
@login_required
def accept(proposal_id: int):
    def change(proposal, data):
        return services.accept_proposal(db.session, current_principal(), proposal, title=data["title"])

    message = _("The proposal was accepted as a draft joint procurement.")
    return _decide(proposal_id, ACCEPT_FORM, AcceptSchema(), change, message)


@bp.post("/proposals/<int:proposal_id>/dismiss")
@login_required
def dismiss(proposal_id: int):
    def change(proposal, data):
        return services.dismiss_proposal(db.session, current_principal(), proposal, reason=data["reason"])

    return _decide(proposal_id, DISMISS_FORM, DismissSchema(), change, _("The proposal was dismissed."))
