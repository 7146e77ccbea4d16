"""The JSON API for regions, tenants, partners, users, roles and invitations, under /api/v1.

Handlers translate HTTP to service calls and back; the services decide what the principal
may see and do. The blueprint commits a write once its handler succeeded, so a refused or
invalid request leaves nothing behind.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from marshmallow import Schema, fields

from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.core.schemas import Choice, Computed
from samverka.tenants import permissions as perm
from samverka.tenants.models import PartnerOrganisation, Region, Tenant
from samverka.tenants.roles import ROLE_NAMES, Role, ScopeKind
from samverka.tenants.schemas import (
    InvitationDecisionSchema,
    InvitationSchema,
    PartnerRecipientSchema,
    PartnerSchema,
    RegionSchema,
    RoleChangeSchema,
    TenantSchema,
    TenantUserSchema,
)
from samverka.tenants.services import directory, invitation_decisions, invitations, roles

DESCRIPTION = """Regions, tenants, partner organisations, users, roles and invitations.

Authentication: sign in with e-ID in the browser (`/login`); the API uses the same
session cookie. Every endpoint answers 401 without a signed-in session.

CSRF: because the cookie is sent automatically, every POST and DELETE must carry
the header `X-CSRFToken` with a token from `GET /api/v1/csrf-token` (valid for that
session). Without it the request is refused with 400.

Errors always have the shape `{"code", "status", "message", "errors"}`; bad input is
422 with messages per field under `errors.json`. Another tenant's object is 404."""

blp = ApiBlueprint(
    "tenancy",
    __name__,
    url_prefix="/api/v1",
    description=DESCRIPTION,
    path_models={"region_id": Region, "tenant_id": Tenant, "partner_id": PartnerOrganisation},
)


class GrantSchema(Schema):
    role = Choice(ROLE_NAMES)
    scope = Computed(lambda grant: Role(grant.role).scope_kind.value, Choice(kind.value for kind in ScopeKind))
    tenant_id = fields.Integer(allow_none=True)
    region_id = fields.Integer(allow_none=True)
    partner_id = fields.Integer(allow_none=True)


class PrincipalSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    roles = fields.List(fields.Nested(GrantSchema))


class CsrfTokenSchema(Schema):
    csrf_token = fields.String(metadata={"description": "Send as the X-CSRFToken header on writes."})


def _grant_order(grant) -> tuple:
    return grant.role, grant.tenant_id or 0, grant.region_id or 0, grant.partner_id or 0


@blp.route("/me")
@blp.response(200, PrincipalSchema)
def me():
    """Who is signed in, and which roles they hold in which scopes."""
    principal = current_principal()
    return {"id": principal.user_id, "name": current_user.name, "roles": sorted(principal.grants, key=_grant_order)}


@blp.route("/csrf-token")
@blp.response(200, CsrfTokenSchema)
def csrf_token():
    """A CSRF token for this session: send it as the X-CSRFToken header on every POST and DELETE."""
    return {"csrf_token": generate_csrf()}


@blp.route("/regions")
class Regions(MethodView):
    @blp.response(200, RegionSchema(many=True))
    def get(self):
        """The regions the principal may read."""
        return directory.list_regions(db.session)

    @blp.arguments(RegionSchema)
    @blp.response(201, RegionSchema)
    def post(self, region):
        """Create a region (platform operators)."""
        return directory.create_region(db.session, current_principal(), **region)


@blp.route("/regions/<int:region_id>")
@blp.response(200, RegionSchema)
def region_detail(region_id: int):
    """One region."""
    return directory.access_region(db.session, current_principal(), region_id, perm.REGION_READ)


@blp.route("/regions/<int:region_id>/tenants")
@blp.response(200, TenantSchema(many=True))
def region_tenants(region_id: int):
    """The member municipalities of a region (regional roles)."""
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id, perm.REGION_READ)
    return directory.region_members(db.session, principal, region)


@blp.route("/regions/<int:region_id>/partners")
class RegionPartners(MethodView):
    @blp.response(200, PartnerSchema(many=True))
    def get(self, region_id: int):
        """The partner organisations of a region."""
        region = directory.access_region(db.session, current_principal(), region_id, perm.REGION_READ)
        return directory.region_partners(db.session, region)

    @blp.arguments(PartnerSchema)
    @blp.response(201, PartnerSchema)
    def post(self, partner, region_id: int):
        """Attach a partner organisation to a region (the region's coordinator)."""
        return directory.create_partner(db.session, current_principal(), region_id, **partner)


@blp.route("/partners/<int:partner_id>/recipient", methods=["PUT"])
@blp.arguments(PartnerRecipientSchema)
@blp.response(200, PartnerSchema)
def partner_recipient(body, partner_id: int):
    """Mark a partner as receiving the signed papers of each delivery, or no longer (the region's coordinator)."""
    return directory.mark_recipient(db.session, current_principal(), partner_id, body["receives_signed_papers"])


@blp.route("/tenants")
class Tenants(MethodView):
    @blp.response(200, TenantSchema(many=True))
    def get(self):
        """The municipalities the principal may list: its own, and those of regions it coordinates."""
        return directory.list_tenants(db.session)

    @blp.arguments(TenantSchema)
    @blp.response(201, TenantSchema)
    def post(self, tenant):
        """Onboard a municipality into one or more regions (platform operators)."""
        return directory.create_tenant(db.session, current_principal(), **tenant)


@blp.route("/tenants/<int:tenant_id>")
@blp.response(200, TenantSchema)
def tenant_detail(tenant_id: int):
    """One municipality."""
    return directory.access_tenant(db.session, current_principal(), tenant_id, perm.TENANT_READ)


@blp.route("/tenants/<int:tenant_id>/users")
@blp.response(200, TenantUserSchema(many=True))
def tenant_users(tenant_id: int):
    """The people who hold a role in a municipality, with those roles."""
    principal = current_principal()
    tenant = directory.access_tenant(db.session, principal, tenant_id, perm.TENANT_READ)
    return [
        {"id": user.id, "name": user.name, "email": user.email, "roles": held}
        for user, held in directory.tenant_users(db.session, principal, tenant)
    ]


@blp.route("/tenants/<int:tenant_id>/roles")
class TenantRoles(MethodView):
    @blp.arguments(RoleChangeSchema)
    @blp.response(200, RoleChangeSchema)
    def post(self, change, tenant_id: int):
        """Give a person who already works for the municipality another tenant role."""
        roles.grant_tenant_role(
            db.session, current_principal(), tenant_id=tenant_id, user_id=change["user_id"], role=Role(change["role"])
        )
        return change

    @blp.arguments(RoleChangeSchema)
    @blp.response(204)
    def delete(self, change, tenant_id: int):
        """Take a tenant role away from a person."""
        roles.revoke_tenant_role(
            db.session, current_principal(), tenant_id=tenant_id, user_id=change["user_id"], role=Role(change["role"])
        )


@blp.route("/invitations")
class Invitations(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, InvitationSchema(many=True))
    def get(self, args):
        """Invitations into the scopes the principal administers, newest first."""
        return paged(invitations.list_invitations(db.session, page_of(args)))

    @blp.arguments(InvitationSchema)
    @blp.response(201, InvitationSchema)
    def post(self, invitation):
        """Invite a person to hold a role in a tenant, region or partner organisation (``scope_id``)."""
        return invitations.create_invitation(
            db.session, current_principal(), **{**invitation, "role": Role(invitation["role"])}
        )


@blp.route("/invitations/<int:invitation_id>/confirm", methods=["POST"])
@blp.arguments(InvitationDecisionSchema)
@blp.response(200, InvitationSchema)
def confirm_invitation(body, invitation_id: int):
    """Give the role to the person who accepted an invitation naming nobody (status awaiting_confirmation)."""
    return invitation_decisions.decide(db.session, current_principal(), invitation_id, confirm=True, **body)


@blp.route("/invitations/<int:invitation_id>/reject", methods=["POST"])
@blp.arguments(InvitationDecisionSchema)
@blp.response(200, InvitationSchema)
def reject_invitation(body, invitation_id: int):
    """Refuse the person who accepted: nobody gets the invitation's role."""
    return invitation_decisions.decide(db.session, current_principal(), invitation_id, confirm=False, **body)
