"""The JSON API for joint procurements, invitations to join them and their estimated value, under /api/v1.

Path ids are looked up before the body is read, so an object out of reach is a 404 whatever
the body says. The blueprint commits a write once the handler succeeded.
"""

from __future__ import annotations

from flask.views import MethodView

from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.procurements import running, services, value
from samverka.platform.procurements.models import JoinInvitation, JointProcurement
from samverka.platform.procurements.schemas import (
    AggregatedValueSchema,
    AnswerSchema,
    CancelSchema,
    InviteSchema,
    JoinInvitationSchema,
    ProcurementListArgs,
    ProcurementSchema,
    RestartSchema,
    StageChangeSchema,
    StageTransitionSchema,
)
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region

blp = ApiBlueprint(
    "procurements_api",
    __name__,
    url_prefix="/api/v1",
    description="Joint procurements and their stages, invitations to join them, and their aggregated estimated value.",
    path_models={"region_id": Region, "procurement_id": JointProcurement, "join_invitation_id": JoinInvitation},
)


@blp.route("/regions/<int:region_id>/procurements")
class Procurements(MethodView):
    @blp.arguments(ProcurementListArgs, location="query")
    @blp.response(200, ProcurementSchema(many=True))
    def get(self, args, region_id: int):
        """The region's joint procurements, newest first (its members, partners and staff), by stage if asked."""
        found = services.list_procurements(
            db.session,
            current_principal(),
            region_id,
            page_of(args),
            stage=args.get("stage"),
            participating=args["participating"],
        )
        return paged(found)

    @blp.arguments(ProcurementSchema)
    @blp.response(201, ProcurementSchema)
    def post(self, procurement, region_id: int):
        """Create a draft joint procurement from scratch (the region's coordinator)."""
        return services.create_procurement(db.session, current_principal(), region_id, **procurement)


@blp.route("/procurements/<int:procurement_id>")
@blp.response(200, ProcurementSchema)
def procurement_detail(procurement_id: int):
    """One joint procurement."""
    return services.access_procurement(db.session, current_principal(), procurement_id, perm.REGION_PROCUREMENTS_READ)


@blp.route("/procurements/<int:procurement_id>/transitions", methods=["POST"])
@blp.arguments(StageTransitionSchema)
@blp.response(200, ProcurementSchema)
def procurement_transition(transition, procurement_id: int):
    """Move the procurement to the next stage (the region's purchaser or coordinator).

    422 if the table does not allow it or a gate holds (``errors.json.missing`` lists each missing item
    with the role that must do it); 409 if it is no longer at ``expected``.
    """
    principal = current_principal()
    return running.advance(db.session, principal, procurement_id, transition["to"], transition["expected"])


@blp.route("/procurements/<int:procurement_id>/cancel", methods=["POST"])
@blp.arguments(CancelSchema)
@blp.response(200, ProcurementSchema)
def procurement_cancel(cancel, procurement_id: int):
    """Cancel before the contract is signed; the participants and the region's partners are e-mailed."""
    principal = current_principal()
    return running.cancel(
        db.session,
        principal,
        procurement_id,
        reason=cancel["reason"],
        text=cancel["text"],
        expected_stage=cancel["expected"],
    )


@blp.route("/procurements/<int:procurement_id>/restart", methods=["POST"])
@blp.arguments(RestartSchema)
@blp.response(201, ProcurementSchema)
def procurement_restart(restart, procurement_id: int):
    """A new procurement from a cancelled one, with the same needs; the two link to each other."""
    return running.restart(db.session, current_principal(), procurement_id, title=restart["title"])


@blp.route("/procurements/<int:procurement_id>/history")
@blp.arguments(PageArgs, location="query")
@blp.response(200, StageChangeSchema(many=True))
def procurement_history(args, procurement_id: int):
    """Each step of the procurement, the earliest first: from which stage to which, who and when."""
    return paged(running.history(db.session, current_principal(), procurement_id, page_of(args)))


@blp.route("/procurements/<int:procurement_id>/join-invitations")
class ProcurementInvitations(MethodView):
    @blp.response(200, JoinInvitationSchema(many=True))
    def get(self, procurement_id: int):
        """The invitations sent and the answers so far (the region's staff)."""
        principal = current_principal()
        procurement = services.access_procurement(db.session, principal, procurement_id, perm.REGION_JOIN_ANSWERS_READ)
        return services.answers(db.session, principal, procurement)

    @blp.arguments(InviteSchema)
    @blp.response(201, JoinInvitationSchema(many=True))
    def post(self, invite, procurement_id: int):
        """Invite member municipalities (all when ``tenant_ids`` is empty); each gets an e-mail."""
        principal = current_principal()
        procurement = services.access_procurement(db.session, principal, procurement_id, perm.REGION_PROCUREMENTS_WRITE)
        return services.invite_tenants(db.session, principal, procurement, **invite)


@blp.route("/procurements/<int:procurement_id>/estimated-value")
@blp.response(200, AggregatedValueSchema)
def procurement_estimated_value(procurement_id: int):
    """The aggregated estimated value and the thresholds it reaches; contributions as far as the caller may see."""
    principal = current_principal()
    procurement = services.access_procurement(db.session, principal, procurement_id, perm.REGION_PROCUREMENTS_READ)
    return value.procurement_value(db.session, principal, procurement)


@blp.route("/join-invitations")
@blp.arguments(PageArgs, location="query")
@blp.response(200, JoinInvitationSchema(many=True))
def my_join_invitations(args):
    """Invitations to join sent to the principal's own municipalities, nearest deadline first."""
    return paged(services.my_join_invitations(db.session, current_principal(), page_of(args)))


@blp.route("/join-invitations/<int:join_invitation_id>")
@blp.response(200, JoinInvitationSchema)
def join_invitation_detail(join_invitation_id: int):
    """One invitation to join (the invited municipality and the region's staff)."""
    return services.access_join_invitation(db.session, current_principal(), join_invitation_id)


@blp.route("/join-invitations/<int:join_invitation_id>/answer", methods=["POST"])
@blp.arguments(AnswerSchema)
@blp.response(200, JoinInvitationSchema)
def answer_join_invitation(answer, join_invitation_id: int):
    """Join or decline, with a comment, until the end of the deadline day (the invited IT coordinator)."""
    principal = current_principal()
    invitation = services.access_join_invitation(db.session, principal, join_invitation_id, perm.TENANT_JOIN_ANSWER)
    return services.answer(db.session, principal, invitation, **answer)


@blp.route("/join-invitations/<int:join_invitation_id>/estimated-value")
@blp.response(200, AggregatedValueSchema)
def invitation_estimated_value(join_invitation_id: int):
    """For the invited municipality: the procurement's total and the thresholds it reaches, no one's figures."""
    principal = current_principal()
    invitation = services.access_join_invitation(db.session, principal, join_invitation_id)
    return value.invitation_value(db.session, principal, invitation)
