"""Proposals in the JSON API: the region's staff read them; the coordinator accepts or dismisses."""

from __future__ import annotations

from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.matching import services
from samverka.platform.matching.models import MatchProposal
from samverka.platform.matching.schemas import AcceptedSchema, AcceptSchema, DismissSchema, ProposalSchema
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region

blp = ApiBlueprint(
    "matching_api",
    __name__,
    url_prefix="/api/v1",
    description="Proposed joint procurements",
    path_models={"region_id": Region, "proposal_id": MatchProposal},
)


@blp.route("/regions/<int:region_id>/proposals")
@blp.arguments(PageArgs, location="query")
@blp.response(200, ProposalSchema(many=True))
def region_proposals(args, region_id: int):
    """Groups of needs the matching proposes as joint procurements, with their reasons; open ones first."""
    return paged(services.region_proposals(db.session, current_principal(), region_id, page_of(args)))


@blp.route("/proposals/<int:proposal_id>/accept", methods=["POST"])
@blp.arguments(AcceptSchema)
@blp.response(201, AcceptedSchema)
def accept(data, proposal_id: int):
    """Accept: the proposal becomes a draft joint procurement holding its needs."""
    principal = current_principal()
    proposal = services.access_proposal(db.session, principal, proposal_id, perm.REGION_PROPOSALS_DECIDE)
    return {"procurement_id": services.accept_proposal(db.session, principal, proposal, title=data["title"])}


@blp.route("/proposals/<int:proposal_id>/dismiss", methods=["POST"])
@blp.arguments(DismissSchema)
@blp.response(200, ProposalSchema)
def dismiss(data, proposal_id: int):
    """Dismiss with a reason: the same group is not proposed again unless one of its needs changes."""
    principal = current_principal()
    proposal = services.access_proposal(db.session, principal, proposal_id, perm.REGION_PROPOSALS_DECIDE)
    services.dismiss_proposal(db.session, principal, proposal, reason=data["reason"])
    return proposal
