"""Pages for regions, tenants, partner organisations, users, roles and invitations.

Views translate HTTP into service calls and back: the services check permissions
and the tenancy guard hides other tenants' rows. A ``NotFoundError`` (missing, or
not yours) is a 404 and ``PermissionDenied`` a 403, for every page (``core.errors``).
After a change: commit, a translated confirmation, and a redirect (post/redirect/get).
Bad input re-shows the page with what to fix, status 422, and nothing is written.
"""

from __future__ import annotations

import functools

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.exc import IntegrityError

from samverka.platform.auth import stepup
from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.ui.labels import ROLE_LABELS
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import (
    COORDINATOR_FORM,
    FORM_ERROR,
    INVITATION_FORM,
    PARTNER_FORM,
    REGION_FORM,
    ROLE_FORM,
    TENANT_FORM,
    HtmlForm,
)
from samverka.tenants.roles import Role
from samverka.tenants.schemas import InvitationSchema, PartnerSchema, RegionSchema, RoleChangeSchema, TenantSchema
from samverka.tenants.services import directory, listing, roles
from samverka.tenants.services.invitations import create_invitation

bp = Blueprint("tenants", __name__, template_folder="templates")


def _operator_only(permission: str):
    """Refuse what can never succeed before the step-up asks for a stronger e-ID level.

    A region one cannot see is a 404 and a role without ``permission`` a 403, as on
    every other route; only an operator is sent through e-ID again.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapped(**view_args):
            principal = current_principal()
            if "region_id" in view_args:
                directory.access_region(db.session, principal, view_args["region_id"])
            directory.require(principal, permission)
            return view(**view_args)

        return wrapped

    return decorate


# --- Operator: regions and tenants -------------------------------------------------------------


def _operator_regions_page(form: HtmlForm, status: int = 200):
    principal = current_principal()
    directory.require(principal, perm.PLATFORM_REGIONS_MANAGE)
    regions = directory.list_regions(db.session, principal)
    return render_template(
        "tenants/operator_regions.html", regions=regions, form=form, page_url=url_for(".operator_regions")
    ), status


@bp.get("/operator/regions")
@login_required
def operator_regions():
    return _operator_regions_page(HtmlForm(REGION_FORM, {"currency": "NOK"}))


@bp.post("/operator/regions")
@login_required
@_operator_only(perm.PLATFORM_REGIONS_MANAGE)
@stepup.require_acr(stepup.HIGH)
def create_region():
    form = HtmlForm.submitted(REGION_FORM)
    data = form.load(RegionSchema())
    if data is None:
        return _operator_regions_page(form, UNPROCESSABLE)
    try:
        created = directory.create_region(db.session, current_principal(), **data)
    except IntegrityError:
        db.session.rollback()
        form.fail("name", _("A region with this name already exists."))
        return _operator_regions_page(form, UNPROCESSABLE)
    return commit_and_redirect(_("The region %(name)s was created.", name=created.name), ".operator_regions")


def _operator_tenants_page(form: HtmlForm, status: int = 200):
    principal = current_principal()
    directory.require(principal, perm.PLATFORM_TENANTS_MANAGE)
    return render_template(
        "tenants/operator_tenants.html",
        form=form,
        page_url=url_for(".operator_tenants"),
        tenants=directory.list_tenants(db.session, principal),
        regions=directory.list_regions(db.session, principal),
    ), status


@bp.get("/operator/tenants")
@login_required
def operator_tenants():
    return _operator_tenants_page(HtmlForm(TENANT_FORM, {"country": "NO"}))


@bp.post("/operator/tenants")
@login_required
@_operator_only(perm.PLATFORM_TENANTS_MANAGE)
@stepup.require_acr(stepup.HIGH)
def create_tenant():
    form = HtmlForm.submitted(TENANT_FORM, lists=("region_ids",))
    data = form.load(TenantSchema())
    if data is None:
        return _operator_tenants_page(form, UNPROCESSABLE)
    try:
        created = directory.create_tenant(db.session, current_principal(), **data)
    except IntegrityError:
        db.session.rollback()
        form.fail(FORM_ERROR, _("A municipality with this municipality number or organisation number already exists."))
        return _operator_tenants_page(form, UNPROCESSABLE)
    message = _("The municipality %(name)s was created.", name=created.name)
    return commit_and_redirect(message, ".operator_tenants")


@bp.post("/operator/regions/<int:region_id>/coordinators")
@login_required
@_operator_only(perm.PLATFORM_INVITE_COORDINATOR)
@stepup.require_acr(stepup.HIGH)
def invite_coordinator(region_id: int):
    form = HtmlForm.submitted(COORDINATOR_FORM)
    data = form.load(InvitationSchema(), {**form.values, "role": Role.COORDINATOR.value, "scope_id": region_id})
    if data is None:
        return _region_page(region_id, UNPROCESSABLE, coordinator_form=form)
    return _invite(data, region_id)


# --- Regions: partners and invitations ---------------------------------------------------------


def _region_page(region_id: int, status: int = 200, **forms: HtmlForm):
    page = listing.region_page(db.session, current_principal(), region_id)
    blank = {
        "partner_form": HtmlForm(PARTNER_FORM),
        "invite_form": HtmlForm(INVITATION_FORM),
        "coordinator_form": HtmlForm(COORDINATOR_FORM),
    }
    return render_template(
        "tenants/region.html", page=page, page_url=url_for(".region", region_id=region_id), **{**blank, **forms}
    ), status


@bp.get("/regions/<int:region_id>")
@login_required
def region(region_id: int):
    return _region_page(region_id)


@bp.post("/regions/<int:region_id>/partners")
@login_required
def add_partner(region_id: int):
    principal = current_principal()
    found_region = directory.access_region(db.session, principal, region_id)
    form = HtmlForm.submitted(PARTNER_FORM)
    data = form.load(PartnerSchema())
    if data is None:
        return _region_page(region_id, UNPROCESSABLE, partner_form=form)
    partner = directory.create_partner(db.session, principal, found_region, **data)
    message = _("%(name)s was added as a partner organisation.", name=partner.name)
    return commit_and_redirect(message, ".region", region_id=region_id)


@bp.post("/regions/<int:region_id>/invitations")
@login_required
def invite(region_id: int):
    """Invite someone to one of the roles the region's page offers (a tenant, the region or a partner)."""
    page = listing.region_page(db.session, current_principal(), region_id)
    if not page.invite_choices:
        abort(403)
    form = HtmlForm.submitted(INVITATION_FORM)
    choice = page.choice(form.values.get("appointment"))
    payload = {key: form.values[key] for key in ("name", "email") if key in form.values}
    if choice is not None:
        payload.update(role=choice.role.value, scope_id=choice.scope_id)
    data = form.load(InvitationSchema(), payload, shown_as={"role": "appointment", "scope_id": "appointment"})
    if data is None:
        return _region_page(region_id, UNPROCESSABLE, invite_form=form)
    return _invite(data, region_id)


def _invite(data: dict, region_id: int):
    invitation = create_invitation(
        db.session,
        current_principal(),
        email=data["email"],
        name=data["name"],
        role=Role(data["role"]),
        scope_id=data["scope_id"],
    )
    message = _("An invitation is on its way to %(email)s.", email=invitation.email)
    return commit_and_redirect(message, ".region", region_id=region_id)


# --- Tenants: users and roles ------------------------------------------------------------------


def _tenant_page(tenant_id: int, status: int = 200, **forms: HtmlForm):
    page = listing.tenant_page(db.session, current_principal(), tenant_id)
    blank = {"role_form": HtmlForm(ROLE_FORM), "revoke_form": HtmlForm(ROLE_FORM)}
    return render_template(
        "tenants/tenant.html", page=page, page_url=url_for(".tenant", tenant_id=tenant_id), **{**blank, **forms}
    ), status


@bp.get("/tenants/<int:tenant_id>")
@login_required
def tenant(tenant_id: int):
    return _tenant_page(tenant_id)


@bp.post("/tenants/<int:tenant_id>/roles")
@login_required
def grant_role(tenant_id: int):
    form = HtmlForm.submitted(ROLE_FORM)
    data = form.load(RoleChangeSchema())
    if data is None:
        return _tenant_page(tenant_id, UNPROCESSABLE, role_form=form)
    assignment = roles.grant_tenant_role(
        db.session, current_principal(), tenant_id=tenant_id, user_id=data["user_id"], role=Role(data["role"])
    )
    message = _("%(name)s now holds the role %(role)s.", name=assignment.user.name, role=_role_label(data["role"]))
    return commit_and_redirect(message, ".tenant", tenant_id=tenant_id)


@bp.post("/tenants/<int:tenant_id>/roles/revoke")
@login_required
def revoke_role(tenant_id: int):
    form = HtmlForm.submitted(ROLE_FORM)
    data = form.load(RoleChangeSchema())
    if data is None:
        return _tenant_page(tenant_id, UNPROCESSABLE, revoke_form=form)
    roles.revoke_tenant_role(
        db.session, current_principal(), tenant_id=tenant_id, user_id=data["user_id"], role=Role(data["role"])
    )
    message = _("The role %(role)s was removed.", role=_role_label(data["role"]))
    return commit_and_redirect(message, ".tenant", tenant_id=tenant_id)


def _role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)])


# --- Invitations -------------------------------------------------------------------------------


@bp.get("/invitations")
@login_required
def invitations():
    rows = listing.list_invitations(db.session, current_principal())
    return render_template("tenants/invitations.html", rows=rows)
